using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Screening;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Select;

public sealed record ApplicationSummary(
    string ApplicationId,
    string FullName,
    string Prefecture,
    IReadOnlyList<Workflow.Domain.SkillStandard.Persona> Personas,
    ApplicationStatus Status,
    bool? Eligible,
    ApplicationScreening? Screening,
    PanelDecision? Decision,
    string? DecisionReason,
    string? OutcomeReason,
    IReadOnlyCollection<int> AttendedSessions,
    string? CertificateId,
    DateTimeOffset SubmittedAt);

public sealed record ApplicationPage(IReadOnlyList<ApplicationSummary> Items, string? Continuation);

/// <summary>The operator's view of a round's applications, a page at a time.</summary>
public sealed class ListApplications(AccessGate access, RoundStore rounds, ApplicationStore applications, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(ListApplications))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/applications")] HttpRequest request,
        string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ListApplications), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        if (await rounds.GetAsync(roundId, request.HttpContext.RequestAborted) is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        var errors = new List<FieldError>();
        var pageSize = QueryParameters.PageSize(request, 50, 200, errors);
        var status = QueryParameters.Enum<ApplicationStatus>(request, "status", "状態の指定が正しくありません。", errors)?.ToString();
        var continuation = QueryParameters.Continuation(request, errors);
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        try
        {
            var (items, next) = await applications.ListPageAsync(roundId, pageSize, continuation, status, request.HttpContext.RequestAborted);
            if (items.Count > 0)
            {
                // Names are personal data: the log keeps which applications this page showed, to whom.
                await log.WriteAsync(roundId, clock.GetUtcNow(), actor!.LogName, PersonalDataReads.Action, null,
                    "list:" + string.Join(',', items.Select(i => i.RowKey)), cancellationToken: request.HttpContext.RequestAborted);
            }

            return ApiResults.Ok(new ApplicationPage(items.Select(ToSummary).ToList(), next));
        }
        catch (Exception e) when (e is FormatException || (e is Azure.RequestFailedException failed && QueryParameters.IsRefusedToken(failed)))
        {
            return ApiResults.Validation([QueryParameters.ContinuationError()]);
        }
    }

    public static ApplicationSummary ToSummary(ApplicationEntity e) => new(
        e.RowKey,
        e.FullName,
        e.Prefecture,
        e.PersonaList,
        Enum.Parse<ApplicationStatus>(e.Status),
        e.Eligible,
        e.ScreeningJson is null ? null : JsonSerializer.Deserialize<ApplicationScreening>(e.ScreeningJson, Json.Options),
        e.Decision is null ? null : Enum.Parse<PanelDecision>(e.Decision),
        e.DecisionReason,
        e.OutcomeReason,
        e.AttendedSessions(),
        e.CertificateId,
        e.SubmittedAt);
}
