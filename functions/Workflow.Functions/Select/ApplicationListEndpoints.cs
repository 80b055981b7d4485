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

/// <param name="IdentityWithheld">
/// Shown to a reviewer who declared a conflict of interest on the application: its id, and nothing else of it.
/// </param>
public sealed record ApplicationSummary(
    string ApplicationId,
    string FullName,
    string? Prefecture,
    IReadOnlyList<Workflow.Domain.SkillStandard.Persona> Personas,
    ApplicationStatus? Status,
    bool? Eligible,
    ApplicationScreening? Screening,
    IReadOnlyList<PersonaDecision> Decisions,
    IReadOnlyList<PersonaOutcome> Outcomes,
    string? OutcomeReason,
    IReadOnlyCollection<int> AttendedSessions,
    string? CertificateId,
    DateTimeOffset? SubmittedAt,
    bool IdentityWithheld = false)
{
    public const string WithheldName = "利益相反のため非表示";

    public static ApplicationSummary Withheld(string applicationId) =>
        new(applicationId, WithheldName, null, [], null, null, null, [], [], null, [], null, null, IdentityWithheld: true);
}

public sealed record ApplicationPage(IReadOnlyList<ApplicationSummary> Items, string? Continuation);

/// <summary>
/// The panel's view of a round's applications, a page at a time. A reviewer's declared conflicts of interest stay
/// declared here too: those applications show their id only.
/// </summary>
public sealed class ListApplications(AccessGate access, RoundStore rounds, ApplicationStore applications, ConflictDeclarationStore declarations, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(ListApplications))]
    [ApiOperation("応募一覧（書類選考の結果つき）")]
    [ApiResponse(200, typeof(ApplicationPage))]
    [ApiQuery("status", "応募の状態", Type = typeof(ApplicationStatus))]
    [ApiQuery("pageSize", "1ページの件数（既定 50、最大 200）", Type = typeof(int))]
    [ApiQuery("continuation", "前のページが返した続きのトークン")]
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
            var cancellationToken = request.HttpContext.RequestAborted;
            var (items, next) = await applications.ListPageAsync(roundId, pageSize, continuation, status, cancellationToken);
            var withheld = actor!.Role == ActorRole.Reviewer
                ? await declarations.ConflictedAmongAsync(actor.LogName, items.Select(i => i.RowKey).ToList(), cancellationToken)
                : new HashSet<string>(StringComparer.Ordinal);
            // Until the outcome, a reviewer's list is name-blind like the pack: pseudonyms, no prefecture.
            var blind = actor.Role == ActorRole.Reviewer
                ? items.Where(i => !i.Lifecycle.IsConcluded).Select(i => i.RowKey).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            var shown = items.Where(i => !withheld.Contains(i.RowKey) && !blind.Contains(i.RowKey)).ToList();
            if (shown.Count > 0)
            {
                // Names are personal data: the log keeps which applications this page showed, to whom.
                await log.WriteAsync(roundId, clock.GetUtcNow(), actor.LogName, PersonalDataReads.Action, null,
                    "list:" + string.Join(',', shown.Select(i => i.RowKey)), cancellationToken: cancellationToken);
            }

            return ApiResults.Ok(new ApplicationPage(
                items.Select(i => withheld.Contains(i.RowKey) ? ApplicationSummary.Withheld(i.RowKey)
                    : blind.Contains(i.RowKey) ? ToSummary(i) with { FullName = ReviewPacks.Pseudonym(i.RowKey), Prefecture = null }
                    : ToSummary(i)).ToList(), next));
        }
        catch (Exception e) when (e is FormatException || (e is Azure.RequestFailedException failed && QueryParameters.IsRefusedToken(failed)))
        {
            return ApiResults.Validation([QueryParameters.ContinuationError()]);
        }
    }

    public static ApplicationSummary ToSummary(ApplicationEntity e)
    {
        var lifecycle = e.Lifecycle;
        return new(
            e.RowKey,
            e.FullName,
            e.Prefecture,
            e.PersonaList,
            lifecycle.Status,
            lifecycle.Eligible,
            lifecycle.Screening,
            lifecycle.Decisions,
            lifecycle.Outcomes,
            e.OutcomeReason,
            e.AttendedSessions(),
            e.CertificateId,
            e.SubmittedAt);
    }
}
