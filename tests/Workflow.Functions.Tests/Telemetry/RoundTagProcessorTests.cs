using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Workflow.Functions.Rounds;
using Workflow.Functions.Telemetry;

namespace Workflow.Functions.Tests.Telemetry;

public sealed class RoundTagProcessorTests
{
    private const string RoundId = "R2026-1a2b3c4d";

    private static readonly ActivitySource Durable = new("DurableTask.Core");
    private static readonly ActivitySource Requests = new("Workflow.Tests.Requests");

    [Theory]
    [InlineData("round-R2026-1a2b3c4d", RoundId)]
    [InlineData("round-R2026-1a2b3c4d-appointment-0123456789ab", RoundId)]
    [InlineData("R2026-1a2b3c4d", null)]
    [InlineData("round-", null)]
    [InlineData("round-R2026 1a2b", null)]
    [InlineData("purge-R2026-1a2b3c4d", null)]
    public void The_round_of_an_instance_id_is_read_from_its_shape(string instanceId, string? roundId)
    {
        Assert.Equal(roundId, RoundIds.RoundIdOf(instanceId));
    }

    [Fact]
    public void A_durable_span_and_the_request_that_started_it_get_the_round_of_its_instance()
    {
        var exported = new List<Activity>();
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .AddSource(Durable.Name, Requests.Name)
                   .AddProcessor(new RoundTagProcessor())
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            using (var request = Requests.StartActivity("POST api/rounds", ActivityKind.Server))
            {
                using var create = Durable.StartActivity("create_orchestration:RecruitingRoundOrchestration", ActivityKind.Producer);
                create!.SetTag("durabletask.task.instance_id", RoundIds.InstanceId(RoundId));
            }

            using (var woken = Requests.StartActivity("POST api/appointments/{appointmentId}/answer", ActivityKind.Server))
            {
                using var raised = Durable.StartActivity("orchestration_event:AppointmentAnswered", ActivityKind.Producer);
                raised!.SetTag("durabletask.event.instance_id", "round-R2026-1a2b3c4d-appointment-0123456789ab");
            }

            using (var other = Durable.StartActivity("activity:PurgeSomething", ActivityKind.Server))
            {
                other!.SetTag("durabletask.task.instance_id", "housekeeping-1");
            }
        }

        Assert.All(exported.Where(a => a.DisplayName != "activity:PurgeSomething"), a => Assert.Equal(RoundId, a.GetTagItem(WorkflowTelemetry.RoundIdTag)));
        Assert.Null(Assert.Single(exported, a => a.DisplayName == "activity:PurgeSomething").GetTagItem(WorkflowTelemetry.RoundIdTag));
        Assert.Equal(5, exported.Count);
    }

    [Fact]
    public void A_tag_already_set_is_kept()
    {
        var exported = new List<Activity>();
        using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(Durable.Name).AddProcessor(new RoundTagProcessor()).AddInMemoryExporter(exported).Build())
        {
            using var span = Durable.StartActivity("activity:SetRoundState");
            span!.SetTag(WorkflowTelemetry.RoundIdTag, "R2026-99999999");
            span.SetTag("durabletask.task.instance_id", RoundIds.InstanceId(RoundId));
        }

        Assert.Equal("R2026-99999999", Assert.Single(exported).GetTagItem(WorkflowTelemetry.RoundIdTag));
    }

    [Theory]
    [InlineData("roundId", RoundId, RoundId)]
    [InlineData("appointmentId", RoundId + "_0123456789ab", RoundId)]
    [InlineData("instanceId", "round-" + RoundId, RoundId)]
    [InlineData("applicationId", "a-0123", null)]
    [InlineData("applicationId", RoundId + "_07_0123456789abcdef0123", RoundId)]
    [InlineData("roundId", "R2026 <script>", null)]
    public void A_route_or_a_binding_names_its_round_by_id_only(string key, string value, string? roundId)
    {
        Assert.Equal(roundId, WorkflowTelemetry.RoundIdFrom(new Dictionary<string, object?> { [key] = value }));
    }
}
