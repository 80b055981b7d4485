using Workflow.Domain.Appointments;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Applications;

/// <summary>A 分野 and level an applicant claims in an IPA framework.</summary>
/// <param name="Level">1..7, the range ITSS and UISS use.</param>
public sealed record SkillLevelClaim(SkillFramework Framework, string Field, int Level);

/// <param name="Years">Whole years; 0 is allowed because some desired experience has no duration.</param>
/// <param name="Summary">Free text, at most <see cref="ApplicationValidator.MaxSummaryLength"/> characters.</param>
public sealed record ExperienceClaim(ExperienceKind Kind, int Years, string Summary);

/// <summary>The applicant's own rating of one skill item of a persona applied for.</summary>
/// <param name="SkillCode">A <see cref="SkillItem.Code"/>.</param>
/// <param name="Level">See <see cref="SelfAssessmentScale"/>.</param>
public sealed record SelfAssessment(string SkillCode, int Level);

/// <summary>The 4-step scale for <see cref="SelfAssessment.Level"/>.</summary>
public static class SelfAssessmentScale
{
    public const int Min = 1;
    public const int Max = 4;

    public static string DisplayName(int level) => level switch
    {
        1 => "知識がある",
        2 => "支援を受けて実施できる",
        3 => "独力で実施できる",
        4 => "指導できる",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Self-assessment levels are 1..4."),
    };
}

/// <summary>What a 民間人材 submits in ③応募 (the résumé PDF travels separately, see <see cref="ResumeRules"/>).</summary>
/// <param name="Listing">Who may see the person in ⑥ホームページ等に掲載、自治体に周知 if selected and trained.</param>
/// <param name="WorkStyles">The work styles the person would take (none: any); see <see cref="ListingChoice"/>.</param>
/// <param name="Regions">The prefectures the person would work for (none: anywhere).</param>
public sealed record ApplicationForm(
    string FullName,
    string? FullNameKana,
    string Email,
    string Phone,
    string Prefecture,
    IReadOnlyList<Persona> Personas,
    IReadOnlyList<SelfAssessment> SelfAssessments,
    IReadOnlyList<Qualification> Qualifications,
    IReadOnlyList<SkillLevelClaim> SkillLevels,
    IReadOnlyList<ExperienceClaim> Experiences,
    ListingTier Listing,
    IReadOnlyList<WorkStyle>? WorkStyles = null,
    IReadOnlyList<string>? Regions = null)
{
    /// <summary>The listing fields as one choice (a method, so that the form's JSON keeps the API's flat shape).</summary>
    public ListingChoice ListingChoice() => new(Listing, WorkStyles ?? [], Regions ?? []);
}
