namespace Workflow.Domain.Screening;

/// <summary>
/// What screening requires for one persona, in the words applicants read. Screening's reasons quote it and the call
/// page and the application form print it, so what a call promises and what screening applies are one text.
/// </summary>
/// <param name="Summary">How the parts combine, as one sentence.</param>
/// <param name="LevelOrQualification">The alternatives of which one must be met; empty where the standard has ――.</param>
/// <param name="Experience">The kinds of experience of which one must be had, with the duration screening counts where there is one.</param>
public sealed record EligibilityRequirement(string Summary, IReadOnlyList<string> LevelOrQualification, IReadOnlyList<string> Experience)
{
    public const string LevelOrQualificationHeading = "スキルレベル又は資格（次のいずれか1つ）";

    public const string ExperienceHeading = "経験（次のいずれか1つ）";

    public const string BothSummary = "次の「スキルレベル又は資格」のいずれか1つと、「経験」のいずれか1つの両方を満たすこと。";

    public const string ExperienceAloneSummary = "望ましいスキルレベル・資格の定めはありません（――）。次の「経験」のいずれか1つを満たすこと。";

    /// <summary>True where the standard has ―― for levels and qualifications and experience alone decides.</summary>
    public bool ExperienceAlone => LevelOrQualification.Count == 0;
}
