using Workflow.Domain.Panel;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Panel;

public sealed class PanelRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private static readonly PersonaProfile Engineer = SkillStandardCatalog.R3Draft.For(Persona.Engineer);

    private static List<ItemScore> All(int level, string? reason = "理由") =>
        Engineer.AllSkills.Select(s => new ItemScore(s.Code, level, level is 1 or 4 ? reason : null)).ToList();

    private static ReviewerScores By(string reviewer, params int[] levels) =>
        new(reviewer, Persona.Engineer, Engineer.AllSkills.Select((s, i) => new ItemScore(s.Code, levels[i % levels.Length], null)).ToList(), null, Now);

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 3)]
    public void The_quorum_is_three_or_everyone_left_after_conflicts_but_never_one(int membersWithoutConflict, int quorum)
    {
        Assert.Equal(quorum, PanelRules.QuorumFor(membersWithoutConflict));
    }

    [Fact]
    public void A_panel_needs_at_least_three_distinct_named_members()
    {
        Assert.Equal(["members"], PanelRules.ValidateMembers([new("a", "委員A"), new("b", "委員B")]).Select(e => e.Field));
        Assert.Equal(["members[2].subject"], PanelRules.ValidateMembers([new("a", "委員A"), new("b", "委員B"), new("a", "委員C")]).Select(e => e.Field));
        Assert.Equal(["members[1].name"], PanelRules.ValidateMembers([new("a", "委員A"), new("b", " "), new("c", "委員C")]).Select(e => e.Field));
        Assert.Equal(["members[0].subject", "members[0].name"], PanelRules.ValidateMembers([null, new("b", "委員B"), new("c", "委員C")]).Select(e => e.Field));
        Assert.Empty(PanelRules.ValidateMembers([new("a", "委員A"), new("b", "委員B"), new("c", "委員C")]));
    }

    [Fact]
    public void Every_skill_item_of_the_persona_is_scored_once_on_the_scale_with_a_reason_at_either_end()
    {
        Assert.Empty(PanelRules.ValidateScores(Engineer, All(3), null));
        Assert.Empty(PanelRules.ValidateScores(Engineer, All(4), null));

        var noReason = PanelRules.ValidateScores(Engineer, All(1, reason: null), null);
        Assert.Equal(Engineer.AllSkills.Select((_, i) => $"items[{i}].reason"), noReason.Select(e => e.Field));
        Assert.Contains("理由を入力してください", noReason[0].Message, StringComparison.Ordinal);

        var missing = PanelRules.ValidateScores(Engineer, All(3).Skip(1).ToList(), null);
        Assert.Equal(["items"], missing.Select(e => e.Field));
        Assert.Contains(Engineer.AllSkills.First().Name, missing[0].Message, StringComparison.Ordinal);

        var foreign = All(3).Append(new ItemScore("producer.leadership", 3, null)).ToList();
        Assert.Equal([$"items[{Engineer.AllSkills.Count()}].code"], PanelRules.ValidateScores(Engineer, foreign, null).Select(e => e.Field));

        var twice = All(3).Append(All(3)[0]).ToList();
        Assert.Equal([$"items[{Engineer.AllSkills.Count()}].code"], PanelRules.ValidateScores(Engineer, twice, null).Select(e => e.Field));

        var offScale = All(3);
        offScale[0] = offScale[0] with { Level = 5 };
        Assert.Equal(["items[0].level"], PanelRules.ValidateScores(Engineer, offScale, null).Select(e => e.Field));
    }

    [Fact]
    public void The_result_averages_the_members_means_and_counts_towards_the_quorum()
    {
        var result = PanelRules.Aggregate(Persona.Engineer, [By("r1", 3), By("r2", 4, 2), By("r3", 2, 4)], membersWithoutConflict: 4);

        Assert.Equal(3, result.Scored);
        Assert.Equal(3, result.Quorum);
        Assert.True(result.QuorumMet);
        Assert.Equal(3.0, result.Mean);
        Assert.Equal(0.0, result.Spread);
        Assert.True(result.Disagreement, "the first item, scored 4 and 2, is two levels apart though the means agree");
        Assert.Null(PanelRules.RefuseDecision(result));
    }

    [Fact]
    public void Reviewers_far_apart_are_flagged_and_two_scores_of_three_do_not_make_a_quorum()
    {
        var apart = PanelRules.Aggregate(Persona.Engineer, [By("r1", 1), By("r2", 3), By("r3", 3)], 3);
        Assert.Equal(2.0, apart.Spread);
        Assert.True(apart.Disagreement);

        var close = PanelRules.Aggregate(Persona.Engineer, [By("r1", 3), By("r2", 3), By("r3", 4)], 3);
        Assert.False(close.Disagreement);

        var short1 = PanelRules.Aggregate(Persona.Engineer, [By("r1", 3), By("r2", 3)], 3);
        Assert.False(short1.QuorumMet);
        Assert.Equal("選定委員の採点が定足数に達していないため、決定を記録できません（採点済み2人／定足数3人）。", PanelRules.RefuseDecision(short1));

        var none = PanelRules.Aggregate(Persona.Engineer, [], 3);
        Assert.Null(none.Mean);
        Assert.False(none.QuorumMet);

        var otherPersona = PanelRules.Aggregate(Persona.Producer, [By("r1", 3), By("r2", 3), By("r3", 3)], 3);
        Assert.Equal(0, otherPersona.Scored);
    }
}
