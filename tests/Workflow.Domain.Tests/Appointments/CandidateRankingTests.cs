using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Appointments;

public sealed class CandidateRankingTests
{
    private static readonly PersonaProfile Producer = SkillStandardCatalog.R3Draft.For(Persona.Producer);
    private static readonly string[] Skills = [.. Producer.AllSkills.Select(s => s.Code).Take(3)];
    private static readonly DateOnly Today = new(2027, 3, 1);

    private static MunicipalNeed Need(WorkStyle style = WorkStyle.OnSite, int days = 2) =>
        new(Persona.Producer, [Skills[0], Skills[1]], style, "東京都", new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31), days);

    private static RosterCandidate Person(string id, string prefecture, double first, double second, Persona persona = Persona.Producer, params AppointmentTerms[] accepted) =>
        new(id, "R2026-a", "氏名" + id, prefecture, [persona], new Dictionary<string, double> { [Skills[0]] = first, [Skills[1]] = second }, accepted);

    [Fact]
    public void The_panels_levels_on_the_first_marked_item_count_most_then_place_then_the_id()
    {
        var ranked = CandidateRanking.Rank(Need(), Producer,
        [
            Person("C3", "大阪府", 3, 2),   // (5·3 + 4·2) / 9 = 2.56 → 255.6
            Person("C1", "大阪府", 2, 4),   // (5·2 + 4·4) / 9 = 2.89 → 288.9
            Person("C2", "東京都", 3, 2),   // 255.6 + 50 on site in the same prefecture
            Person("C0", "東京都", 3, 2),   // the same as C2: the id decides
            Person("E1", "東京都", 4, 4, Persona.Engineer),
        ], maxDaysPerWeek: 5);

        Assert.Equal(["C0", "C2", "C1", "C3"], ranked.Select(r => r.CandidateId));
        Assert.Equal([1, 2, 3, 4], ranked.Select(r => r.Rank));
        Assert.Equal(305.56, ranked[0].Score);
        Assert.Contains("勤務地と同じ都道府県（東京都）の方です。", ranked[0].Reasons);
        Assert.Contains(ranked[2].Reasons, r => r.StartsWith("重視するスキル項目の選定委員会の評価（4段階の平均）: ", StringComparison.Ordinal) && r.Contains(" 2.0、", StringComparison.Ordinal));
        Assert.Contains("勤務地（東京都）とは別の都道府県（大阪府）の方です。", ranked[2].Reasons);
    }

    [Fact]
    public void Someone_whose_stated_preferences_exclude_the_need_comes_after_those_they_take_with_the_reason()
    {
        var onlyRemote = Person("C1", "東京都", 4, 4) with { Preferences = new ListingChoice(ListingTier.Public, [WorkStyle.Remote], []) };
        var onlyHokkaido = Person("C2", "東京都", 4, 4) with { Preferences = new ListingChoice(ListingTier.Public, [], ["北海道"]) };
        var onSiteInTokyo = Person("C3", "大阪府", 2, 2) with { Preferences = new ListingChoice(ListingTier.Municipalities, [WorkStyle.OnSite], ["東京都", "大阪府"]) };
        var anyPlace = Person("C4", "大阪府", 1, 1);

        var ranked = CandidateRanking.Rank(Need(WorkStyle.OnSite), Producer, [onlyRemote, onlyHokkaido, onSiteInTokyo, anyPlace], maxDaysPerWeek: 5);

        Assert.Equal(["C3", "C4", "C1", "C2"], ranked.Select(r => r.CandidateId));
        Assert.Equal([true, true, false, false], ranked.Select(r => r.Suits));
        Assert.Contains("希望（働き方: 常駐／地域: 東京都・大阪府）に合っています。", ranked[0].Reasons);
        Assert.Contains("働き方・地域の希望は特にありません。", ranked[1].Reasons);
        Assert.Contains("希望する働き方（リモート）に常駐が含まれないため、順位を下げています。", ranked[2].Reasons);
        Assert.Contains("希望する地域（北海道）に東京都が含まれないため、順位を下げています。", ranked[3].Reasons);
    }

    [Fact]
    public void Remote_work_leaves_place_out_and_says_so()
    {
        var ranked = CandidateRanking.Rank(Need(WorkStyle.Remote), Producer, [Person("C2", "東京都", 3, 2), Person("C1", "沖縄県", 3, 2)], 5);

        Assert.Equal(["C1", "C2"], ranked.Select(r => r.CandidateId));
        Assert.All(ranked, r => Assert.Contains("リモート勤務のため、居住地は順位に影響しません。", r.Reasons));
    }

    [Fact]
    public void Someone_without_the_days_comes_after_everyone_who_has_them_whatever_their_scores()
    {
        var busy = new AppointmentTerms(AppointmentRole.CioAdvisor, "CIO補佐官", EmploymentForm.SpecialPartTime, new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), 4, WorkStyle.OnSite);

        var ranked = CandidateRanking.Rank(Need(days: 2), Producer, [Person("C1", "東京都", 4, 4, Persona.Producer, busy), Person("C2", "大阪府", 1, 1)], 5);

        Assert.Equal(["C2", "C1"], ranked.Select(r => r.CandidateId));
        Assert.False(ranked[1].Available);
        Assert.Contains("上限（週5日）を超えるため、順位を下げています", ranked[1].Reasons[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_need_names_one_to_five_of_the_personas_own_items_once_each_and_a_prefecture()
    {
        Assert.Empty(MunicipalNeed.Validate(Need(), Producer, Today));
        Assert.Equal("keySkillCodes", Assert.Single(MunicipalNeed.Validate(Need() with { KeySkillCodes = [] }, Producer, Today)).Field);
        Assert.Contains("スキル標準にありません", Assert.Single(MunicipalNeed.Validate(Need() with { KeySkillCodes = ["X-99"] }, Producer, Today)).Message, StringComparison.Ordinal);
        Assert.Equal("同じスキル項目が2回選ばれています。", Assert.Single(MunicipalNeed.Validate(Need() with { KeySkillCodes = [Skills[0], Skills[0]] }, Producer, Today)).Message);
        Assert.Equal("prefecture", Assert.Single(MunicipalNeed.Validate(Need() with { Prefecture = "東京" }, Producer, Today)).Field);
        Assert.Equal("startsOn", Assert.Single(MunicipalNeed.Validate(Need(), Producer, new DateOnly(2027, 5, 1))).Field);
    }
}
