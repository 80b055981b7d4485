using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;

namespace Workflow.Functions.Appoint;

/// <summary>The selection panel's mean level on one skill item of a persona the person was selected as.</summary>
public sealed record SkillScoreView(Persona Persona, string Code, string Name, SkillKind Kind, double MeanLevel, string LevelName);

public sealed record ExperienceView(ExperienceKind Kind, string KindName, int Years, string Summary);

public sealed record SkillLevelView(SkillFramework Framework, string FrameworkName, string Field, int Level);

/// <summary>Opened to one municipality when the person accepted its contact request, and to no one else.</summary>
public sealed record ContactDetails(string Email, string Phone, string ResumeUrl);

/// <summary>
/// A person's full profile as a signed-in municipality reads it: the outcome per persona with its reason, the panel's
/// scores summarised per skill item, qualifications, skill levels, experience with years, and the preferences the
/// person gave. Contact details and the résumé only after the person accepted this municipality's contact request.
/// </summary>
public sealed record CandidateProfile(
    string CandidateId,
    string RoundId,
    string Name,
    string Prefecture,
    string CertificateId,
    IReadOnlyList<PersonaResultView> Outcomes,
    IReadOnlyList<SkillScoreView> Skills,
    IReadOnlyList<string> Qualifications,
    IReadOnlyList<SkillLevelView> SkillLevels,
    IReadOnlyList<ExperienceView> Experiences,
    IReadOnlyList<WorkStyle> WorkStyles,
    IReadOnlyList<string> Regions,
    string Preferences,
    ContactView? Contact,
    ContactDetails? ContactDetails);

/// <summary>
/// Opens a listed person for a signed-in municipality and writes the view to the business log of the person's round:
/// every municipal look at a profile or a résumé is there for the auditor and, through the person's story, for the
/// person's own request to know who looked.
/// </summary>
public sealed class CandidateReader(AccessGate access, RosterStore roster, ApplicationStore applications, ContactStore contacts, BusinessLog log, TimeProvider clock)
{
    /// <param name="refuseBeforeRead">
    /// A last refusal of the caller's own (a résumé the malware scan holds back), asked before the view is logged.
    /// </param>
    public async Task<(ApplicationEntity? Application, StoredContact? Contact, IActionResult? Denied)> OpenAsync(
        HttpRequest request, string functionName, string code, string candidateId, string detail, bool requiresAcceptedContact = false,
        Func<ApplicationEntity, CancellationToken, Task<IActionResult?>>? refuseBeforeRead = null)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, functionName, AccessScope.Municipality(code));
        if (denied is not null)
        {
            return (null, null, denied);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        // Someone not listed (never, or no longer) is "not found": the answer does not say that they exist.
        if (!MunicipalityCode.IsValid(code) || !ApplicationIds.TryParse(candidateId, out _, out _)
            || await roster.GetAsync(candidateId, cancellationToken) is not { } entry || !entry.Listing.IsListed
            || await applications.GetAsync(candidateId, cancellationToken) is not { } application || !application.Listing.IsListed)
        {
            return (null, null, ApiResults.NotFound("人材"));
        }

        var contact = await contacts.GetAsync(candidateId, code, cancellationToken);
        if (requiresAcceptedContact && contact?.Request.OpensContactDetails != true)
        {
            // Refused before the read is logged: a refused request is not a view.
            return (null, null, ApiResults.Problem(StatusCodes.Status403Forbidden, "職務経歴書は、連絡の申出が承諾された後に見られます。", "人材情報のページから連絡の申出をしてください。"));
        }

        if (refuseBeforeRead is not null && await refuseBeforeRead(application, cancellationToken) is { } refused)
        {
            return (null, null, refused);
        }

        await log.WriteAsync(application.RoundId, clock.GetUtcNow(), actor!.LogName, BusinessLogActions.ProfileViewed, candidateId, detail, cancellationToken: cancellationToken);
        return (application, contact, null);
    }
}

/// <summary>A listed person's full profile, for a signed-in municipality (logged).</summary>
public sealed class GetCandidateProfile(CandidateReader reader, PanelStore panel, RoundStandards standards)
{
    [Function(nameof(GetCandidateProfile))]
    [ApiOperation("候補者のプロフィール（閲覧は記録される）")]
    [ApiResponse(200, typeof(CandidateProfile))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/municipalities/{code}/roster/{candidateId}")] HttpRequest request,
        string code,
        string candidateId)
    {
        var (application, contact, denied) = await reader.OpenAsync(request, nameof(GetCandidateProfile), code, candidateId, code);
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var standard = await standards.PinnedByAsync(application!.RoundId, cancellationToken);
        var selectedAs = application.SelectedPersonas;
        var scores = await panel.ForApplicationAsync(application.RoundId, candidateId, cancellationToken);
        var skills = selectedAs.SelectMany(persona => standard.For(persona).AllSkills.Select(item =>
            {
                var levels = scores.Where(s => s.Persona == persona).SelectMany(s => s.Items).Where(i => i.Code == item.Code).Select(i => i.Level).ToList();
                return (persona, item, levels);
            }))
            .Where(x => x.levels.Count > 0)
            .Select(x =>
            {
                var mean = Math.Round(x.levels.Average(), 1);
                return new SkillScoreView(x.persona, x.item.Code, x.item.Name, x.item.Kind, mean, SelfAssessmentScale.DisplayName((int)Math.Round(mean, MidpointRounding.AwayFromZero)));
            })
            .ToList();
        var profile = JsonSerializer.Deserialize<ApplicantProfile>(application.ProfileJson, Json.Options)!;
        var listing = application.Listing;
        var opened = contact?.Request.OpensContactDetails == true;
        return ApiResults.Ok(new CandidateProfile(
            candidateId,
            application.RoundId,
            application.FullName,
            application.Prefecture,
            application.CertificateId ?? string.Empty,
            PersonaResultView.Of(application.Lifecycle).Where(o => o.Selected).ToList(),
            skills,
            profile.Qualifications.Select(SkillStandardCatalog.DisplayName).ToList(),
            profile.SkillLevels.Select(l => new SkillLevelView(l.Framework, SkillStandardCatalog.DisplayName(l.Framework), l.Field, l.Level)).ToList(),
            profile.Experiences.Select(e => new ExperienceView(e.Kind, SkillStandardCatalog.DisplayName(e.Kind), e.Years, e.Summary)).ToList(),
            listing.WorkStyles,
            listing.Regions,
            listing.PreferencesText(),
            contact is null ? null : ContactView.Of(contact.Request),
            opened ? new ContactDetails(application.Email, application.Phone, $"/api/municipalities/{code}/roster/{candidateId}/resume") : null));
    }
}

/// <summary>A listed person's résumé, for the municipality whose contact request they accepted (logged as a personal-data read).</summary>
public sealed class GetCandidateResume(CandidateReader reader, ApplicationStore applications, ResumeScans scans)
{
    [Function(nameof(GetCandidateResume))]
    [ApiOperation("候補者の職務経歴書（PDF、連絡依頼の承諾後）")]
    [ApiResponse(200, MediaType = "application/pdf")]
    [ApiResponse(503, typeof(Problem), MediaType = ApiResults.ProblemMediaType, Description = "ウイルス検査の結果がまだない（Retry-After の秒数ののちに再試行）")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/municipalities/{code}/roster/{candidateId}/resume")] HttpRequest request,
        string code,
        string candidateId)
    {
        var (application, _, denied) = await reader.OpenAsync(request, nameof(GetCandidateResume), code, candidateId, $"{code}:resume", requiresAcceptedContact: true,
            refuseBeforeRead: async (a, cancellationToken) => await scans.RefuseAsync(a, cancellationToken));
        if (denied is not null)
        {
            return denied;
        }

        return await applications.ReadResumeAsync(application!, request.HttpContext.RequestAborted) is { } resume
            ? new PdfResult(resume, $"{candidateId}.pdf")
            : ApiResults.NotFound("職務経歴書");
    }
}
