using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Rounds;

public class RoundRulesTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private static DateTimeOffset At(int month, int day, int hour = 0) => new(2025, month, day, hour, 0, 0, Jst);

    internal static RoundSchedule GoodSchedule() => new(
        AcceptCommissionBy: At(4, 10),
        ApplicationOpensAt: At(4, 15),
        ApplicationClosesAt: At(5, 31),
        SelectionDeadline: At(6, 30),
        TrainingSessions:
        [
            new(1, 1, At(7, 7, 14)),
            new(2, 2, At(7, 14, 14)),
            new(3, 3, At(7, 21, 14)),
            new(4, 4, At(7, 28, 14)),
            new(5, 4, At(8, 4, 14)),
        ],
        PublicationDate: At(8, 20),
        AppointmentClosesAt: At(3, 31).AddYears(1));

    private static readonly PersonaOpening[] Openings = [new(Persona.Producer, 10), new(Persona.Engineer, 20)];

    private static IReadOnlyList<Domain.Applications.FieldError> Validate(RoundSchedule schedule) =>
        RoundRules.Validate(2025, "令和7年度 自治体DX外部人材 公募", "株式会社シンクタンク", Openings, schedule);

    private static RoundSchedule ShiftedYears(RoundSchedule s, int years) => new(
        s.AcceptCommissionBy.AddYears(years), s.ApplicationOpensAt.AddYears(years), s.ApplicationClosesAt.AddYears(years), s.SelectionDeadline.AddYears(years),
        s.TrainingSessions.Select(t => t with { StartsAt = t.StartsAt.AddYears(years) }).ToList(), s.PublicationDate.AddYears(years), s.AppointmentClosesAt.AddYears(years));

    private static string SingleField(RoundSchedule schedule) => Assert.Single(Validate(schedule)).Field;

    [Fact]
    public void Good_round_passes()
    {
        Assert.Empty(Validate(GoodSchedule()));
    }

    [Fact]
    public void Dates_far_from_the_fiscal_year_are_refused_by_name()
    {
        var s = GoodSchedule();
        var late = s with { AppointmentClosesAt = DateTimeOffset.MaxValue.AddDays(-1) };
        var early = s with { AcceptCommissionBy = new DateTimeOffset(2020, 1, 1, 0, 0, 0, Jst) };

        Assert.Equal("schedule.appointmentClosesAt", SingleField(late));
        Assert.Contains("2024年1月1日から2027年12月31日", Assert.Single(Validate(late)).Message);
        Assert.Equal("schedule.acceptCommissionBy", SingleField(early));
    }

    [Fact]
    public void Six_sessions_with_three_dx_sessions_pass()
    {
        var s = GoodSchedule();
        Assert.Empty(Validate(s with { TrainingSessions = [.. s.TrainingSessions, new(6, 4, At(8, 11, 14))] }));
    }

    [Fact]
    public void Equal_boundaries_are_allowed_where_the_rule_says_at_or_after()
    {
        var s = GoodSchedule();
        s = s with
        {
            ApplicationOpensAt = s.AcceptCommissionBy,
            SelectionDeadline = s.ApplicationClosesAt,
            PublicationDate = s.TrainingSessions[^1].StartsAt,
        };
        s = s with { TrainingSessions = [s.TrainingSessions[0] with { StartsAt = s.SelectionDeadline }, .. s.TrainingSessions.Skip(1)] };

        Assert.Empty(Validate(s));
    }

    [Fact]
    public void Application_opening_before_commission_acceptance()
    {
        var s = GoodSchedule();
        Assert.Equal("schedule.applicationOpensAt", SingleField(s with { ApplicationOpensAt = s.AcceptCommissionBy.AddMinutes(-1) }));
    }

    [Fact]
    public void Application_closing_not_after_opening()
    {
        var s = GoodSchedule();
        Assert.Equal("schedule.applicationClosesAt", SingleField(s with { ApplicationClosesAt = s.ApplicationOpensAt }));
    }

    [Fact]
    public void Selection_deadline_before_application_closing()
    {
        var s = GoodSchedule();
        Assert.Equal("schedule.selectionDeadline", SingleField(s with { SelectionDeadline = s.ApplicationClosesAt.AddDays(-1) }));
    }

    [Fact]
    public void First_session_before_selection_deadline()
    {
        var s = GoodSchedule();
        Assert.Equal(
            "schedule.trainingSessions[0].startsAt",
            SingleField(s with { TrainingSessions = [s.TrainingSessions[0] with { StartsAt = s.SelectionDeadline.AddHours(-1) }, .. s.TrainingSessions.Skip(1)] }));
    }

    [Fact]
    public void Sessions_must_strictly_increase()
    {
        var s = GoodSchedule();
        var sessions = s.TrainingSessions.ToList();
        sessions[3] = sessions[3] with { StartsAt = sessions[2].StartsAt };

        var error = Assert.Single(Validate(s with { TrainingSessions = sessions }));
        Assert.Equal("schedule.trainingSessions[3].startsAt", error.Field);
        Assert.Equal("第4回研修の開始日時は第3回研修より後にしてください。", error.Message);
    }

    [Fact]
    public void Publication_before_last_session()
    {
        var s = GoodSchedule();
        Assert.Equal("schedule.publicationDate", SingleField(s with { PublicationDate = s.TrainingSessions[^1].StartsAt.AddDays(-1) }));
    }

    [Fact]
    public void Appointment_closing_not_after_publication()
    {
        var s = GoodSchedule();
        Assert.Equal("schedule.appointmentClosesAt", SingleField(s with { AppointmentClosesAt = s.PublicationDate }));
    }

    [Fact]
    public void Comparison_uses_the_instant_not_the_wall_clock()
    {
        var s = GoodSchedule();
        // 00:00 UTC and 09:00 JST are the same instant though the clock readings differ, so this closes as it opens.
        var closes = new DateTimeOffset(2025, 4, 15, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal("schedule.applicationClosesAt", SingleField(s with { ApplicationOpensAt = At(4, 15, 9), ApplicationClosesAt = closes }));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public void Session_count_outside_5_to_6(int count)
    {
        var s = GoodSchedule();
        var sessions = Enumerable.Range(1, count).Select(n => new TrainingSession(n, Math.Min(n, 4), At(7, 1, 10).AddDays(n))).ToList();

        Assert.Contains(Validate(s with { TrainingSessions = sessions }), e => e.Field == "schedule.trainingSessions");
    }

    [Fact]
    public void Modules_must_cover_the_curriculum()
    {
        var s = GoodSchedule();
        var sessions = s.TrainingSessions.ToList();
        sessions[2] = sessions[2] with { Module = 4 };

        var error = Assert.Single(Validate(s with { TrainingSessions = sessions }));
        Assert.Equal("schedule.trainingSessions", error.Field);
    }

    [Fact]
    public void Unknown_module_is_reported_on_the_session()
    {
        var s = GoodSchedule();
        var sessions = s.TrainingSessions.ToList();
        sessions[4] = sessions[4] with { Module = 5 };

        Assert.Equal("schedule.trainingSessions[4].module", SingleField(s with { TrainingSessions = sessions }));
    }

    [Fact]
    public void Sessions_must_be_numbered_from_one()
    {
        var s = GoodSchedule();
        var sessions = s.TrainingSessions.ToList();
        sessions[1] = sessions[1] with { Number = 3 };

        Assert.Equal("schedule.trainingSessions[1].number", SingleField(s with { TrainingSessions = sessions }));
    }

    [Theory]
    [InlineData(2019, "fiscalYear")]
    [InlineData(2101, "fiscalYear")]
    public void Fiscal_year_range(int year, string field)
    {
        Assert.Empty(RoundRules.Validate(2020, "t", "o", Openings, ShiftedYears(GoodSchedule(), -5)));
        Assert.Empty(RoundRules.Validate(2100, "t", "o", Openings, ShiftedYears(GoodSchedule(), 75)));
        Assert.Equal(field, Assert.Single(RoundRules.Validate(year, "t", "o", Openings, GoodSchedule())).Field);
    }

    [Fact]
    public void Title_and_operator_lengths()
    {
        Assert.Equal("title", Assert.Single(RoundRules.Validate(2025, " ", "o", Openings, GoodSchedule())).Field);
        Assert.Equal("title", Assert.Single(RoundRules.Validate(2025, new string('題', 201), "o", Openings, GoodSchedule())).Field);
        Assert.Empty(RoundRules.Validate(2025, new string('題', 200), new string('社', 200), Openings, GoodSchedule()));
        Assert.Equal("operatorName", Assert.Single(RoundRules.Validate(2025, "t", "", Openings, GoodSchedule())).Field);
    }

    [Fact]
    public void Persona_openings()
    {
        Assert.Equal("personas", Assert.Single(RoundRules.Validate(2025, "t", "o", [], GoodSchedule())).Field);
        Assert.Equal("personas[1].persona", Assert.Single(RoundRules.Validate(2025, "t", "o", [new(Persona.Engineer, 1), new(Persona.Engineer, 2)], GoodSchedule())).Field);
        Assert.Equal("personas[0].headCount", Assert.Single(RoundRules.Validate(2025, "t", "o", [new(Persona.Engineer, 0)], GoodSchedule())).Field);
        Assert.Equal("personas[0].headCount", Assert.Single(RoundRules.Validate(2025, "t", "o", [new(Persona.Engineer, 1001)], GoodSchedule())).Field);
        Assert.Empty(RoundRules.Validate(2025, "t", "o", [new(Persona.Engineer, 1000)], GoodSchedule()));
    }

    [Fact]
    public void Missing_date_is_reported_once()
    {
        var s = GoodSchedule();
        var error = Assert.Single(Validate(s with { SelectionDeadline = default }));
        Assert.Equal("schedule.selectionDeadline", error.Field);
        Assert.Equal("選定期限を入力してください。", error.Message);
    }
}
