using Workflow.Domain.Appointments;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Appointments;

public sealed class AppointmentSharesTests
{
    private const string Chiyoda = "131016";
    private const string Sapporo = "011002";
    private const string Sendai = "041009";
    private const string Tokyo = "130001";

    private static readonly HashSet<string> Registered = [Chiyoda, Sapporo, Sendai, Tokyo];

    private static IReadOnlyList<Workflow.Domain.Applications.FieldError> Validate(params PartnerAsked[] partners) =>
        AppointmentShares.Validate(Chiyoda, partners, Registered.Contains);

    private static readonly AppointmentTerms Terms = new(AppointmentRole.CioAdvisor, "CIO補佐官", EmploymentForm.SpecialPartTime,
        new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31), 2, WorkStyle.Hybrid);

    [Fact]
    public void Registered_distinct_partners_with_shares_that_leave_the_requester_some_are_accepted()
    {
        Assert.Empty(Validate());
        Assert.Empty(Validate(new PartnerAsked(Sapporo, 40), new PartnerAsked(Sendai, 30)));
        Assert.Empty(Validate(new PartnerAsked(Sapporo, 99)));
    }

    [Fact]
    public void Each_partner_field_is_refused_with_its_reason()
    {
        var errors = Validate(
            new PartnerAsked(null, 10),
            new PartnerAsked("131017", 10),
            new PartnerAsked(Chiyoda, 10),
            new PartnerAsked(Sapporo, 0),
            new PartnerAsked(Sapporo, null),
            new PartnerAsked("012025", 10));

        Assert.Equal(
            ["partners[0].municipalityCode", "partners[1].municipalityCode", "partners[2].municipalityCode", "partners[3].percent", "partners[4].municipalityCode",
                "partners[4].percent", "partners[5].municipalityCode"],
            errors.Select(e => e.Field));
        Assert.Equal("負担割合は1%から99%の整数で入力してください。", errors[3].Message);
        Assert.Equal("団体コード「011002」が重複しています（4番目の団体）。", errors[4].Message);
        Assert.Equal("団体コード「012025」の団体は登録されていません。", errors[6].Message);
        Assert.StartsWith("申し込む団体自身は共同で任用する団体に含めません", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shares_that_leave_the_requester_nothing_and_too_many_partners_are_refused_as_a_whole()
    {
        var sum = Assert.Single(Validate(new PartnerAsked(Sapporo, 60), new PartnerAsked(Sendai, 40)));
        Assert.Equal("partners", sum.Field);
        Assert.Contains("合計が100%です", sum.Message, StringComparison.Ordinal);

        var many = Enumerable.Range(0, AppointmentShares.MaxPartners + 1).Select(_ => new PartnerAsked(Sapporo, 1)).ToArray();
        Assert.Equal("共同で任用する団体は10団体までにしてください。", Assert.Single(Validate(many)).Message);
    }

    [Fact]
    public void The_requester_bears_the_rest_and_each_municipality_is_assessed_as_itself()
    {
        var shares = AppointmentShares.Of(Chiyoda, "千代田区", [(Sapporo, "札幌市", 30), (Tokyo, "東京都", 20)], Terms, [Persona.Producer]);

        Assert.Equal([(Chiyoda, 50), (Sapporo, 30), (Tokyo, 20)], shares.Select(s => (s.MunicipalityCode, s.Percent)));
        Assert.Equal(100, shares.Sum(s => s.Percent));
        Assert.True(shares[0].Measure.Qualifies);
        Assert.True(shares[1].Measure.Qualifies);
        // A prefecture is not confirmed as under the measure; its partners' shares still are.
        Assert.False(shares[2].Measure.Qualifies);
        Assert.Equal("千代田区 50%、札幌市 30%、東京都 20%", AppointmentShares.Text(shares));
        Assert.Equal(30, AppointmentShares.PercentOf(shares, Chiyoda, Sapporo));
        Assert.Null(AppointmentShares.PercentOf(shares, Chiyoda, Sendai));
        Assert.Equal(100, AppointmentShares.PercentOf(null, Chiyoda, Chiyoda));
    }

    [Fact]
    public void A_shared_appointment_is_one_job_for_the_person_and_counts_once_against_the_limit()
    {
        // Its terms are accepted once, whatever the number of municipalities sharing it: 2 + 3 days, not 2 × 3 + 3.
        var other = Terms with { DaysPerWeek = 3 };
        Assert.Equal(5, Commitments.PeakDaysPerWeek(other, [Terms]));
        Assert.Null(Commitments.RefuseAccepting(other, [Terms], 5));
    }
}

public sealed class AppointmentLimitRulesTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(7, true)]
    [InlineData(0, false)]
    [InlineData(8, false)]
    [InlineData(null, false)]
    public void The_ministry_sets_the_limit_between_one_and_seven_days_a_week(int? days, bool valid)
    {
        var errors = Commitments.ValidateLimit(days);

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Equal("maxDaysPerWeek", e.Field));
    }
}
