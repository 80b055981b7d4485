using Workflow.Domain.Appointments;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Appointments;

public sealed class AppointmentRulesTests
{
    private static readonly DateOnly April = new(2027, 4, 1);

    private static AppointmentTerms Terms(DateOnly start, DateOnly end, int days = 2, AppointmentRole post = AppointmentRole.CioAdvisor,
        EmploymentForm form = EmploymentForm.SpecialPartTime) =>
        new(post, post == AppointmentRole.CioAdvisor ? "CIO補佐官" : "DX推進アドバイザー", form, start, end, days, WorkStyle.Hybrid);

    [Fact]
    public void Terms_start_today_or_later_end_after_they_start_within_three_years_and_take_one_to_five_days_a_week()
    {
        Assert.Empty(AppointmentTerms.Validate(Terms(April, April.AddYears(1).AddDays(-1)), April));
        Assert.Empty(AppointmentTerms.Validate(Terms(April, April), April));

        var errors = AppointmentTerms.Validate(Terms(April.AddDays(-1), April.AddDays(-2), days: 0), April);
        Assert.Equal(["startsOn", "endsOn", "daysPerWeek"], errors.Select(e => e.Field));
        Assert.Equal("任用の終了日は開始日以降の日付にしてください。", errors[1].Message);
        Assert.Equal("endsOn", Assert.Single(AppointmentTerms.Validate(Terms(April, April.AddYears(3).AddDays(1)), April)).Field);
        Assert.Equal("勤務日数は週1日から週5日の間で指定してください。", Assert.Single(AppointmentTerms.Validate(Terms(April, April, days: 6), April)).Message);
    }

    [Fact]
    public void The_term_reads_in_reiwa_with_the_western_year()
    {
        Assert.Equal("令和9年（2027年）4月1日(木)から令和10年（2028年）3月31日(金)まで", Terms(April, new DateOnly(2028, 3, 31)).TermText);
    }

    [Fact]
    public void A_city_appointing_a_selected_producer_as_cio_advisor_part_time_or_by_contract_qualifies()
    {
        foreach (var form in new[] { EmploymentForm.SpecialPartTime, EmploymentForm.Contract })
        {
            var assessment = SpecialTaxMeasure.Assess("131016", Terms(April, April.AddYears(1), form: form), [Persona.Producer, Persona.Engineer]);

            Assert.True(assessment.Qualifies);
            Assert.All(assessment.Conditions, c => Assert.True(c.Met, c.Condition));
            Assert.Equal("特別交付税措置の対象（措置率0.5）", assessment.Summary);
        }
    }

    [Theory]
    [InlineData("130001", AppointmentRole.CioAdvisor, EmploymentForm.SpecialPartTime, true, "都道府県による任用は、公開資料で対象と確認できませんでした")]
    [InlineData("131016", AppointmentRole.Other, EmploymentForm.SpecialPartTime, true, "職が「DX推進アドバイザー」で、CIO補佐官等ではありません")]
    [InlineData("131016", AppointmentRole.CioAdvisor, EmploymentForm.SpecialPartTime, false, "プロデューサー（CIO補佐官等）として選定されていません")]
    [InlineData("131016", AppointmentRole.CioAdvisor, EmploymentForm.FixedTerm, true, "任期付職員は、公開資料で対象と確認できた形態ではありません")]
    public void Each_unmet_condition_takes_the_appointment_out_and_says_why(string code, AppointmentRole post, EmploymentForm form, bool producer, string why)
    {
        var assessment = SpecialTaxMeasure.Assess(code, Terms(April, April.AddYears(1), post: post, form: form), producer ? [Persona.Producer] : [Persona.Engineer]);

        Assert.False(assessment.Qualifies);
        Assert.Equal(why, Assert.Single(assessment.Conditions, c => !c.Met).Explanation);
        Assert.Equal($"特別交付税措置の対象外（{why}）", assessment.Summary);
    }

    [Fact]
    public void The_peak_load_counts_only_what_overlaps_on_the_same_days()
    {
        var requested = Terms(April, April.AddMonths(12), days: 2);
        AppointmentTerms[] accepted =
        [
            Terms(April.AddYears(-1), April.AddDays(-1), days: 5),       // over before the requested term starts
            Terms(April.AddMonths(1), April.AddMonths(3), days: 2),      // inside it
            Terms(April.AddMonths(4), April.AddMonths(6), days: 3),      // inside it, after the other: never at once with it
        ];

        Assert.Equal(5, Commitments.PeakDaysPerWeek(requested, accepted));
        Assert.Null(Commitments.RefuseAccepting(requested, accepted, 5));
        Assert.Contains("週5日の任用を同時に持つ", Commitments.RefuseAccepting(requested, accepted, 4), StringComparison.Ordinal);
        Assert.Contains("上限（週4日）", Commitments.RefuseAccepting(requested, accepted, 4), StringComparison.Ordinal);
    }

    [Fact]
    public void A_term_already_running_when_the_requested_one_starts_counts_from_its_first_day()
    {
        var requested = Terms(April.AddMonths(2), April.AddMonths(5), days: 3);

        Assert.Equal(6, Commitments.PeakDaysPerWeek(requested, [Terms(April, April.AddMonths(12), days: 3)]));
        Assert.Equal(3, Commitments.PeakDaysPerWeek(requested, []));
    }
}
