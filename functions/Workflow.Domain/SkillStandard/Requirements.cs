namespace Workflow.Domain.SkillStandard;

/// <summary>The IPA skill frameworks the standard measures 望ましいスキルレベル against.</summary>
public enum SkillFramework
{
    /// <summary>ITスキル標準(IPA)</summary>
    Itss,

    /// <summary>情報システムユーザースキル標準(IPA)</summary>
    Uiss,
}

/// <summary>"Level N or above in any one of these fields of this framework."</summary>
/// <param name="Fields">分野 names exactly as the seed writes them, e.g. コンサルタント.</param>
public sealed record SkillLevelRequirement(SkillFramework Framework, IReadOnlyList<string> Fields, int MinimumLevel);

/// <summary>The 資格 the standard names as desirable.</summary>
public enum Qualification
{
    /// <summary>ITストラテジスト（IPA）</summary>
    ITStrategist,

    /// <summary>ITアーキテクト（IPA） — the seed's wording for the システムアーキテクト試験.</summary>
    SystemArchitect,

    /// <summary>システム監査技術者（IPA）</summary>
    SystemsAuditor,

    /// <summary>情報処理安全確保支援士（IPA）</summary>
    InformationSecuritySpecialist,

    /// <summary>プロジェクトマネージャ（IPA)</summary>
    ProjectManager,

    /// <summary>PMP(Project Management Institute (PMI) )</summary>
    Pmp,

    /// <summary>ITサービスマネージャー（IPA)</summary>
    ITServiceManager,
}

/// <summary>The kinds of 望ましい経験 across all personas.</summary>
public enum ExperienceKind
{
    /// <summary>デジタル分野における戦略の立案・推進の責任者としてチームをリードした経験.</summary>
    DigitalStrategyLeadership,

    /// <summary>デジタル分野におけるプロジェクトの責任者としてメンバーをリードした経験.</summary>
    DigitalProjectLeadership,

    /// <summary>デジタル技術を活用する部門・情報システム所管部門での管理職又は同等の経験.</summary>
    DigitalDepartmentManagement,

    /// <summary>一般消費者向けのデジタルサービスを企画・設計・開発・実装した経験.</summary>
    ConsumerDigitalServiceDevelopment,

    /// <summary>デジタルツールの実装を行った経験.</summary>
    DigitalToolImplementation,

    /// <summary>自治体で勤務した経験、又は自治体から受託した業務に従事した経験.</summary>
    LocalGovernment,
}

/// <param name="Description">The seed's sentence for this experience; it differs per persona (e.g. 5年 vs 3年).</param>
/// <param name="MinimumYears">The "N年程度" of the seed, or 0 where the seed asks for no duration.</param>
public sealed record ExperienceRequirement(ExperienceKind Kind, string Description, int MinimumYears);
