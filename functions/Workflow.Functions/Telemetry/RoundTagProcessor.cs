using System.Diagnostics;
using OpenTelemetry;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Telemetry;

/// <summary>
/// Gives every span about a round the tag <see cref="WorkflowTelemetry.RoundIdTag"/>: the durable spans (client,
/// orchestration, activity, timer) by the instance id they carry, whose shape names the round
/// (<see cref="RoundIds.RoundIdOf"/>); and the span of the request or invocation that started or woke the instance, as
/// the in-process parent of the client's span. Only the id is read and written.
/// </summary>
public sealed class RoundTagProcessor : BaseProcessor<Activity>
{
    /// <summary>The Durable Task schema's tags that hold an orchestration instance id.</summary>
    private static readonly string[] InstanceTags = ["durabletask.task.instance_id", "durabletask.event.instance_id"];

    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem(WorkflowTelemetry.RoundIdTag) is not null)
        {
            return;
        }

        foreach (var tag in InstanceTags)
        {
            if (RoundIds.RoundIdOf(data.GetTagItem(tag) as string) is { } roundId)
            {
                data.SetTag(WorkflowTelemetry.RoundIdTag, roundId);

                // The request that scheduled or woke the instance ends after this span, so it is tagged before its export.
                if (data.Parent is { } parent && parent.GetTagItem(WorkflowTelemetry.RoundIdTag) is null)
                {
                    parent.SetTag(WorkflowTelemetry.RoundIdTag, roundId);
                }

                return;
            }
        }
    }
}
