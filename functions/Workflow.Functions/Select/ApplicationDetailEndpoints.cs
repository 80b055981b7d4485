using Workflow.Domain.Applications;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Select;

public sealed record ApplicationDetail(
    ApplicationSummary Summary,
    string? FullNameKana,
    string Email,
    string Phone,
    ApplicantProfile? Profile,
    bool ConsentToPublication,
    string ResumeUrl,
    ListingTier Listing = ListingTier.NotListed,
    string Preferences = "");

/// <summary>
/// Opens one application's personal data for staff: reviewers only as members of the round's panel, after declaring no
/// conflict of interest for it, and (unless reading the name-blind pack) only after the outcome; every read is
/// written to the business log (who, when, which application, what).
/// </summary>
public sealed class StaffApplicationReader(AccessGate access, ApplicationStore applications, ConflictDeclarationStore declarations, PanelStore panel, BusinessLog log, TimeProvider clock)
{
    /// <param name="nameBlind">The caller reads the name-blind review pack, which reviewers may read before the outcome.</param>
    /// <param name="refuseBeforeRead">
    /// A last refusal of the caller's own (a résumé the malware scan holds back), asked before the read is logged: a
    /// refused request is not a read, and the auditor's record of reads must not say otherwise.
    /// </param>
    public async Task<(ApplicationEntity? Application, IActionResult? Denied)> OpenAsync(HttpRequest request, string functionName, string roundId, string applicationId, string what,
        bool nameBlind = false, Func<ApplicationEntity, CancellationToken, Task<IActionResult?>>? refuseBeforeRead = null)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, functionName, new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return (null, denied);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var application = await applications.GetAsync(applicationId, cancellationToken);
        if (application is null || application.RoundId != roundId)
        {
            return (null, ApiResults.NotFound("応募"));
        }

        if (actor!.Role == ActorRole.Reviewer && await declarations.RequireNoConflictAsync(actor, applicationId, cancellationToken) is { } conflict)
        {
            return (null, conflict);
        }

        if (actor.Role == ActorRole.Reviewer && Panel.RefuseNonMember(await panel.MembersAsync(roundId, cancellationToken), actor) is { } outsider)
        {
            return (null, outsider);
        }

        // Name-blind review (ADR 0009): a reviewer scores from the pack; who the person is opens after the outcome.
        if (actor.Role == ActorRole.Reviewer && !nameBlind && !application.Lifecycle.IsConcluded)
        {
            return (null, ReviewPacks.IdentityClosed());
        }

        if (refuseBeforeRead is not null && await refuseBeforeRead(application, cancellationToken) is { } refused)
        {
            return (null, refused);
        }

        await log.WriteAsync(roundId, clock.GetUtcNow(), actor.LogName, PersonalDataReads.Action, applicationId, what, cancellationToken: cancellationToken);
        return (application, null);
    }
}

/// <summary>What the business log calls a staff member's read of personal data.</summary>
public static class PersonalDataReads
{
    public const string Action = "PersonalDataRead";
}

/// <summary>One application in full (contact details, profile) for the panel.</summary>
public sealed class GetApplicationDetail(StaffApplicationReader reader)
{
    [Function(nameof(GetApplicationDetail))]
    [ApiOperation("応募の詳細")]
    [ApiResponse(200, typeof(ApplicationDetail))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/applications/{applicationId}")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (application, denied) = await reader.OpenAsync(request, nameof(GetApplicationDetail), roundId, applicationId, "detail");
        if (denied is not null)
        {
            return denied;
        }

        var e = application!;
        return ApiResults.Ok(new ApplicationDetail(
            ListApplications.ToSummary(e),
            e.FullNameKana,
            e.Email,
            e.Phone,
            JsonSerializer.Deserialize<ApplicantProfile>(e.ProfileJson, Json.Options),
            e.ConsentToPublication,
            $"/api/rounds/{roundId}/applications/{applicationId}/resume",
            e.Listing.Tier,
            e.Listing.PreferencesText()));
    }
}

/// <summary>The applicant's résumé (PDF), for the panel.</summary>
public sealed class GetApplicationResume(StaffApplicationReader reader, ApplicationStore applications, ResumeScans scans)
{
    [Function(nameof(GetApplicationResume))]
    [ApiOperation("応募者の職務経歴書（PDF）")]
    [ApiResponse(200, MediaType = "application/pdf")]
    [ApiResponse(503, typeof(Problem), MediaType = ApiResults.ProblemMediaType, Description = "ウイルス検査の結果がまだない（Retry-After の秒数ののちに再試行）")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/applications/{applicationId}/resume")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (application, denied) = await reader.OpenAsync(request, nameof(GetApplicationResume), roundId, applicationId, "resume",
            refuseBeforeRead: async (a, cancellationToken) => await scans.RefuseAsync(a, cancellationToken));
        if (denied is not null)
        {
            return denied;
        }

        return await applications.ReadResumeAsync(application!, request.HttpContext.RequestAborted) is { } resume
            ? new PdfResult(resume, $"{applicationId}.pdf")
            : ApiResults.NotFound("職務経歴書");
    }
}
