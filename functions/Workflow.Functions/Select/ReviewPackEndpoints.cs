using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Select;

public sealed record PackPersonaView(Persona Persona, string PersonaName, bool Eligible);

public sealed record PackSkillLevelView(SkillFramework Framework, string FrameworkName, string Field, int Level);

public sealed record PackExperienceView(ExperienceKind Kind, string KindName, int Years, string Summary);

public sealed record PackSelfAssessmentView(string SkillCode, string SkillName, int Level, string LevelName);

public sealed record ScaleLevelView(int Level, string Name);

/// <summary>
/// What a reviewer scores from (ADR 0009): the structured form without name, kana, e-mail, phone, prefecture or résumé,
/// under a pseudonym. The experience summaries are the person's own words and cannot be blinded: the notice says so.
/// </summary>
public sealed record ReviewPack(
    string ApplicationId,
    string Pseudonym,
    IReadOnlyList<PackPersonaView> Personas,
    IReadOnlyList<string> Qualifications,
    IReadOnlyList<PackSkillLevelView> SkillLevels,
    IReadOnlyList<PackExperienceView> Experiences,
    IReadOnlyList<PackSelfAssessmentView> SelfAssessments,
    IReadOnlyList<ScaleLevelView> Scale,
    string FreeTextNotice,
    bool IdentityOpen);

/// <summary>How the panel's packs name and withhold people.</summary>
public static class ReviewPacks
{
    public const string FreeTextNotice =
        "経験の内容は応募者本人が書いた文章のため、勤務先の名称など本人を推測できる記載が含まれることがあります。" +
        "記載から本人が分かった場合や利害関係に気付いた場合は、採点せずに利益相反を申告してください。評価はスキル標準の項目に照らして行ってください。";

    /// <summary>
    /// The same short name for an application wherever the panel sees it, derived from its id so nothing is stored;
    /// it says nothing about the person (the id itself is random).
    /// </summary>
    public static string Pseudonym(string applicationId) =>
        "応募者 " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(applicationId)))[..6];

    public static JsonBodyResult IdentityClosed() => ApiResults.Conflict(
        "選定の確定までは、選定委員には氏名・連絡先・職務経歴書を開示していません。",
        "匿名化された審査資料で審査してください。選定結果の確定後に開示されます。");

    public static ReviewPack For(ApplicationEntity application, SkillStandardVersion standard)
    {
        var profile = JsonSerializer.Deserialize<ApplicantProfile>(application.ProfileJson, Json.Options)!;
        var lifecycle = application.Lifecycle;
        var eligible = lifecycle.EligiblePersonas;
        return new ReviewPack(
            application.RowKey,
            Pseudonym(application.RowKey),
            application.PersonaList.Select(p => new PackPersonaView(p, SkillStandardCatalog.DisplayName(p), eligible.Contains(p))).ToList(),
            profile.Qualifications.Select(SkillStandardCatalog.DisplayName).ToList(),
            profile.SkillLevels.Select(l => new PackSkillLevelView(l.Framework, SkillStandardCatalog.DisplayName(l.Framework), l.Field, l.Level)).ToList(),
            profile.Experiences.Select(e => new PackExperienceView(e.Kind, SkillStandardCatalog.DisplayName(e.Kind), e.Years, e.Summary)).ToList(),
            profile.SelfAssessments.Select(a => new PackSelfAssessmentView(a.SkillCode,
                standard.TryFindSkill(a.SkillCode, out _, out var skill) ? skill.Name : a.SkillCode, a.Level, SelfAssessmentScale.DisplayName(a.Level))).ToList(),
            Enumerable.Range(SelfAssessmentScale.Min, SelfAssessmentScale.Max - SelfAssessmentScale.Min + 1).Select(l => new ScaleLevelView(l, SelfAssessmentScale.DisplayName(l))).ToList(),
            FreeTextNotice,
            lifecycle.IsConcluded);
    }
}

/// <summary>
/// The name-blind review pack of one application: for the panel's members (after declaring no conflict), the operator,
/// the ministry and auditors. The person's own free text is in it, so every read is logged like other personal data.
/// </summary>
public sealed class GetReviewPack(StaffApplicationReader reader, RoundStandards standards)
{
    [Function(nameof(GetReviewPack))]
    [ApiOperation("審査用の名前を伏せた応募資料")]
    [ApiResponse(200, typeof(ReviewPack))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/applications/{applicationId}/pack")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (application, denied) = await reader.OpenAsync(request, nameof(GetReviewPack), roundId, applicationId, "pack", nameBlind: true);
        if (denied is not null)
        {
            return denied;
        }

        return ApiResults.Ok(ReviewPacks.For(application!, await standards.PinnedByAsync(roundId, request.HttpContext.RequestAborted)));
    }
}
