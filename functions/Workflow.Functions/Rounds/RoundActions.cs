using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Rounds;

public sealed record RoundActionAccepted(string RoundId, string Action, RoundState StateWhenRequested, string Message);

/// <summary>
/// The common shape of a human action that ends a phase: check who asks and that the round is where the action
/// makes sense, log it, and raise the event the orchestrator waits for.
/// </summary>
public sealed class RoundActions(AccessGate access, RoundStore rounds, BusinessLog log, TimeProvider clock)
{
    /// <summary>Authorizes the caller for <paramref name="functionName"/> on the round, then raises the event.</summary>
    public async Task<IActionResult> RaiseAsync(
        HttpRequest request,
        DurableTaskClient client,
        string roundId,
        string functionName,
        RoundState[] allowedStates,
        string eventName,
        object? payload,
        string message,
        string? detail = null)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, functionName, AccessScope.Round(roundId));
        return denied ?? await RaiseAsync(request, client, actor!, roundId, allowedStates, eventName, payload, message, detail);
    }

    /// <summary>Raises the event for a caller the trigger has already authorized.</summary>
    public async Task<IActionResult> RaiseAsync(
        HttpRequest request,
        DurableTaskClient client,
        Actor actor,
        string roundId,
        RoundState[] allowedStates,
        string eventName,
        object? payload,
        string message,
        string? detail = null)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var round = await rounds.GetAsync(roundId, cancellationToken);
        if (round is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        if (!allowedStates.Contains(round.State))
        {
            return ApiResults.Conflict(
                "現在の段階ではこの操作はできません。",
                $"現在の状態: {RoundStateMachine.DisplayName(round.State)}（{RoundStateMachine.DisplayName(RoundStateMachine.StepOf(round.State))}）");
        }

        await log.WriteAsync(roundId, clock.GetUtcNow(), actor.LogName, eventName, null, detail, cancellationToken: cancellationToken);
        await client.RaiseEventAsync(round.InstanceId, eventName, payload ?? actor.LogName, cancellationToken);
        return ApiResults.Accepted(new RoundActionAccepted(roundId, eventName, round.State, message));
    }
}
