namespace Workflow.Domain.SkillStandard;

/// <summary>Everything the skill standard says about one 人材像.</summary>
/// <param name="Category">カテゴリー, e.g. 全庁的な自治体ＤＸの企画・推進 (the seed writes ＤＸ full-width here).</param>
/// <param name="PositionLevel">The post the persona is placed at in the seed's pyramid: 局部長級 / 課長級 / 係長級－係員級.</param>
/// <param name="Roles">The ○ bullets of 自治体DX推進に必要とされる人材像(役割).</param>
/// <param name="MainSkillsSummary">主なスキル等 from the overview slide.</param>
/// <param name="DesiredSkillLevels">Empty where the seed has ――.</param>
/// <param name="DesiredQualifications">Empty where the seed has ――.</param>
public sealed record PersonaProfile(
    Persona Persona,
    string Name,
    string Category,
    string PositionLevel,
    IReadOnlyList<string> Roles,
    string MainSkillsSummary,
    IReadOnlyList<SkillItem> TechnicalSkills,
    IReadOnlyList<SkillItem> HumanSkills,
    IReadOnlyList<SkillLevelRequirement> DesiredSkillLevels,
    IReadOnlyList<Qualification> DesiredQualifications,
    IReadOnlyList<ExperienceRequirement> DesiredExperience)
{
    public IEnumerable<SkillItem> AllSkills => TechnicalSkills.Concat(HumanSkills);
}
