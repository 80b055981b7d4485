using Workflow.Domain.Applications;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Screening;

/// <summary>The requirement the call page prints is the one screening applies.</summary>
public sealed class EligibilityRequirementTests
{
    private static EligibilityRequirement Of(Persona persona) => ScreeningRules.Requirement(SkillStandardCatalog.R3Draft.For(persona));

    [Theory]
    [InlineData(Persona.Producer)]
    [InlineData(Persona.ProjectManager)]
    [InlineData(Persona.Engineer)]
    public void A_level_or_a_qualification_and_an_experience_are_both_required(Persona persona)
    {
        var profile = SkillStandardCatalog.R3Draft.For(persona);
        var requirement = Of(persona);

        Assert.False(requirement.ExperienceAlone);
        Assert.Equal(EligibilityRequirement.BothSummary, requirement.Summary);
        Assert.Contains("両方", requirement.Summary, StringComparison.Ordinal);
        // One alternative per desired level, plus one naming every desired qualification.
        Assert.Equal(profile.DesiredSkillLevels.Count + 1, requirement.LevelOrQualification.Count);
        Assert.All(profile.DesiredQualifications, q => Assert.Contains(SkillStandardCatalog.DisplayName(q), requirement.LevelOrQualification[^1], StringComparison.Ordinal));
        Assert.Equal(profile.DesiredExperience.Count, requirement.Experience.Count);
    }

    [Fact]
    public void Where_the_standard_has_no_levels_or_qualifications_experience_alone_decides()
    {
        var requirement = Of(Persona.ServiceDesigner);

        Assert.True(requirement.ExperienceAlone);
        Assert.Empty(requirement.LevelOrQualification);
        Assert.Equal(EligibilityRequirement.ExperienceAloneSummary, requirement.Summary);
        Assert.Contains("――", requirement.Summary, StringComparison.Ordinal);
        Assert.Equal(2, requirement.Experience.Count);
    }

    [Fact]
    public void A_duration_is_stated_only_where_screening_counts_one()
    {
        foreach (var profile in SkillStandardCatalog.R3Draft.Personas)
        {
            var requirement = ScreeningRules.Requirement(profile);
            foreach (var (desired, text) in profile.DesiredExperience.Zip(requirement.Experience))
            {
                Assert.DoesNotContain("0年", text, StringComparison.Ordinal);
                Assert.StartsWith(desired.Description.TrimEnd('。'), text, StringComparison.Ordinal);
                if (desired.MinimumYears > 0)
                {
                    Assert.EndsWith($"（{desired.MinimumYears}年以上）", text, StringComparison.Ordinal);
                }
                else
                {
                    Assert.DoesNotContain("年以上", text, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void The_management_experience_says_the_years_screening_counts()
    {
        Assert.Contains(Of(Persona.Producer).Experience, e => e.Contains("5年程度の管理職又は同等の経験（5年以上）", StringComparison.Ordinal));
        Assert.Contains(Of(Persona.ProjectManager).Experience, e => e.Contains("3年程度の管理職又は同等の経験（3年以上）", StringComparison.Ordinal));
    }

    [Fact]
    public void Screenings_reasons_quote_the_requirement()
    {
        var profile = SkillStandardCatalog.R3Draft.For(Persona.Producer);
        var requirement = ScreeningRules.Requirement(profile);

        var result = ScreeningRules.Screen(profile, [], [], []);

        Assert.Contains($"望ましいスキルレベル又は資格が確認できません（{string.Join("、又は", requirement.LevelOrQualification)}）。", result.Reasons);
        Assert.Contains($"望ましい経験が確認できません（{string.Join("、又は", requirement.Experience)}）。", result.Reasons);
    }

    [Fact]
    public void Meeting_one_alternative_of_each_part_is_enough_and_one_part_alone_is_not()
    {
        var profile = SkillStandardCatalog.R3Draft.For(Persona.Engineer);
        ExperienceClaim[] tools = [new(ExperienceKind.DigitalToolImplementation, 1, "RPA導入")];

        Assert.True(ScreeningRules.Screen(profile, [Qualification.ITServiceManager], [], tools).Eligible);
        Assert.True(ScreeningRules.Screen(profile, [], [new(SkillFramework.Uiss, "システムデザイナー", 3)], tools).Eligible);
        Assert.False(ScreeningRules.Screen(profile, [Qualification.ITServiceManager], [], []).Eligible);
        Assert.False(ScreeningRules.Screen(profile, [], [], tools).Eligible);
    }
}
