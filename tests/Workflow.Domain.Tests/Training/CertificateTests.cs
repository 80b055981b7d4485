using Workflow.Domain.Calendar;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;

namespace Workflow.Domain.Tests.Training;

public sealed class CertificateTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private static CertificateFacts Facts(int sessions = 6) => new(
        "C0123456789ABCDE",
        "R2026-0001_03_abc",
        "R2026-0001",
        "令和8年度 自治体DX外部人材確保支援事業",
        "山田 太郎",
        [Persona.Producer, Persona.Engineer],
        Enumerable.Range(1, sessions).Select(n => new AttendedSession(n, $"科目{n}", Issued.AddDays(-20 + n))).ToList(),
        sessions,
        Issued);

    [Fact]
    public void The_signed_bytes_are_the_same_for_the_same_facts_and_change_with_every_field()
    {
        var facts = Facts();
        var bytes = facts.CanonicalBytes();

        Assert.Equal(bytes, Facts().CanonicalBytes());
        Assert.Equal(bytes, (facts with { Sessions = facts.Sessions.Reverse().ToList() }).CanonicalBytes());
        CertificateFacts[] changed =
        [
            facts with { CertificateId = "C0123456789ABCDF" },
            facts with { ApplicationId = "R2026-0001_03_abd" },
            facts with { RoundId = "R2026-0002" },
            facts with { RoundTitle = facts.RoundTitle + " " },
            facts with { HolderName = "山田 太朗" },
            facts with { Personas = [Persona.Producer] },
            facts with { SessionCount = 5 },
            facts with { IssuedAt = Issued.AddTicks(1) },
            facts with { Sessions = facts.Sessions.Take(5).ToList() },
            facts with { Sessions = [.. facts.Sessions.Take(5), facts.Sessions[5] with { At = facts.Sessions[5].At.AddMinutes(1) }] },
        ];
        Assert.All(changed, c => Assert.NotEqual(bytes, c.CanonicalBytes()));
    }

    [Fact]
    public void A_field_cannot_run_into_the_next()
    {
        var facts = Facts();

        var shifted = facts with { RoundTitle = facts.RoundTitle + "\",\"x", HolderName = "x" };

        Assert.NotEqual(facts.CanonicalBytes(), shifted.CanonicalBytes());
        Assert.StartsWith("11:修了証/1\n16:C0123456789ABCDE\n", System.Text.Encoding.UTF8.GetString(facts.CanonicalBytes()));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void The_certificate_says_the_real_number_of_sessions_and_dates_in_reiwa(int sessions)
    {
        var facts = Facts(sessions);

        Assert.Equal($"あなたは「令和8年度 自治体DX外部人材確保支援事業」の民間人材向け研修（全{sessions}回）の全課程を修了したことを証します。", CertificateText.Body(facts));
        Assert.Equal("交付日: 令和8年12月1日(火)", CertificateText.IssuedOn(facts));
        Assert.Equal("第1回　令和8年11月12日(木) 10:00　科目1", CertificateText.Session(facts.Sessions[0]));
        Assert.Equal("人材像: " + SkillStandardCatalog.DisplayName(Persona.Producer) + "、" + SkillStandardCatalog.DisplayName(Persona.Engineer), CertificateText.Personas(facts));
    }

    [Theory]
    [InlineData("山田 太郎", "山＊　太＊")]
    [InlineData("山田　花子", "山＊　花＊")]
    [InlineData("佐々木 一", "佐＊＊　＊")]
    [InlineData("ヤマダタロウ", "ヤ＊＊＊＊＊")]
    [InlineData("李", "＊")]
    [InlineData("𠮷田 太郎", "𠮷＊　太＊")]
    public void The_public_page_shows_the_first_letter_of_each_part_of_the_name(string name, string masked)
    {
        Assert.Equal(masked, CertificateText.MaskedName(name));
    }

    [Fact]
    public void Every_standing_has_its_own_words()
    {
        var words = Enum.GetValues<CertificateStanding>().Select(CertificateText.Standing).ToList();

        Assert.Equal(words.Count, words.Distinct().Count());
        Assert.StartsWith("有効な修了証です。", CertificateText.Standing(CertificateStanding.Valid));
        Assert.Contains("失効", CertificateText.Standing(CertificateStanding.Revoked));
    }

    [Theory]
    [InlineData("2019-04-30T15:00:00Z", "令和元年5月1日(水)")]
    [InlineData("2019-04-30T14:59:59Z", "平成31年4月30日(火)")]
    [InlineData("2027-03-31T14:59:59Z", "令和9年3月31日(水)")]
    public void Era_dates_follow_japan_time(string utc, string expected)
    {
        Assert.Equal(expected, JapaneseDates.EraDate(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
