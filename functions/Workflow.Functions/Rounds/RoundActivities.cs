using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Identity;
using Workflow.Functions.Telemetry;

namespace Workflow.Functions.Rounds;

public sealed record SetRoundStateInput(string RoundId, RoundState State, DateTimeOffset At, RoundCounts Counts);

public sealed record OverdueInput(string RoundId, string What, DateTimeOffset Deadline);

public sealed record RoundAt(string RoundId, DateTimeOffset At);

/// <param name="DeadlinePassedAt">Set when the state's deadline passed: it closes the state unless a command did first.</param>
public sealed record ReadRoundClosingInput(string RoundId, DateTimeOffset? DeadlinePassedAt);

public sealed record MarkRoundStalledInput(string RoundId, RoundStep Step, string Activity, DateTimeOffset Since);

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
        var logKey = "state-" + input.State;
        var retried = await log.HasEntryAsync(input.RoundId, input.At, logKey, cancellationToken);
        var round = await rounds.MoveAsync(input.RoundId, input.State, input.At, input.Counts, cancellationToken);
        await log.WriteAsync(input.RoundId, input.At, Actor.SystemLogName, BusinessLogActions.StateChanged, input.State.ToString(),
            RoundStateMachine.DisplayName(input.State), idempotencyKey: logKey, cancellationToken: cancellationToken);

        // A step's duration is one figure per move, so a retry of this activity after its log entry was written
        // records nothing; a crash between the write and this line loses the figure, which a histogram survives
        // better than a double.
        if (!retried && RoundStepDurations.Ended(round.StateTimes, input.State, input.At) is { } ended)
        {
            WorkflowTelemetry.StepDuration.Record(ended.Duration.TotalSeconds,
                new KeyValuePair<string, object?>(WorkflowTelemetry.RoundIdTag, input.RoundId),
                new KeyValuePair<string, object?>(WorkflowTelemetry.StepTag, ended.Step.ToString()));
        }
    }
}

/// <summary>Verifies and seals the round's business log as the round ends, so its final history is fixed then, not at the next timer.</summary>
public sealed class SealRoundLog(LogVerifier verifier)
{
    [Function(nameof(SealRoundLog))]
    public Task Run([ActivityTrigger] string roundId, CancellationToken cancellationToken) => verifier.SealAsync(roundId, cancellationToken);
}

public sealed class RecordOverdue(BusinessLog log)
{
    [Function(nameof(RecordOverdue))]
    public Task Run([ActivityTrigger] OverdueInput input, CancellationToken cancellationToken) =>
        log.WriteAsync(input.RoundId, input.Deadline, Actor.SystemLogName, input.What, null, $"期限: {input.Deadline:O}",
            idempotencyKey: input.What, cancellationToken: cancellationToken);
}

/// <summary>What closed the round's current state, recording the deadline first when it passed.</summary>
public sealed class ReadRoundClosing(RoundStore rounds)
{
    [Function(nameof(ReadRoundClosing))]
    public async Task<RoundClosing?> Run([ActivityTrigger] ReadRoundClosingInput input, CancellationToken cancellationToken)
    {
        if (input.DeadlinePassedAt is { } at)
        {
            return await rounds.CloseByDeadlineAsync(input.RoundId, at, cancellationToken);
        }

        var round = await rounds.GetAsync(input.RoundId, cancellationToken) ?? throw new InvalidOperationException($"Round {input.RoundId} does not exist.");
        return round.Lifecycle.Closing;
    }
}

/// <summary>Shows on the round that a step failed past its retries and waits for the ministry.</summary>
public sealed class MarkRoundStalled(RoundStore rounds, BusinessLog log)
{
    [Function(nameof(MarkRoundStalled))]
    public async Task Run([ActivityTrigger] MarkRoundStalledInput input, CancellationToken cancellationToken)
    {
        await rounds.MarkStalledAsync(input.RoundId, input.Step, input.Activity, input.Since, cancellationToken);
        await log.WriteAsync(input.RoundId, input.Since, Actor.SystemLogName, BusinessLogActions.RoundStalled, input.Activity, RoundStateMachine.DisplayName(input.Step),
            idempotencyKey: "stalled-" + input.Activity, cancellationToken: cancellationToken);
    }
}
