using Workflow.Domain.Applications;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Screening;

public class ScreeningRulesTests
{
    private static readonly ExperienceClaim LocalGovernment = new(ExperienceKind.LocalGovernment, 2, "市役所の情報政策課に勤務");

    private static ScreeningResult Screen(
        Persona persona,
        Qualification[]? qualifications = null,
        SkillLevelClaim[]? levels = null,
        ExperienceClaim[]? experiences = null) =>
        ScreeningRules.Screen(SkillStandardCatalog.R3Draft.For(persona), qualifications ?? [], levels ?? [], experiences ?? []);

    /// <summary>The reason screening gives for missing experience quotes the requirement the call page prints.</summary>
    private static string NoExperience(Persona persona) =>
        $"望ましい経験が確認できません（{string.Join("、又は", ScreeningRules.Requirement(SkillStandardCatalog.R3Draft.For(persona)).Experience)}）。";

    [Fact]
    public void Producer_with_level_exactly_at_threshold_is_eligible()
    {
        var result = Screen(Persona.Producer, levels: [new(SkillFramework.Itss, "コンサルタント", 4)], experiences: [LocalGovernment]);

        Assert.True(result.Eligible);
        Assert.Equal(Persona.Producer, result.Persona);
        Assert.Contains(result.Reasons, r => r.StartsWith("望ましいスキルレベルを有しています", StringComparison.Ordinal) && r.Contains("コンサルタント", StringComparison.Ordinal));
    }

    [Fact]
    public void Producer_with_level_one_below_threshold_is_not_eligible()
    {
        var result = Screen(Persona.Producer, levels: [new(SkillFramework.Itss, "コンサルタント", 3)], experiences: [LocalGovernment]);

        Assert.False(result.Eligible);
        Assert.Contains(result.Reasons, r => r.StartsWith("望ましいスキルレベル又は資格が確認できません", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.Contains("レベル4相当以上", StringComparison.Ordinal));
    }

    [Fact]
    public void Qualification_instead_of_level_is_enough()
    {
        var result = Screen(Persona.Producer, qualifications: [Qualification.ITStrategist], experiences: [LocalGovernment]);

        Assert.True(result.Eligible);
        Assert.Contains("望ましい資格を有しています（ITストラテジスト）。", result.Reasons);
    }

    [Fact]
    public void Qualification_desired_for_another_persona_does_not_count()
    {
        var result = Screen(Persona.Producer, qualifications: [Qualification.Pmp], experiences: [LocalGovernment]);

        Assert.False(result.Eligible);
    }

    [Fact]
    public void Level_in_a_field_not_listed_does_not_count()
    {
        var result = Screen(Persona.Producer, levels: [new(SkillFramework.Itss, "プロジェクトマネジメント", 7)], experiences: [LocalGovernment]);

        Assert.False(result.Eligible);
    }

    [Fact]
    public void Level_in_the_wrong_framework_does_not_count()
    {
        // ITアーキテクト is an ITSS field for the producer; the same name claimed under UISS is not what the seed lists.
        var result = Screen(Persona.Producer, levels: [new(SkillFramework.Uiss, "ITアーキテクト", 5)], experiences: [LocalGovernment]);

        Assert.False(result.Eligible);
    }

    [Fact]
    public void Uiss_field_at_threshold_counts()
    {
        var result = Screen(Persona.Producer, levels: [new(SkillFramework.Uiss, "ISストラテジスト", 4)], experiences: [LocalGovernment]);

        Assert.True(result.Eligible);
    }

    [Fact]
    public void Full_width_field_name_matches()
    {
        var result = Screen(Persona.Producer, levels: [new(SkillFramework.Itss, "ＩＴアーキテクト", 4)], experiences: [LocalGovernment]);

        Assert.True(result.Eligible);
    }

    [Fact]
    public void Missing_experience_is_not_eligible()
    {
        var result = Screen(Persona.Producer, qualifications: [Qualification.ITStrategist]);

        Assert.False(result.Eligible);
        Assert.Contains(NoExperience(Persona.Producer), result.Reasons);
    }

    [Fact]
    public void Experience_desired_for_another_persona_does_not_count()
    {
        var result = Screen(
            Persona.Producer,
            qualifications: [Qualification.ITStrategist],
            experiences: [new(ExperienceKind.DigitalToolImplementation, 10, "RPA導入")]);

        Assert.False(result.Eligible);
    }

    [Theory]
    [InlineData(Persona.Producer, 4, false)]
    [InlineData(Persona.Producer, 5, true)]
    [InlineData(Persona.ProjectManager, 2, false)]
    [InlineData(Persona.ProjectManager, 3, true)]
    public void Management_years_must_reach_the_seed_minimum(Persona persona, int years, bool eligible)
    {
        var qualification = persona == Persona.Producer ? Qualification.SystemsAuditor : Qualification.Pmp;

        var result = Screen(persona, qualifications: [qualification], experiences: [new(ExperienceKind.DigitalDepartmentManagement, years, "情報システム部長")]);

        Assert.Equal(eligible, result.Eligible);
        if (!eligible)
        {
            Assert.Contains(result.Reasons, r => r.Contains($"{years}年です", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("プロジェクトマネジメント", SkillFramework.Itss, 3, true)]
    [InlineData("プロジェクトマネジメント", SkillFramework.Itss, 2, false)]
    [InlineData("プログラムマネージャ", SkillFramework.Uiss, 3, true)]
    [InlineData("プログラムマネージャ", SkillFramework.Itss, 6, false)]
    public void Project_manager_threshold_is_level_3(string field, SkillFramework framework, int level, bool eligible)
    {
        var result = Screen(
            Persona.ProjectManager,
            levels: [new(framework, field, level)],
            experiences: [new(ExperienceKind.DigitalProjectLeadership, 0, "基幹システム刷新のPM")]);

        Assert.Equal(eligible, result.Eligible);
    }

    [Fact]
    public void Service_designer_is_eligible_with_experience_only()
    {
        var result = Screen(Persona.ServiceDesigner, experiences: [new(ExperienceKind.ConsumerDigitalServiceDevelopment, 3, "アプリのUXデザイン")]);

        Assert.True(result.Eligible);
        Assert.Contains(result.Reasons, r => r.Contains("定めがない", StringComparison.Ordinal));
    }

    [Fact]
    public void Service_designer_without_experience_is_not_eligible()
    {
        var result = Screen(Persona.ServiceDesigner, qualifications: [Qualification.ITStrategist], levels: [new(SkillFramework.Itss, "コンサルタント", 7)]);

        Assert.False(result.Eligible);
        Assert.Contains(NoExperience(Persona.ServiceDesigner), result.Reasons);
    }

    [Fact]
    public void Engineer_with_qualification_and_tool_experience_is_eligible()
    {
        var result = Screen(
            Persona.Engineer,
            qualifications: [Qualification.ITServiceManager],
            experiences: [new(ExperienceKind.DigitalToolImplementation, 1, "RPA導入")]);

        Assert.True(result.Eligible);
    }

    [Fact]
    public void Multiple_personas_are_eligible_when_one_is()
    {
        var screening = ScreeningRules.Screen(
            SkillStandardCatalog.R3Draft,
            [Persona.Producer, Persona.Engineer],
            [],
            [new SkillLevelClaim(SkillFramework.Uiss, "システムデザイナー", 3)],
            [LocalGovernment]);

        Assert.True(screening.Eligible);
        Assert.Equal(2, screening.PerPersona.Count);
        Assert.False(screening.PerPersona.Single(r => r.Persona == Persona.Producer).Eligible);
        Assert.True(screening.PerPersona.Single(r => r.Persona == Persona.Engineer).Eligible);
    }

    [Fact]
    public void Multiple_personas_none_eligible()
    {
        var screening = ScreeningRules.Screen(SkillStandardCatalog.R3Draft, [Persona.Producer, Persona.ProjectManager], [], [], []);

        Assert.False(screening.Eligible);
        Assert.All(screening.PerPersona, r => Assert.False(r.Eligible));
    }

    [Fact]
    public void Duplicate_personas_are_screened_once()
    {
        var screening = ScreeningRules.Screen(SkillStandardCatalog.R3Draft, [Persona.Engineer, Persona.Engineer], [], [], []);

        Assert.Single(screening.PerPersona);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reasons_are_non_empty_japanese_sentences(bool eligible)
    {
        var result = eligible
            ? Screen(Persona.Producer, qualifications: [Qualification.ITStrategist], experiences: [LocalGovernment])
            : Screen(Persona.Producer);

        Assert.Equal(eligible, result.Eligible);
        Assert.True(result.Reasons.Count >= 2);
        Assert.All(result.Reasons, r =>
        {
            Assert.EndsWith("。", r, StringComparison.Ordinal);
            Assert.Contains(r, c => c is >= '\u3040' and <= '\u30FF');
        });
        Assert.StartsWith("プロデューサー（CIO補佐官等）の望ましい要件を満たして", result.Reasons[0], StringComparison.Ordinal);
    }
}
