using Workflow.Domain.Applications;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.SkillStandard;

public sealed class SkillStandardVersionsTests
{
    /// <summary>
    /// A later text of the standard: the producer's levels raised by one and one technical skill added. Built from the
    /// seed's version so the test needs no second copy of the ministry's text.
    /// </summary>
    internal static SkillStandardVersion Revised(string id = "r9-test", DateOnly? publishedOn = null)
    {
        var personas = SkillStandardCatalog.R3Draft.Personas.Select(p => p.Persona != Persona.Producer ? p : p with
        {
            TechnicalSkills = [.. p.TechnicalSkills, new SkillItem("producer.generative-ai", "生成AIの活用", "試験用の改訂で加えた項目。", SkillKind.Technical)],
            DesiredSkillLevels = p.DesiredSkillLevels.Select(l => l with { MinimumLevel = l.MinimumLevel + 1 }).ToList(),
        }).ToList();
        return new SkillStandardVersion(id, "試験用の改訂版", "試験", publishedOn ?? SkillStandardCatalog.R3Draft.PublishedOn.AddYears(3), personas);
    }

    [Fact]
    public void The_seeds_slides_are_the_only_built_in_version_and_what_unpinned_rounds_read_as()
    {
        var versions = new SkillStandardVersions();

        Assert.Same(SkillStandardCatalog.R3Draft, versions.Current);
        Assert.Equal([SkillStandardCatalog.R3Draft], versions.All);
        Assert.Equal("r3-draft", SkillStandardVersions.UnpinnedRoundVersion);
        Assert.Same(SkillStandardCatalog.R3Draft, versions.Find(SkillStandardVersions.UnpinnedRoundVersion));
    }

    [Fact]
    public void The_built_in_version_names_the_seeds_document_and_date()
    {
        var v = SkillStandardCatalog.R3Draft;

        Assert.Equal("自治体ＤＸ外部人材スキル標準について", v.Title);
        Assert.Contains("（参考）自治体DXに係る外部人材スキル標準のイメージ", v.Source, StringComparison.Ordinal);
        Assert.Contains("令和３年９月１日時点", v.Source, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2021, 9, 1), v.PublishedOn);
    }

    [Fact]
    public void An_added_newer_version_becomes_current_and_the_older_one_stays_findable()
    {
        var revised = Revised();

        var versions = new SkillStandardVersions([revised]);

        Assert.Same(revised, versions.Current);
        Assert.Same(SkillStandardCatalog.R3Draft, versions.Get("r3-draft"));
        Assert.Same(revised, versions.Get("r9-test"));
        Assert.Equal("r3-draft", SkillStandardVersions.UnpinnedRoundVersion);
    }

    [Fact]
    public void An_added_version_of_the_same_date_is_current_but_an_older_one_is_not()
    {
        var sameDay = Revised("same-day", SkillStandardCatalog.R3Draft.PublishedOn);
        var older = Revised("older", SkillStandardCatalog.R3Draft.PublishedOn.AddDays(-1));

        Assert.Same(sameDay, new SkillStandardVersions([sameDay]).Current);
        Assert.Same(SkillStandardCatalog.R3Draft, new SkillStandardVersions([older]).Current);
    }

    [Fact]
    public void Unknown_ids_are_not_found_and_getting_one_fails_loudly()
    {
        var versions = new SkillStandardVersions();

        Assert.Null(versions.Find("r9-test"));
        Assert.Null(versions.Find(null));
        Assert.Throws<KeyNotFoundException>(() => versions.Get("r9-test"));
    }

    [Fact]
    public void A_version_id_defined_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SkillStandardVersions([Revised("r3-draft")]));
        Assert.Throws<ArgumentException>(() => new SkillStandardVersions([Revised(), Revised()]));
    }

    [Fact]
    public void A_version_must_define_every_persona_once_with_distinct_skill_codes_and_a_storable_id()
    {
        var personas = SkillStandardCatalog.R3Draft.Personas;
        var day = new DateOnly(2030, 1, 1);

        Assert.Throws<ArgumentException>(() => new SkillStandardVersion("partial", "t", "s", day, personas.Skip(1).ToList()));
        Assert.Throws<ArgumentException>(() => new SkillStandardVersion("twice", "t", "s", day, [.. personas, personas[0]]));
        var clash = personas.Select(p => p.Persona != Persona.Engineer ? p : p with
        {
            HumanSkills = [.. p.HumanSkills, p.HumanSkills[0]],
        }).ToList();
        Assert.Throws<ArgumentException>(() => new SkillStandardVersion("clash", "t", "s", day, clash));
        Assert.Throws<ArgumentException>(() => new SkillStandardVersion("R3 Draft", "t", "s", day, personas));
    }

    [Fact]
    public void Skills_are_found_only_in_the_version_that_defines_them()
    {
        var revised = Revised();

        Assert.True(revised.TryFindSkill("producer.generative-ai", out var persona, out var skill));
        Assert.Equal((Persona.Producer, "生成AIの活用"), (persona, skill.Name));
        Assert.False(SkillStandardCatalog.R3Draft.TryFindSkill("producer.generative-ai", out _, out _));
    }

    [Fact]
    public void Screening_applies_the_version_it_is_given()
    {
        SkillLevelClaim[] level4 = [new(SkillFramework.Itss, "コンサルタント", 4)];
        ExperienceClaim[] experience = [new(ExperienceKind.LocalGovernment, 2, "市役所")];

        var old = ScreeningRules.Screen(SkillStandardCatalog.R3Draft, [Persona.Producer], [], level4, experience);
        var revised = ScreeningRules.Screen(Revised(), [Persona.Producer], [], level4, experience);

        Assert.True(old.Eligible);
        Assert.False(revised.Eligible);
        Assert.Contains(revised.PerPersona.Single().Reasons, r => r.Contains("レベル5相当以上", StringComparison.Ordinal));
    }
}
