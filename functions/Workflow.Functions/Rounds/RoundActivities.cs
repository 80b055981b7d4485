using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;

namespace Workflow.Functions.Rounds;

public sealed record SetRoundStateInput(string RoundId, RoundState State, DateTimeOffset At, RoundCounts Counts);

public sealed record OverdueInput(string RoundId, string What, DateTimeOffset Deadline);

public sealed record RoundAt(string RoundId, DateTimeOffset At);

public sealed class LoadRoundPlan(RoundStore rounds)
{
    [Function(nameof(LoadRoundPlan))]
    public async Task<RoundPlan> Run([ActivityTrigger] string roundId, CancellationToken cancellationToken)
    {
        var round = await rounds.GetAsync(roundId, cancellationToken) ?? throw new InvalidOperationException($"Round {roundId} does not exist.");
        var s = round.Schedule;
        return new RoundPlan(
            round.RoundId,
            s.AcceptCommissionBy,
            s.ApplicationOpensAt,
            s.ApplicationClosesAt,
            s.SelectionDeadline,
            s.TrainingSessions.Max(t => t.StartsAt),
            s.TrainingSessions.Count,
            s.PublicationDate,
            s.AppointmentClosesAt);
    }
}

/// <summary>Stores the state the orchestrator reached, so that HTTP triggers can check what is allowed now.</summary>
public sealed class SetRoundState(RoundStore rounds, BusinessLog log)
{
    [Function(nameof(SetRoundState))]
    public async Task Run([ActivityTrigger] SetRoundStateInput input, CancellationToken cancellationToken)
    {
        var current = await rounds.GetAsync(input.RoundId, cancellationToken) ?? throw new InvalidOperationException($"Round {input.RoundId} does not exist.");
        if (!RoundStateMachine.CanMove(current.State, input.State))
        {
            throw new InvalidOperationException($"Round {input.RoundId} cannot move from {current.State} to {input.State}.");
        }

        await rounds.SetStateAsync(input.RoundId, input.State, input.At, input.Counts, cancellationToken);
        await log.WriteAsync(input.RoundId, input.At, "system", "StateChanged", input.State.ToString(),
            RoundStateMachine.DisplayName(input.State), idempotencyKey: "state-" + input.State, cancellationToken: cancellationToken);
    }
}

public sealed class RecordOverdue(BusinessLog log)
{
    [Function(nameof(RecordOverdue))]
    public Task Run([ActivityTrigger] OverdueInput input, CancellationToken cancellationToken) =>
        log.WriteAsync(input.RoundId, input.Deadline, "system", input.What, null, $"期限: {input.Deadline:O}",
            idempotencyKey: input.What, cancellationToken: cancellationToken);
}
