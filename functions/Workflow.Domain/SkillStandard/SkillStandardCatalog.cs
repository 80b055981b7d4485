using System.Text;

namespace Workflow.Domain.SkillStandard;

/// <summary>
/// The 自治体DX外部人材スキル標準 (総務省) as data. Every Japanese string is copied from the ministry's slides so that what
/// applicants and municipalities read matches the published standard word for word. The requirements are versioned
/// (<see cref="SkillStandardVersions"/>); the names of personas, qualifications, experience kinds and frameworks are
/// not, because enums and stored applications use them across versions.
/// </summary>
public static class SkillStandardCatalog
{
    private const string LocalGovernmentExperienceOr = "自治体で勤務した経験、又は自治体から受託した業務に従事した経験。";

    /// <summary>
    /// The text of the seed's slides: 総務省「自治体ＤＸ外部人材スキル標準について」, whose persona tables are headed
    /// 「（参考）自治体DXに係る外部人材スキル標準のイメージ①～④」 — an image of the standard rather than a final text,
    /// hence "draft". The slides state no date of their own; the latest they state is 「令和３年９月１日時点」 for
    /// their survey figures, which is taken as the version's date.
    /// </summary>
    public static SkillStandardVersion R3Draft { get; } = new(
        "r3-draft",
        "自治体ＤＸ外部人材スキル標準について",
        "総務省「自治体ＤＸ外部人材スキル標準について」（参考）自治体DXに係る外部人材スキル標準のイメージ①～④（令和３年９月１日時点）",
        new DateOnly(2021, 9, 1),
        [
            BuildProducer(),
            BuildProjectManager(),
            BuildServiceDesigner(),
            BuildEngineer(),
        ]);

    public static string DisplayName(Persona persona) => persona switch
    {
        Persona.Producer => "プロデューサー（CIO補佐官等）",
        Persona.ProjectManager => "プロジェクトマネージャー",
        Persona.ServiceDesigner => "サービスデザイナー",
        Persona.Engineer => "エンジニア",
        _ => throw new ArgumentOutOfRangeException(nameof(persona), persona, "Unknown persona."),
    };

    public static string DisplayName(Qualification q) => q switch
    {
        Qualification.ITStrategist => "ITストラテジスト",
        Qualification.SystemArchitect => "ITアーキテクト",
        Qualification.SystemsAuditor => "システム監査技術者",
        Qualification.InformationSecuritySpecialist => "情報処理安全確保支援士",
        Qualification.ProjectManager => "プロジェクトマネージャ",
        Qualification.Pmp => "PMP",
        Qualification.ITServiceManager => "ITサービスマネージャー",
        _ => throw new ArgumentOutOfRangeException(nameof(q), q, "Unknown qualification."),
    };

    // The seed's sentences without the final 。 so they read as labels; the management one drops "N年程度の" because
    // the duration differs per persona (see ExperienceRequirement.Description and MinimumYears).
    public static string DisplayName(ExperienceKind k) => k switch
    {
        ExperienceKind.DigitalStrategyLeadership => "デジタル分野における戦略の立案・推進の責任者として、チームのメンバーをリードした経験",
        ExperienceKind.DigitalProjectLeadership => "デジタル分野におけるプロジェクトの提案、立ち上げ、計画策定、実行、終結といったプロセスにおけるプロジェクトの責任者として、プロジェクトのメンバーをリードした経験",
        ExperienceKind.DigitalDepartmentManagement => "民間企業等のデジタル技術を活用する部門もしくは情報システムを所管する部門での管理職又は同等の経験",
        ExperienceKind.ConsumerDigitalServiceDevelopment => "民間企業等において一般消費者向けのデジタルサービスを企画・設計・開発・実装した経験",
        ExperienceKind.DigitalToolImplementation => "民間企業等においてデジタルツールの実装を行った経験",
        ExperienceKind.LocalGovernment => "自治体で勤務した経験、又は自治体から受託した業務に従事した経験",
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, "Unknown experience kind."),
    };

    public static string DisplayName(SkillFramework f) => f switch
    {
        SkillFramework.Itss => "ITスキル標準(IPA)",
        SkillFramework.Uiss => "情報システムユーザースキル標準(IPA)",
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, "Unknown skill framework."),
    };

    /// <summary>
    /// Accepts the enum name in any case, the Japanese display name, or the name without the parenthetical
    /// (プロデューサー). Full-width and half-width forms are treated alike because forms and CSVs mix them.
    /// </summary>
    public static bool TryParsePersona(string value, out Persona persona)
    {
        var key = Key(value);
        foreach (var candidate in Enum.GetValues<Persona>())
        {
            if (key.Length > 0 && (key == Key(candidate.ToString()) || key == Key(DisplayName(candidate)) || key == Key(ShortName(candidate))))
            {
                persona = candidate;
                return true;
            }
        }

        persona = default;
        return false;
    }

    /// <summary>
    /// Accepts the enum name in any case or the Japanese name, with or without the seed's "（IPA）" suffix. Also
    /// accepts the official exam names where the seed abbreviates (システムアーキテクト, ITサービスマネージャ).
    /// </summary>
    public static bool TryParseQualification(string value, out Qualification q)
    {
        var key = Key(value);
        if (key.EndsWith("(ipa)", StringComparison.Ordinal))
        {
            key = key[..^"(ipa)".Length].TrimEnd();
        }

        foreach (var candidate in Enum.GetValues<Qualification>())
        {
            if (key.Length > 0 && (key == Key(candidate.ToString()) || key == Key(DisplayName(candidate)) || Aliases(candidate).Any(a => key == Key(a))))
            {
                q = candidate;
                return true;
            }
        }

        q = default;
        return false;
    }

    private static string ShortName(Persona persona) => persona == Persona.Producer ? "プロデューサー" : DisplayName(persona);

    private static IEnumerable<string> Aliases(Qualification q) => q switch
    {
        Qualification.SystemArchitect => ["システムアーキテクト"],
        Qualification.ProjectManager => ["プロジェクトマネージャー"],
        Qualification.ITServiceManager => ["ITサービスマネージャ"],
        _ => [],
    };

    private static string Key(string? value) =>
        (value ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();

    private static SkillItem Technical(string code, string name, string description) => new(code, name, description, SkillKind.Technical);

    private static SkillItem Human(string code, string name, string description) => new(code, name, description, SkillKind.Human);

    private static PersonaProfile BuildProducer() => new(
        Persona.Producer,
        DisplayName(Persona.Producer),
        "全庁的な自治体ＤＸの企画・推進",
        "局部長級",
        [
            "自治体DXの推進に向け、組織全体の機運醸成、職員の意識改革を図る。",
            "全体方針（DX推進のビジョン・工程表）を立案する。",
            "全庁的なDX推進体制を構築する。",
            "他自治体や民間企業等との連携の枠組みを構築する。",
            "情報セキュリティポリシーを見直す。",
        ],
        "国の政策動向に関する知見、全体方針立案",
        [
            Technical("producer.policy-planning", "全体方針立案", "ガバメントクラウド、マイナポータル等、国の自治体DXに関する政策の動向を把握するとともに、相互に関連するDXの取組みを総合的かつ効果的に実施し、全庁的にDXを強力に推進していくための全体方針を立案。（必要に応じ個別の取組に関する計画を策定）"),
            Technical("producer.service-design-thinking", "サービスデザイン思考", "利用者の本質的なニーズに基づき、利用者に「使っていただく」という意識でサービス・業務を見直し。"),
            Technical("producer.technology-and-data", "技術・データの活用", "自治体DXを進める上で生じた課題の解決に資する、適切なデジタル技術の導入やデータの活用を助言。"),
            Technical("producer.information-security", "情報セキュリティ", "三層の対策など、自治体の情報セキュリティポリシーに関する国の政策動向や情報セキュリティ技術に関する知識に基づき、自団体の実態に応じて情報セキュリティポリシーを見直し。"),
        ],
        [
            Human("producer.leadership", "リーダーシップ", "ビジョンの実現に向け、自らが変革の原動力となり、組織横断的に職員に働きかけ、全庁的に自治体DXの機運を醸成。"),
            Human("producer.communication", "コミュニケーション", "首長やCIOをはじめとした自治体の内部のみならず、民間事業者・大学等の外部の関係者とも密接に意思疎通を行う。"),
            Human("producer.coordination", "コーディネート", "連携の枠組みの構築に向け、自らの所属する自治体の職員と他自治体の職員・民間事業者及び大学等の外部の関係者を結びつける。"),
        ],
        [
            new(SkillFramework.Itss, ["コンサルタント", "ITアーキテクト"], 4),
            new(SkillFramework.Uiss, ["ビジネスストラテジスト", "ISストラテジスト", "ISアーキテクト"], 4),
        ],
        [Qualification.ITStrategist, Qualification.SystemArchitect, Qualification.SystemsAuditor, Qualification.InformationSecuritySpecialist],
        [
            new(ExperienceKind.DigitalStrategyLeadership, "デジタル分野における戦略の立案・推進の責任者として、チームのメンバーをリードした経験。", 0),
            // "5年程度" is read as a floor: screening is a first filter and the panel review can still weigh borderline cases.
            new(ExperienceKind.DigitalDepartmentManagement, "民間企業等のデジタル技術を活用する部門もしくは情報システムを所管する部門で5年程度の管理職又は同等の経験。", 5),
            new(ExperienceKind.LocalGovernment, LocalGovernmentExperienceOr, 0),
        ]);

    private static PersonaProfile BuildProjectManager() => new(
        Persona.ProjectManager,
        DisplayName(Persona.ProjectManager),
        "自治体ＤＸを実現するための各プロジェクトの企画・推進",
        "課長級",
        [
            "プロジェクトを企画し、そのスケジュール、コスト、品質等を管理する。",
            "(外部に業務を委託する場合)事業者の選定を行う。",
            "他自治体や民間企業等との連携の枠組みを構築する。",
        ],
        "企画構想、スケジュール管理、コスト管理",
        [
            Technical("project-manager.project-planning", "プロジェクト企画", "全体方針をもとに、自治体内部や地域の課題、利用者のニーズをくみとり、プロジェクトを企画。"),
            Technical("project-manager.schedule-management", "スケジュール管理", "プロジェクトで発生する作業を誰がいつまでに実行するかなどを定め、作業の進捗を管理。"),
            Technical("project-manager.cost-management", "コスト管理", "プロジェクトに必要なコストを算出し、プロジェクト費用を想定の範囲内に収めるためコスト実績を管理。"),
            Technical("project-manager.quality-management", "品質管理", "プロジェクトにおける成果物の品質を管理し、成果物を検証。"),
            Technical("project-manager.vendor-management", "委託管理", "プロジェクトに必要な作業を外部に委託し、事業者の選定から検収までの工程を管理。"),
        ],
        [
            Human("project-manager.leadership", "リーダーシップ", "プロジェクトの達成に向けて、プロジェクトの所属メンバーなどに積極的に働きかけを行う。"),
            Human("project-manager.communication", "コミュニケーション", "プロジェクトのメンバーのみならず、民間事業者・大学等の外部の関係者とも密接に意思疎通を行う。"),
            Human("project-manager.coordination", "コーディネート", "連携の枠組みの構築に向け、プロジェクトメンバーと民間事業者・大学等の外部の関係者を結び付ける。"),
        ],
        [
            // The seed says "レベル3~4相当以上": the lower bound of that range is what "以上" attaches to, so level 3 qualifies;
            // taking 4 would exclude people the ministry meant to include.
            new(SkillFramework.Itss, ["プロジェクトマネジメント"], 3),
            new(SkillFramework.Uiss, ["プログラムマネージャ"], 3),
        ],
        [Qualification.ProjectManager, Qualification.Pmp],
        [
            new(ExperienceKind.DigitalProjectLeadership, "デジタル分野におけるプロジェクトの提案、立ち上げ、計画策定、実行、終結といったプロセスにおけるプロジェクトの責任者として、プロジェクトのメンバーをリードした経験。", 0),
            new(ExperienceKind.DigitalDepartmentManagement, "民間企業等のデジタル技術を活用する部門もしくは情報システムを所管する部門で3年程度の管理職又は同等の経験。", 3),
            new(ExperienceKind.LocalGovernment, "自治体で勤務した経験、もしくは自治体から受託した業務に従事した経験。", 0),
        ]);

    private static PersonaProfile BuildServiceDesigner() => new(
        Persona.ServiceDesigner,
        DisplayName(Persona.ServiceDesigner),
        "各プロジェクトにおけるサービス・業務の設計",
        "係長級－係員級",
        [
            "利用者にとって使いやすい行政サービスを実現する。",
            "業務プロセスの見直し（BPR）を実施・支援する。",
            "業務の効率化、サービスの改善や地域社会のデジタル化のためにデータを活用する。",
        ],
        "業務改革、サービス設計、UI・UX",
        [
            Technical("service-designer.requirements-analysis", "要求分析", "サービスデザイン思考に基づき、サービス利用者（住民・職員）が求めている要望を可視化し、サービスで実現する要件を具体化。"),
            Technical("service-designer.ui", "UI技術", "利用者にとって使いやすいサービスを実現するため、ソフトウェアの操作画面など利用者と情報システムとの接点（UI：ユーザーインターフェイス）を設計。"),
            Technical("service-designer.ux", "UX技術", "人間中心設計やデザインリサーチなどの方法論（フィールドワーク、参与観察などの各種定性調査手法）を利用することにより、利用者にとって望ましいサービスの利用体験（UX：ユーザーエクスペリエンス）を設計。"),
            Technical("service-designer.business-analysis", "業務分析", "定量及び定性的データを分析し、自治体の業務内容及びプロセスを可視化することにより、課題を捉える。"),
            Technical("service-designer.data-utilization", "データ活用", "業務の効率化、行政サービスの改善や地域社会のデジタル化のために、自治体が保有するデータを活用する。"),
        ],
        [
            Human("service-designer.leadership", "リーダーシップ", "サービスや業務の見直し・改善のため、所管課の職員などに積極的に働きかけを行う。"),
            Human("service-designer.communication", "コミュニケーション", "サービスや業務の見直し・改善のため、所管課の職員やサービス利用者と密接に意思疎通する。"),
        ],
        [],
        [],
        [
            new(ExperienceKind.ConsumerDigitalServiceDevelopment, "民間企業等において一般消費者向けのデジタルサービスを企画・設計・開発・実装した経験。", 0),
            new(ExperienceKind.LocalGovernment, LocalGovernmentExperienceOr, 0),
        ]);

    private static PersonaProfile BuildEngineer() => new(
        Persona.Engineer,
        DisplayName(Persona.Engineer),
        "各プロジェクトにおけるサービス・業務の実装",
        "係長級－係員級",
        ["適切なデジタルツール（RPA・ノーコードツール等）を実装することにより、業務の効率化や住民の利便性向上を実現する。"],
        "RPA、ローコード等に関する知見",
        [
            Technical("engineer.requirements-analysis", "要求分析", "サービス利用者（住民・職員）が求めている要望を可視化し、デジタルツールで実現する要件を具体化。"),
            Technical("engineer.digital-tool-implementation", "デジタルツール実装", "具体化した要件を実現するため、適切なデジタルツール（RPA・ノーコードツール等）を実装。"),
        ],
        [
            Human("engineer.leadership", "リーダーシップ", "デジタルツールの実装に向けて、所管課の職員などに積極的に働きかけを行う。"),
            Human("engineer.communication", "コミュニケーション", "デジタルツールの実装に向けて、所管課の職員やサービス利用者と密接に意思疎通する。"),
        ],
        [
            new(SkillFramework.Itss, ["ITスペシャリスト", "アプリケーションスペシャリスト", "ITサービスマネジメント", "カスタマーサービス"], 3),
            new(SkillFramework.Uiss, ["アプリケーションデザイナー", "システムデザイナー"], 3),
        ],
        [Qualification.ITServiceManager],
        [
            new(ExperienceKind.DigitalToolImplementation, "民間企業等においてデジタルツールの実装を行った経験。", 0),
            new(ExperienceKind.LocalGovernment, LocalGovernmentExperienceOr, 0),
        ]);
}
