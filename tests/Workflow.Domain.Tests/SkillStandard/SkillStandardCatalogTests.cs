using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.SkillStandard;

public class SkillStandardCatalogTests
{
    [Fact]
    public void All_lists_the_four_personas_in_the_seed_order()
    {
        Assert.Equal(
            [Persona.Producer, Persona.ProjectManager, Persona.ServiceDesigner, Persona.Engineer],
            SkillStandardCatalog.R3Draft.Personas.Select(p => p.Persona));
    }

    [Theory]
    [InlineData(Persona.Producer, 4, 3, 2, 4, 3)]
    [InlineData(Persona.ProjectManager, 5, 3, 2, 2, 3)]
    [InlineData(Persona.ServiceDesigner, 5, 2, 0, 0, 2)]
    [InlineData(Persona.Engineer, 2, 2, 2, 1, 2)]
    public void Each_persona_has_the_seed_counts(Persona persona, int technical, int human, int levels, int qualifications, int experiences)
    {
        var profile = SkillStandardCatalog.R3Draft.For(persona);

        Assert.Equal(technical, profile.TechnicalSkills.Count);
        Assert.Equal(human, profile.HumanSkills.Count);
        Assert.Equal(levels, profile.DesiredSkillLevels.Count);
        Assert.Equal(qualifications, profile.DesiredQualifications.Count);
        Assert.Equal(experiences, profile.DesiredExperience.Count);
        Assert.Equal(technical + human, profile.AllSkills.Count());
        Assert.All(profile.TechnicalSkills, s => Assert.Equal(SkillKind.Technical, s.Kind));
        Assert.All(profile.HumanSkills, s => Assert.Equal(SkillKind.Human, s.Kind));
    }

    [Fact]
    public void Producer_matches_the_seed()
    {
        var p = SkillStandardCatalog.R3Draft.For(Persona.Producer);

        Assert.Equal("プロデューサー（CIO補佐官等）", p.Name);
        Assert.Equal("全庁的な自治体ＤＸの企画・推進", p.Category);
        Assert.Equal("局部長級", p.PositionLevel);
        Assert.Equal(5, p.Roles.Count);
        Assert.Equal("全体方針（DX推進のビジョン・工程表）を立案する。", p.Roles[1]);
        Assert.Equal("国の政策動向に関する知見、全体方針立案", p.MainSkillsSummary);
        Assert.Equal(["全体方針立案", "サービスデザイン思考", "技術・データの活用", "情報セキュリティ"], p.TechnicalSkills.Select(s => s.Name));
        Assert.Equal(["リーダーシップ", "コミュニケーション", "コーディネート"], p.HumanSkills.Select(s => s.Name));
        Assert.Equal("利用者の本質的なニーズに基づき、利用者に「使っていただく」という意識でサービス・業務を見直し。", p.TechnicalSkills[1].Description);
        Assert.Equal("producer.policy-planning", p.TechnicalSkills[0].Code);
        Assert.Equal(["コンサルタント", "ITアーキテクト"], p.DesiredSkillLevels.Single(r => r.Framework == SkillFramework.Itss).Fields);
        Assert.Equal(["ビジネスストラテジスト", "ISストラテジスト", "ISアーキテクト"], p.DesiredSkillLevels.Single(r => r.Framework == SkillFramework.Uiss).Fields);
        Assert.All(p.DesiredSkillLevels, r => Assert.Equal(4, r.MinimumLevel));
        Assert.Equal(
            [Qualification.ITStrategist, Qualification.SystemArchitect, Qualification.SystemsAuditor, Qualification.InformationSecuritySpecialist],
            p.DesiredQualifications);
        var management = p.DesiredExperience.Single(e => e.Kind == ExperienceKind.DigitalDepartmentManagement);
        Assert.Equal(5, management.MinimumYears);
        Assert.Equal("民間企業等のデジタル技術を活用する部門もしくは情報システムを所管する部門で5年程度の管理職又は同等の経験。", management.Description);
    }

    [Fact]
    public void Project_manager_matches_the_seed()
    {
        var p = SkillStandardCatalog.R3Draft.For(Persona.ProjectManager);

        Assert.Equal("課長級", p.PositionLevel);
        Assert.Equal(["プロジェクト企画", "スケジュール管理", "コスト管理", "品質管理", "委託管理"], p.TechnicalSkills.Select(s => s.Name));
        Assert.Equal("プロジェクトにおける成果物の品質を管理し、成果物を検証。", p.TechnicalSkills[3].Description);
        Assert.Equal(["プロジェクトマネジメント"], p.DesiredSkillLevels.Single(r => r.Framework == SkillFramework.Itss).Fields);
        Assert.Equal(["プログラムマネージャ"], p.DesiredSkillLevels.Single(r => r.Framework == SkillFramework.Uiss).Fields);
        Assert.All(p.DesiredSkillLevels, r => Assert.Equal(3, r.MinimumLevel));
        Assert.Equal([Qualification.ProjectManager, Qualification.Pmp], p.DesiredQualifications);
        Assert.Equal(3, p.DesiredExperience.Single(e => e.Kind == ExperienceKind.DigitalDepartmentManagement).MinimumYears);
    }

    [Fact]
    public void Service_designer_has_no_levels_or_qualifications()
    {
        var p = SkillStandardCatalog.R3Draft.For(Persona.ServiceDesigner);

        Assert.Empty(p.DesiredSkillLevels);
        Assert.Empty(p.DesiredQualifications);
        Assert.Equal("係長級－係員級", p.PositionLevel);
        Assert.Equal(["要求分析", "UI技術", "UX技術", "業務分析", "データ活用"], p.TechnicalSkills.Select(s => s.Name));
        Assert.Equal(["リーダーシップ", "コミュニケーション"], p.HumanSkills.Select(s => s.Name));
        Assert.Equal(
            [ExperienceKind.ConsumerDigitalServiceDevelopment, ExperienceKind.LocalGovernment],
            p.DesiredExperience.Select(e => e.Kind));
        Assert.All(p.DesiredExperience, e => Assert.Equal(0, e.MinimumYears));
    }

    [Fact]
    public void Engineer_matches_the_seed()
    {
        var p = SkillStandardCatalog.R3Draft.For(Persona.Engineer);

        Assert.Equal(["要求分析", "デジタルツール実装"], p.TechnicalSkills.Select(s => s.Name));
        Assert.Equal("具体化した要件を実現するため、適切なデジタルツール（RPA・ノーコードツール等）を実装。", p.TechnicalSkills[1].Description);
        Assert.Equal(
            ["ITスペシャリスト", "アプリケーションスペシャリスト", "ITサービスマネジメント", "カスタマーサービス"],
            p.DesiredSkillLevels.Single(r => r.Framework == SkillFramework.Itss).Fields);
        Assert.Equal(["アプリケーションデザイナー", "システムデザイナー"], p.DesiredSkillLevels.Single(r => r.Framework == SkillFramework.Uiss).Fields);
        Assert.Equal([Qualification.ITServiceManager], p.DesiredQualifications);
        Assert.Single(p.Roles);
    }

    [Fact]
    public void Skill_codes_are_unique_ascii_and_prefixed_by_persona()
    {
        var codes = SkillStandardCatalog.R3Draft.Personas.SelectMany(p => p.AllSkills.Select(s => s.Code)).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z-]+\\.[a-z-]+$", c));
        Assert.True(SkillStandardCatalog.R3Draft.TryFindSkill("engineer.leadership", out var persona, out var skill));
        Assert.Equal(Persona.Engineer, persona);
        Assert.Equal("リーダーシップ", skill.Name);
        Assert.False(SkillStandardCatalog.R3Draft.TryFindSkill("engineer.nothing", out _, out _));
    }

    [Fact]
    public void Descriptions_have_no_line_breaks()
    {
        Assert.All(
            SkillStandardCatalog.R3Draft.Personas.SelectMany(p => p.AllSkills.Select(s => s.Description).Concat(p.Roles).Concat(p.DesiredExperience.Select(e => e.Description))),
            d => Assert.DoesNotContain('\n', d));
    }

    [Theory]
    [InlineData(Persona.Producer, "プロデューサー（CIO補佐官等）")]
    [InlineData(Persona.ProjectManager, "プロジェクトマネージャー")]
    [InlineData(Persona.ServiceDesigner, "サービスデザイナー")]
    [InlineData(Persona.Engineer, "エンジニア")]
    public void Persona_display_names(Persona persona, string expected)
    {
        Assert.Equal(expected, SkillStandardCatalog.DisplayName(persona));
        Assert.Equal(expected, SkillStandardCatalog.R3Draft.For(persona).Name);
    }

    [Theory]
    [InlineData(Qualification.ITStrategist, "ITストラテジスト")]
    [InlineData(Qualification.SystemArchitect, "ITアーキテクト")]
    [InlineData(Qualification.SystemsAuditor, "システム監査技術者")]
    [InlineData(Qualification.InformationSecuritySpecialist, "情報処理安全確保支援士")]
    [InlineData(Qualification.ProjectManager, "プロジェクトマネージャ")]
    [InlineData(Qualification.Pmp, "PMP")]
    [InlineData(Qualification.ITServiceManager, "ITサービスマネージャー")]
    public void Qualification_display_names_and_parsing(Qualification q, string expected)
    {
        Assert.Equal(expected, SkillStandardCatalog.DisplayName(q));
        Assert.True(SkillStandardCatalog.TryParseQualification(expected, out var parsed));
        Assert.Equal(q, parsed);
        Assert.True(SkillStandardCatalog.TryParseQualification(q.ToString().ToLowerInvariant(), out parsed));
        Assert.Equal(q, parsed);
    }

    [Theory]
    [InlineData("ITストラテジスト（IPA）", Qualification.ITStrategist)]
    [InlineData("ITサービスマネージャ", Qualification.ITServiceManager)]
    [InlineData("pmp", Qualification.Pmp)]
    [InlineData("ＰＭＰ", Qualification.Pmp)]
    public void Qualification_parsing_accepts_seed_variants(string value, Qualification expected)
    {
        Assert.True(SkillStandardCatalog.TryParseQualification(value, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("producer", Persona.Producer)]
    [InlineData("PROJECTMANAGER", Persona.ProjectManager)]
    [InlineData("ServiceDesigner", Persona.ServiceDesigner)]
    [InlineData("プロデューサー（CIO補佐官等）", Persona.Producer)]
    [InlineData("プロデューサー(CIO補佐官等)", Persona.Producer)]
    [InlineData("プロデューサー", Persona.Producer)]
    [InlineData(" エンジニア ", Persona.Engineer)]
    public void Persona_parsing(string value, Persona expected)
    {
        Assert.True(SkillStandardCatalog.TryParsePersona(value, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("デザイナー")]
    [InlineData("producers")]
    public void Persona_parsing_rejects_unknown(string value)
    {
        Assert.False(SkillStandardCatalog.TryParsePersona(value, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("基本情報技術者")]
    public void Qualification_parsing_rejects_unknown(string value)
    {
        Assert.False(SkillStandardCatalog.TryParseQualification(value, out _));
    }

    [Fact]
    public void Framework_and_experience_display_names()
    {
        Assert.Equal("ITスキル標準(IPA)", SkillStandardCatalog.DisplayName(SkillFramework.Itss));
        Assert.Equal("情報システムユーザースキル標準(IPA)", SkillStandardCatalog.DisplayName(SkillFramework.Uiss));
        Assert.All(Enum.GetValues<ExperienceKind>(), k => Assert.False(string.IsNullOrWhiteSpace(SkillStandardCatalog.DisplayName(k))));
    }

    [Fact]
    public void Unknown_enum_values_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SkillStandardCatalog.R3Draft.For((Persona)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => SkillStandardCatalog.DisplayName((Qualification)42));
    }

    [Fact]
    public void Known_fields_cover_every_persona()
    {
        Assert.Contains("プロジェクトマネジメント", SkillStandardCatalog.R3Draft.KnownFields(SkillFramework.Itss));
        Assert.Contains("システムデザイナー", SkillStandardCatalog.R3Draft.KnownFields(SkillFramework.Uiss));
        Assert.DoesNotContain("システムデザイナー", SkillStandardCatalog.R3Draft.KnownFields(SkillFramework.Itss));
    }
}
