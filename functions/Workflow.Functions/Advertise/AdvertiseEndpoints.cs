using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Http;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Advertise;

public sealed record SkillItemView(string Code, string Name, string Description, SkillKind Kind);

public sealed record SkillLevelView(string Framework, IReadOnlyList<string> Fields, int MinimumLevel);

/// <param name="MinimumYears">The years screening counts, or null where the standard asks for no duration.</param>
public sealed record ExperienceView(ExperienceKind Kind, string Description, int? MinimumYears);

/// <summary>
/// What screening requires, as <see cref="ScreeningRules.Requirement"/> words it: the summary, then the alternatives
/// of each part. <paramref name="LevelOrQualificationHeading"/> is null where the standard has ―― and experience alone decides.
/// </summary>
public sealed record RequirementView(
    string Summary,
    string? LevelOrQualificationHeading,
    IReadOnlyList<string> LevelOrQualification,
    string ExperienceHeading,
    IReadOnlyList<string> Experience)
{
    public static RequirementView From(EligibilityRequirement r) => new(
        r.Summary,
        r.ExperienceAlone ? null : EligibilityRequirement.LevelOrQualificationHeading,
        r.LevelOrQualification,
        EligibilityRequirement.ExperienceHeading,
        r.Experience);
}

/// <summary>Which text of the skill standard a call is made against.</summary>
public sealed record StandardVersionView(string Id, string Title, string Source, DateOnly PublishedOn)
{
    public static StandardVersionView From(SkillStandardVersion v) => new(v.Id, v.Title, v.Source, v.PublishedOn);
}

/// <summary>A persona as the public reads it: role and requirements, in the seed's Japanese.</summary>
public sealed record PersonaRequirements(
    Persona Persona,
    string Name,
    string Category,
    string PositionLevel,
    IReadOnlyList<string> Roles,
    string MainSkills,
    IReadOnlyList<SkillItemView> TechnicalSkills,
    IReadOnlyList<SkillItemView> HumanSkills,
    IReadOnlyList<SkillLevelView> DesiredSkillLevels,
    IReadOnlyList<string> DesiredQualifications,
    IReadOnlyList<ExperienceView> DesiredExperience,
    RequirementView Requirement,
    int? HeadCount);

/// <summary>The skill standard as a client reads it (GET /api/skill-standard).</summary>
public sealed record SkillStandardView(
    string Title,
    StandardVersionView Version,
    IReadOnlyList<PersonaRequirements> Personas,
    IReadOnlyList<QualificationOption> Qualifications,
    IReadOnlyList<ExperienceKindOption> ExperienceKinds,
    IReadOnlyList<CurriculumModule> Curriculum,
    IReadOnlyList<string> SelfAssessmentLevels);

public sealed record QualificationOption(Qualification Value, string Name);

public sealed record ExperienceKindOption(ExperienceKind Value, string Name);

public sealed record OpenCallList(IReadOnlyList<OpenCall> Items);

public sealed record OpenCall(
    string RoundId,
    int FiscalYear,
    string Title,
    string OperatorName,
    RoundState State,
    bool AcceptingApplications,
    DateTimeOffset ApplicationOpensAt,
    DateTimeOffset ApplicationClosesAt,
    IReadOnlyList<PersonaRequirements> Personas,
    IReadOnlyList<TrainingSession> TrainingSessions,
    StandardVersionView Standard);

public static class CallViews
{
    public static PersonaRequirements Requirements(PersonaProfile p, int? headCount)
    {
        static SkillItemView Item(SkillItem s) => new(s.Code, s.Name, s.Description, s.Kind);
        return new PersonaRequirements(
            p.Persona,
            p.Name,
            p.Category,
            p.PositionLevel,
            p.Roles,
            p.MainSkillsSummary,
            p.TechnicalSkills.Select(Item).ToList(),
            p.HumanSkills.Select(Item).ToList(),
            p.DesiredSkillLevels.Select(l => new SkillLevelView(SkillStandardCatalog.DisplayName(l.Framework), l.Fields, l.MinimumLevel)).ToList(),
            p.DesiredQualifications.Select(SkillStandardCatalog.DisplayName).ToList(),
            p.DesiredExperience.Select(e => new ExperienceView(e.Kind, e.Description, e.MinimumYears > 0 ? e.MinimumYears : null)).ToList(),
            RequirementView.From(ScreeningRules.Requirement(p)),
            headCount);
    }

    /// <param name="standard">The version the round pinned (<see cref="RoundStandards.PinnedBy"/>).</param>
    public static OpenCall From(RoundRecord round, SkillStandardVersion standard) => new(
        round.RoundId,
        round.FiscalYear,
        round.Title,
        round.OperatorName,
        round.State,
        round.Lifecycle.AcceptsApplications,
        round.Schedule.ApplicationOpensAt,
        round.Schedule.ApplicationClosesAt,
        round.Personas.Select(o => Requirements(standard.For(o.Persona), o.HeadCount)).ToList(),
        round.Schedule.TrainingSessions,
        StandardVersionView.From(standard));

    public static bool IsPublic(RoundState state) => state is RoundState.CallPublished or RoundState.AcceptingApplications;
}

/// <summary>② 公募: the operator publishes the call; from now on it is listed publicly.</summary>
public sealed class PublishCall(RoundActions actions)
{
    [Function(nameof(PublishCall))]
    [ApiOperation("公募を公開する", Idempotent = true)]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/call/publish")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId) =>
        actions.RecordAsync(request, client, roundId, nameof(PublishCall), RoundCommand.PublishCall, "公募を公開しました。応募期間の開始とともに受付を始めます。");
}

/// <summary>The operator closes the application window before its date.</summary>
public sealed class CloseApplicationWindow(RoundActions actions)
{
    [Function(nameof(CloseApplicationWindow))]
    [ApiOperation("応募の受付を締め切る", Idempotent = true)]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/call/close")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId) =>
        actions.RecordAsync(request, client, roundId, nameof(CloseApplicationWindow), RoundCommand.CloseApplicationWindow, "応募の受付を締め切りました。書類選考を開始します。");
}

/// <summary>Public: the calls one can read or apply to now.</summary>
public sealed class ListOpenCalls(RoundStore rounds, RoundStandards standards)
{
    [Function(nameof(ListOpenCalls))]
    [ApiOperation("公開中の公募の一覧")]
    [ApiResponse(200, typeof(OpenCallList))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calls")] HttpRequest request)
    {
        var list = await rounds.ListAsync(request.HttpContext.RequestAborted);
        return ApiResults.Ok(new OpenCallList(list.Where(r => CallViews.IsPublic(r.State)).Select(r => CallViews.From(r, standards.PinnedBy(r))).ToList()));
    }
}

public sealed class GetCall(RoundStore rounds, RoundStandards standards)
{
    [Function(nameof(GetCall))]
    [ApiOperation("公募の詳細（人材像ごとの役割と要件）")]
    [ApiResponse(200, typeof(OpenCall))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calls/{roundId}")] HttpRequest request,
        string roundId)
    {
        var round = await rounds.GetAsync(roundId, request.HttpContext.RequestAborted);
        return round is null || !CallViews.IsPublic(round.State) ? ApiResults.NotFound("公募") : ApiResults.Ok(CallViews.From(round, standards.PinnedBy(round)));
    }
}

/// <summary>
/// Public: the 自治体DX外部人材スキル標準 and the training curriculum, as forms and review pages need them. Without a
/// parameter, the current version; with ?roundId=, the version that round pinned; with ?version=, that version.
/// </summary>
public sealed class GetSkillStandard(RoundStore rounds, RoundStandards standards)
{
    [Function(nameof(GetSkillStandard))]
    [ApiOperation("自治体DX外部人材スキル標準")]
    [ApiResponse(200, typeof(SkillStandardView))]
    [ApiQuery("roundId", "この公募ラウンドが定めた版")]
    [ApiQuery("version", "版の ID（省略時は現行の版）")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/skill-standard")] HttpRequest request)
    {
        var roundId = request.Query["roundId"];
        var versionId = request.Query["version"];
        if (roundId.Count + versionId.Count > 1)
        {
            return ApiResults.Validation([new FieldError("roundId", "roundId と version は、どちらか一方を1つだけ指定してください。")]);
        }

        SkillStandardVersion? standard;
        if (roundId.Count == 1)
        {
            var round = RoundIds.IsWellFormed(roundId[0]) ? await rounds.GetAsync(roundId[0]!, request.HttpContext.RequestAborted) : null;
            if (round is null)
            {
                return ApiResults.NotFound("公募ラウンド");
            }

            standard = standards.PinnedBy(round);
        }
        else
        {
            standard = versionId.Count == 1 ? standards.Find(versionId[0]) : standards.Current;
            if (standard is null)
            {
                return ApiResults.NotFound("スキル標準の版");
            }
        }

        return ApiResults.Ok(new SkillStandardView(
            "自治体DX外部人材スキル標準",
            StandardVersionView.From(standard),
            standard.Personas.Select(p => CallViews.Requirements(p, null)).ToList(),
            Enum.GetValues<Qualification>().Select(q => new QualificationOption(q, SkillStandardCatalog.DisplayName(q))).ToList(),
            Enum.GetValues<ExperienceKind>().Select(k => new ExperienceKindOption(k, SkillStandardCatalog.DisplayName(k))).ToList(),
            Curriculum.Modules,
            ["1: 知識がある", "2: 支援を受けて実施できる", "3: 独力で実施できる", "4: 指導できる"]));
    }
}
