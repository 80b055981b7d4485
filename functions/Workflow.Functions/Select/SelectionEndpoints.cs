using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Panel;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Select;

/// <param name="Persona">Which persona the decision is on; may be left out when the application is eligible for one only.</param>
public sealed record DecisionRequest(PanelDecision? Decision, string? Reason, Persona? Persona = null);

public sealed record DecisionRecorded(string ApplicationId, Persona Persona, PanelDecision Decision, string? Reason);

/// <summary>
/// The operator, after declaring no conflict, records the panel's decision on one persona of a shortlisted application
/// with the panel's scores in front of them: a person is selected as a persona, only one they were screened eligible
/// for, and only once the panel's quorum has scored it (<see cref="PanelRules"/>).
/// </summary>
public sealed class RecordPanelDecision(AccessGate access, RoundStore rounds, ApplicationStore applications, ConflictDeclarationStore declarations, PanelCounting counting, BusinessLog log, TimeProvider clock, IdempotentRequests idempotency)
{
    [Function(nameof(RecordPanelDecision))]
    [ApiOperation("人材像ごとの選定結果を記録する", Body = typeof(DecisionRequest), Idempotent = true)]
    [ApiResponse(200, typeof(DecisionRecorded))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rounds/{roundId}/applications/{applicationId}/decision")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(RecordPanelDecision), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        // A repeat with the same Idempotency-Key gets the first answer and is not recorded again.
        return await idempotency.RunAsync(request, $"{nameof(RecordPanelDecision)}|{actor!.LogName}|{applicationId}", async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var (body, error) = await RequestBody.ReadJsonAsync<DecisionRequest>(request);
            if (error is not null)
            {
                return error;
            }

            var errors = new List<FieldError>();
            if (body!.Decision is null)
            {
                errors.Add(new FieldError("decision", "選定するか（selected）しないか（notSelected）を指定してください。"));
            }

            var reason = body.Reason is null ? null : ApplicationValidator.NormalizeText(body.Reason);
            if (reason is { Length: > 1000 })
            {
                errors.Add(new FieldError("reason", "理由は1000文字以内で入力してください。"));
            }

            if (body.Decision == PanelDecision.NotSelected && string.IsNullOrWhiteSpace(reason))
            {
                errors.Add(new FieldError("reason", "選定しない場合は理由を入力してください。"));
            }

            if (errors.Count > 0)
            {
                return ApiResults.Validation(errors);
            }

            // Checked against the round's fence and the application as stored, then written only onto that very row: a
            // finalization, an outcome, a withdrawal or a conflict declaration that lands in between is read on the next turn.
            return await CommandAttempts.UntilRecordedAsync("この応募", async _ =>
            {
                var round = await rounds.GetAsync(roundId, cancellationToken);
                var application = await applications.GetAsync(applicationId, cancellationToken);
                if (round is null || application is null || application.RoundId != roundId)
                {
                    return ApiResults.NotFound("応募");
                }

                if (application.Lifecycle.RefuseDecision() is { } refused && application.Lifecycle.IsConcluded)
                {
                    return ApiResults.Conflict(refused.Title, refused.Detail);
                }

                if (!round.Lifecycle.AcceptsPanelDecisions)
                {
                    return ApiResults.Conflict("現在は選定の決定を記録できません。", round.Lifecycle.Closing is { } closing
                        ? $"選定は{RoundLifecycle.DisplayName(closing.Command)}により締め切られました。"
                        : $"現在の状態: {RoundStateMachine.DisplayName(round.State)}");
                }

                if (application.Lifecycle.RefuseDecision() is { } refusal)
                {
                    return ApiResults.Conflict(refusal.Title, refusal.Detail);
                }

                if (application.Lifecycle.RefusePersona(body.Persona, out var persona) is { } wrongPersona)
                {
                    return ApiResults.Validation([new FieldError("persona", wrongPersona)]);
                }

                // Whoever decides has declared, for this very application, that they have no conflict of interest.
                if (await declarations.RequireNoConflictAsync(actor!, applicationId, cancellationToken) is { } conflict)
                {
                    return conflict;
                }

                // The decision rests on the panel: the operator decides with its result, once its quorum has scored.
                var (members, counted, membersWithoutConflict) = await counting.ForPersonaAsync(roundId, applicationId, persona, cancellationToken);
                if (PanelRules.RefuseDecision(PanelRules.Aggregate(persona, counted, membersWithoutConflict)) is { } noQuorum)
                {
                    return ApiResults.Conflict(noQuorum, members.Count < PanelRules.MinimumMembers
                        ? $"この公募には選定委員が{members.Count}人しか指名されていません。{PanelRules.MinimumMembers}人以上を指名してください。"
                        : "選定委員の採点を待ってから記録してください。");
                }

                var at = clock.GetUtcNow();
                var decision = new PersonaDecision(persona, body.Decision!.Value, reason, actor!.LogName, at);
                if (await applications.RecordDecisionAsync(application, decision, cancellationToken))
                {
                    await log.WriteAsync(roundId, at, actor.LogName, BusinessLogActions.PanelDecisionRecorded, applicationId, $"{persona}:{decision.Decision}", cancellationToken: cancellationToken);
                    return ApiResults.Ok(new DecisionRecorded(applicationId, persona, decision.Decision, reason));
                }

                return null;
            });
        });
    }
}

/// <summary>The operator ends the panel's work before the selection deadline.</summary>
public sealed class FinalizeSelection(RoundActions actions)
{
    [Function(nameof(FinalizeSelection))]
    [ApiOperation("選定を確定する", Idempotent = true)]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/selection/finalize")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId) =>
        actions.RecordAsync(request, client, roundId, nameof(FinalizeSelection), RoundCommand.FinalizeSelection, "選定を確定しました。全応募者に結果を通知します。");
}
