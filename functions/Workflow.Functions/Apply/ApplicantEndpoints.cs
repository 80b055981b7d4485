using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Apply;

public sealed record ApplicationStatusView(
    string ApplicationId,
    string RoundId,
    string RoundTitle,
    ApplicationStatus Status,
    string StatusName,
    IReadOnlyList<string> Personas,
    DateTimeOffset SubmittedAt,
    string? OutcomeReason,
    IReadOnlyCollection<int> AttendedSessions,
    string? CertificateId,
    IReadOnlyList<PersonaResultView> Results,
    Publish.ListingView? Listing = null,
    IReadOnlyList<Appoint.ContactView>? Contacts = null,
    bool ResumeNeedsReplacing = false);

/// <summary>The outcome for one persona applied for, as its applicant reads it: never anyone else's scores.</summary>
public sealed record PersonaResultView(Persona Persona, string PersonaName, bool Selected, string Reason)
{
    public static IReadOnlyList<PersonaResultView> Of(ApplicationLifecycle lifecycle) =>
        lifecycle.Outcomes.Select(o => new PersonaResultView(o.Persona, SkillStandardCatalog.DisplayName(o.Persona), o.Selected, o.Reason)).ToList();
}

/// <summary>Opens the application an applicant's access token is bound to, after the gate has checked the token.</summary>
public sealed class ApplicantAccess(AccessGate gate, ApplicationStore applications)
{
    public async Task<(ApplicationEntity? Application, IActionResult? Denied)> OpenAsync(HttpRequest request, string functionName, string applicationId)
    {
        var (_, denied) = await gate.AuthorizeAsync(request, functionName, AccessScope.Application(applicationId));
        if (denied is not null)
        {
            return (null, denied);
        }

        var application = await applications.GetAsync(applicationId, request.HttpContext.RequestAborted);
        return application is null ? (null, ApiResults.NotFound("応募")) : (application, null);
    }
}

/// <summary>応募状況の確認: the applicant reads its own application with its access token.</summary>
/// <remarks>
/// <c>resumeNeedsReplacing</c>: the malware scan keeps the résumé closed for good, and the applicant is asked to send
/// another one (<see cref="ReplaceResume"/>) while the application stands.
/// </remarks>
public sealed class GetApplicationStatus(ApplicantAccess access, RoundStore rounds, Appoint.ContactStore contacts, ResumeScans scans)
{
    [Function(nameof(GetApplicationStatus))]
    [ApiOperation("応募状況")]
    [ApiResponse(200, typeof(ApplicationStatusView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{applicationId}")] HttpRequest request,
        string applicationId)
    {
        var (application, denied) = await access.OpenAsync(request, nameof(GetApplicationStatus), applicationId);
        if (denied is not null)
        {
            return denied;
        }

        var round = await rounds.GetAsync(application!.RoundId, request.HttpContext.RequestAborted);
        var status = Enum.Parse<ApplicationStatus>(application.Status);

        // Before the outcome, screening is internal to the panel: the applicant sees "in selection" only.
        var shown = status is ApplicationStatus.Eligible or ApplicationStatus.Ineligible ? ApplicationStatus.Submitted : status;
        return ApiResults.Ok(new ApplicationStatusView(
            application.RowKey,
            application.RoundId,
            round?.Title ?? string.Empty,
            shown,
            ApplicationNames.ForApplicant(shown),
            application.PersonaList.Select(SkillStandardCatalog.DisplayName).ToList(),
            application.SubmittedAt,
            shown == ApplicationStatus.NotSelected ? application.OutcomeReason : null,
            application.AttendedSessions(),
            application.CertificateId,
            PersonaResultView.Of(application.Lifecycle),
            Publish.ListingView.Of(application, ListingNames.Explanation(application.Listing.Tier)),
            (await contacts.ForCandidateAsync(application.RowKey, request.HttpContext.RequestAborted)).Select(Appoint.ContactView.Of).ToList(),
            !application.Lifecycle.IsWithdrawn && await scans.NeedsReplacingAsync(application, request.HttpContext.RequestAborted)));
    }
}

/// <summary>The applicant's notifications (selection outcome, training, appointment requests).</summary>
public sealed class ListApplicantNotifications(ApplicantAccess access, NotificationStore notifications)
{
    [Function(nameof(ListApplicantNotifications))]
    [ApiOperation("応募者への通知")]
    [ApiResponse(200, typeof(Collection<Notification>))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{applicationId}/notifications")] HttpRequest request,
        string applicationId)
    {
        var (application, denied) = await access.OpenAsync(request, nameof(ListApplicantNotifications), applicationId);
        if (denied is not null)
        {
            return denied;
        }

        return ApiResults.Ok(new Collection<Notification>(await notifications.ForApplicantAsync(application!.RowKey, request.HttpContext.RequestAborted)));
    }
}
