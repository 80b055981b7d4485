using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Rounds;

public sealed record PersonaOpeningView(Persona Persona, string Name, int HeadCount);

public sealed record StepView(RoundStep Step, string Name, string Status, DateTimeOffset? CompletedAt);

/// <param name="WaitingUntil">The deadline of the wait, also when it has passed (then <paramref name="Overdue"/>).</param>
/// <param name="AlsoWaitingFor">Others who may act on the wait (the operator may still accept an overdue commission).</param>
public sealed record RoundView(
    string RoundId,
    string InstanceId,
    int FiscalYear,
    string Title,
    string OperatorName,
    IReadOnlyList<PersonaOpeningView> Personas,
    RoundSchedule Schedule,
    RoundState State,
    string StateName,
    RoundStep Step,
    string StepName,
    string? WaitingFor,
    DateTimeOffset? WaitingUntil,
    DateTimeOffset? WaitingSince,
    bool Overdue,
    IReadOnlyList<string> AlsoWaitingFor,
    string? RuntimeStatus,
    RoundCounts Counts,
    IReadOnlyList<StepView> Steps,
    bool HasContract,
    DateTimeOffset CreatedAt,
    RoundStall? Stall,
    string StandardVersion);

public static class RoundViews
{
    /// <summary>The state in which each step is over.</summary>
    private static readonly (RoundStep Step, RoundState DoneAt)[] StepEnds =
    [
        (RoundStep.Commission, RoundState.CommissionAccepted),
        (RoundStep.Advertise, RoundState.AcceptingApplications),
        (RoundStep.Apply, RoundState.Screening),
        (RoundStep.Select, RoundState.Training),
        (RoundStep.Train, RoundState.Publishing),
        (RoundStep.Publish, RoundState.Appointing),
        (RoundStep.Appoint, RoundState.Completed),
    ];

    public static RoundView From(RoundRecord round, OrchestrationMetadata? instance)
    {
        RoundStatus? status = null;
        if (instance?.SerializedCustomStatus is { Length: > 0 } raw)
        {
            status = RoundStatuses.Read(raw);

            // The stored state moves first; until the orchestrator has said what it waits for next, say nothing.
            if (status is not null && status.State != round.State)
            {
                status = null;
            }
        }

        var current = RoundStateMachine.StepOf(round.State);
        var steps = StepEnds.Select(s =>
        {
            var done = round.StateTimes.TryGetValue(s.DoneAt, out var at);
            var state = done ? "completed" : s.Step == current && round.State is not (RoundState.Completed or RoundState.Cancelled) ? "inProgress" : "pending";
            return new StepView(s.Step, RoundStateMachine.DisplayName(s.Step), state, done ? at : null);
        }).ToList();

        return new RoundView(
            round.RoundId,
            round.InstanceId,
            round.FiscalYear,
            round.Title,
            round.OperatorName,
            round.Personas.Select(p => new PersonaOpeningView(p.Persona, SkillStandardCatalog.DisplayName(p.Persona), p.HeadCount)).ToList(),
            round.Schedule,
            round.State,
            RoundStateMachine.DisplayName(round.State),
            current,
            RoundStateMachine.DisplayName(current),
            status?.Wait.WaitingFor,
            status?.Wait.Deadline,
            status?.Wait.Since,
            status?.Wait.Overdue ?? false,
            status?.Wait.Also.Select(p => p.Role).ToList() ?? [],
            instance?.RuntimeStatus.ToString(),
            round.Counts,
            steps,
            round.HasContract,
            round.CreatedAt,
            round.Lifecycle.Stall,
            round.StandardVersion);
    }
}

/// <summary>The rounds dashboard: every round, its step, and what and whom it waits for.</summary>
public sealed class ListRounds(AccessGate access, RoundStore rounds)
{
    [Function(nameof(ListRounds))]
    [ApiOperation("公募ラウンドの一覧")]
    [ApiResponse(200, typeof(Collection<RoundView>))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ListRounds));
        if (denied is not null)
        {
            return denied;
        }

        // An operator or a reviewer sees the rounds its token names and no others.
        var cancellationToken = request.HttpContext.RequestAborted;
        var list = await rounds.ListAsync(cancellationToken);
        var views = new List<RoundView>(list.Count);
        foreach (var round in list.Where(r => actor!.ReachesRound(r.RoundId)))
        {
            views.Add(RoundViews.From(round, await client.GetInstanceAsync(round.InstanceId, getInputsAndOutputs: true, cancellationToken)));
        }

        return ApiResults.Ok(new Collection<RoundView>(views));
    }
}

public sealed class GetRound(AccessGate access, RoundStore rounds)
{
    [Function(nameof(GetRound))]
    [ApiOperation("公募ラウンドの状態")]
    [ApiResponse(200, typeof(RoundView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(GetRound), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var round = await rounds.GetAsync(roundId, cancellationToken);
        if (round is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        return ApiResults.Ok(RoundViews.From(round, await client.GetInstanceAsync(round.InstanceId, getInputsAndOutputs: true, cancellationToken)));
    }
}

/// <summary>
/// A step whose work failed past its retries leaves the round stalled (never failed) and waiting for the ministry;
/// this tries the step again.
/// </summary>
public sealed class ResumeRound(AccessGate access, RoundActions actions)
{
    [Function(nameof(ResumeRound))]
    [ApiOperation("停止した処理を再実行する")]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/resume")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ResumeRound), AccessScope.Round(roundId));
        return denied ?? await actions.ResumeAsync(request, client, actor!, roundId);
    }
}
