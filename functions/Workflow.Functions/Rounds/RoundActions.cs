using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Rounds;

public sealed record RoundActionAccepted(string RoundId, string Action, RoundState StateWhenRequested, string Message);

/// <summary>
/// A person's command that closes the round's current state (accept, extend, cancel, publish, close, finalize): it is
/// recorded on the round row first, decided by <see cref="RoundLifecycle"/> and written only if the round did not change
/// meanwhile, so of two people acting at once one is recorded and the other told why not. The orchestration is then
/// woken and acts on what was recorded. A repeat with the same Idempotency-Key gets the first answer, even after a crash
/// between recording and waking (the log line and the wake-up are both safe to send again).
/// </summary>
public sealed class RoundActions(AccessGate access, RoundStore rounds, BusinessLog log, TimeProvider clock)
{
    /// <summary>Authorizes the caller for <paramref name="functionName"/> on the round, then records the command.</summary>
    public async Task<IActionResult> RecordAsync(HttpRequest request, DurableTaskClient client, string roundId, string functionName,
        RoundCommand command, string message)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, functionName, AccessScope.Round(roundId));
        return denied ?? await RecordAsync(request, client, actor!, roundId, command, message);
    }

    /// <summary>Records the command for a caller the trigger has already authorized.</summary>
    public async Task<IActionResult> RecordAsync(HttpRequest request, DurableTaskClient client, Actor actor, string roundId,
        RoundCommand command, string message, DateTimeOffset? newDeadline = null)
    {
        // The round row keeps the key's hash (never the key): a repeat of this command is recognized by it.
        var (key, invalid) = IdempotencyKey.FromHeader(request, $"{command}|{roundId}|{actor.LogName}");
        if (invalid is not null)
        {
            return invalid;
        }

        var commandId = key?.Hash;
        var cancellationToken = request.HttpContext.RequestAborted;
        var (round, decision) = await rounds.RecordCommandAsync(roundId, command, actor.LogName, clock.GetUtcNow(), commandId, newDeadline, cancellationToken);
        if (round is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        if (decision!.Refusal is { } refusal)
        {
            return refusal.IsInvalidInput
                ? ApiResults.Validation([new FieldError(refusal.Field!, refusal.Title)])
                : ApiResults.Conflict(refusal.Title, refusal.Detail);
        }

        // The visit this command closed, now or (a repeat of its key) before: its log line and answer are the first ones.
        var visit = decision.Visit!;
        var closing = visit.Closing;
        await log.WriteAsync(roundId, closing.At, actor.LogName, LoggedAs(command), null, closing.NewDeadline?.ToString("O"),
            idempotencyKey: $"{command}-{visit.StateVersion}", cancellationToken: cancellationToken);
        if (visit.StateVersion == round.Lifecycle.StateVersion)
        {
            // Once the orchestration has moved past the visit it has acted on the command: there is nothing to wake.
            await client.RaiseEventAsync(round.InstanceId, RoundEvents.CommandRecorded, command.ToString(), cancellationToken);
        }

        return ApiResults.Accepted(new RoundActionAccepted(roundId, LoggedAs(command), visit.State, message));
    }

    /// <summary>The ministry asks a stalled round to try its failed step again.</summary>
    public async Task<IActionResult> ResumeAsync(HttpRequest request, DurableTaskClient client, Actor actor, string roundId)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (round, decision) = await rounds.ResumeAsync(roundId, cancellationToken);
        if (round is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        if (decision!.Refusal is { } refusal)
        {
            return ApiResults.Conflict(refusal.Title, refusal.Detail);
        }

        var at = clock.GetUtcNow();
        await log.WriteAsync(roundId, at, actor.LogName, RoundEvents.ResumeRequested, null, null, cancellationToken: cancellationToken);
        await client.RaiseEventAsync(round.InstanceId, RoundEvents.ResumeRequested, actor.LogName, cancellationToken);
        return ApiResults.Accepted(new RoundActionAccepted(roundId, RoundEvents.ResumeRequested, round.State, "停止していた処理を再実行します。"));
    }

    /// <summary>The business log's name for a recorded command (the names auditors have always read).</summary>
    public static string LoggedAs(RoundCommand command) => command switch
    {
        RoundCommand.AcceptCommission => RoundEvents.CommissionAccepted,
        RoundCommand.ExtendCommission => RoundEvents.CommissionDeadlineExtended,
        RoundCommand.CancelRound => RoundEvents.RoundCancelled,
        RoundCommand.PublishCall => RoundEvents.CallPublished,
        RoundCommand.CloseApplicationWindow => RoundEvents.ApplicationWindowClosedEarly,
        RoundCommand.FinalizeSelection => RoundEvents.SelectionFinalized,
        RoundCommand.FinalizeTraining => RoundEvents.TrainingFinalized,
        RoundCommand.CloseRound => RoundEvents.RoundClosed,
        _ => command.ToString(),
    };
}
