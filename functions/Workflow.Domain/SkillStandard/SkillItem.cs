namespace Workflow.Domain.SkillStandard;

/// <summary>テクニカルスキル or ヒューマンスキル, the two groups the standard splits skill requirements into.</summary>
public enum SkillKind
{
    Technical,
    Human,
}

/// <summary>One row of 備えておくことが望ましいスキル要件.</summary>
/// <param name="Code">
/// Stable ASCII key, prefixed by the persona, because the same 名称 (e.g. リーダーシップ) has a different 内容 per persona
/// and self-assessments must say which one they answer.
/// </param>
/// <param name="Name">名称, verbatim from the seed.</param>
/// <param name="Description">内容, verbatim from the seed with the slide's line breaks removed.</param>
/// <param name="Kind">Technical or human skill.</param>
public sealed record SkillItem(string Code, string Name, string Description, SkillKind Kind);
