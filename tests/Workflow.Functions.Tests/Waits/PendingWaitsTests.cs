using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Functions.Appoint;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Functions.Waits;

namespace Workflow.Functions.Tests.Waits;

/// <summary>The ministry's list of waits: what becomes a row, where each party acts, the order and the filters.</summary>
public sealed class PendingWaitsTests
{
    private static readonly DateTimeOffset Now = Samples.Now.AddDays(5);

    private static RoundStatus Status(RoundState state, RoundStep step, Wait wait, bool stalled = false) => new(step, state, wait, new RoundCounts(), stalled);

    private static Wait On(string role, DateTimeOffset? deadline, bool overdue = false, DateTimeOffset? since = null, params WaitParty[] also) =>
        new(role, role == Waiting.Operator ? "R" : null, since ?? Now.AddDays(-1), deadline, overdue, also);

    private static PendingWait RoundWait(RoundState state, RoundStep step, Wait wait, bool stalled = false, string? roundId = null)
    {
        var round = Samples.Round(state, roundId: roundId);
        return PendingWaits.FromRound(round, Status(state, step, wait, stalled), RoundIds.InstanceId(round.RoundId), Now)!;
    }

    private static AppointmentRecord Appointment(string code = "131016", AppointmentStatus status = AppointmentStatus.Requested) =>
        new("R2025-0a0b0c0d_0123456789ab", "R2025-0a0b0c0d", code, "千代田区", "R2025-0a0b0c0d_3_x", AppointmentRole.CioAdvisor, "CIO補佐官", true, status,
            Now.AddDays(-2), Now.AddDays(12), null);

    private static PendingWait? AppointmentWait(AppointmentRecord appointment, Municipality? registered, AppointmentProgress? progress = null) =>
        PendingWaits.FromAppointment(appointment,
            progress ?? AppointmentProgress.Of(new AppointmentInput(appointment.RoundId, appointment.AppointmentId, appointment.AnswerBy, appointment.MunicipalityCode),
                new Wait(Waiting.Candidate, null, appointment.RequestedAt, appointment.AnswerBy, false, [])),
            null, registered, "round-R2025-0a0b0c0d-appointment-0123456789ab", Now);

    [Fact]
    public void An_overdue_commission_waits_on_the_ministry_at_its_dashboard_and_says_the_operator_may_still_accept()
    {
        var missed = Now.AddDays(-3);
        var wait = RoundWait(RoundState.CommissionOverdue, RoundStep.Commission,
            new Wait(Waiting.Ministry, null, missed, missed, true, [new WaitParty(Waiting.Operator, "R")]));

        Assert.True(wait.Overdue);
        Assert.Equal(missed, wait.Deadline);
        Assert.Equal((Waiting.Ministry, "総務省", $"/ministry?round={wait.RoundId}"), (wait.WaitingFor.Role, wait.WaitingFor.Name, wait.WaitingFor.ActAt));
        var @operator = Assert.Single(wait.Also);
        Assert.Equal((Waiting.Operator, "株式会社テスト総研", "/operator"), (@operator.Role, @operator.OrganisationName, @operator.ActAt));
        Assert.Equal((RoundStateMachine.DisplayName(RoundStep.Commission), RoundStateMachine.DisplayName(RoundState.CommissionOverdue)), (wait.StepName, wait.StateName));
        Assert.Equal((2025, "令和7年度 自治体DX外部人材公募"), (wait.FiscalYear, wait.RoundTitle));
        Assert.Null(wait.Prefecture);
    }

    [Fact]
    public void A_deadline_passed_before_the_engine_acted_on_it_is_overdue_too()
    {
        var wait = RoundWait(RoundState.AwaitingCommissionAcceptance, RoundStep.Commission, On(Waiting.Operator, Now.AddMinutes(-1)));

        Assert.True(wait.Overdue);
        Assert.False(RoundWait(RoundState.AwaitingCommissionAcceptance, RoundStep.Commission, On(Waiting.Operator, Now.AddMinutes(1))).Overdue);
    }

    [Theory]
    [InlineData(Waiting.Schedule)]
    [InlineData(Waiting.Nobody)]
    public void A_round_waiting_for_a_date_or_at_work_is_no_wait_on_people(string role)
    {
        var round = Samples.Round(RoundState.CallPublished);

        Assert.Null(PendingWaits.FromRound(round, Status(RoundState.CallPublished, RoundStep.Advertise, On(role, Now.AddDays(1))), round.InstanceId, Now));
    }

    [Fact]
    public void A_status_the_round_row_has_moved_past_is_not_listed()
    {
        // The operator's acceptance is recorded on the row; the orchestrator has not said yet what it waits for next.
        var round = Samples.Round(RoundState.CommissionAccepted);

        Assert.Null(PendingWaits.FromRound(round, Status(RoundState.AwaitingCommissionAcceptance, RoundStep.Commission, On(Waiting.Operator, Now.AddDays(1))), round.InstanceId, Now));
    }

    [Theory]
    [InlineData(RoundStep.Select, Waiting.Operator, "/operator/rounds/{0}/applications")]
    [InlineData(RoundStep.Select, Waiting.Panel, "/reviewer/rounds/{0}")]
    [InlineData(RoundStep.Train, Waiting.Operator, "/operator/rounds/{0}/training")]
    [InlineData(RoundStep.Advertise, Waiting.Operator, "/operator")]
    [InlineData(RoundStep.Apply, Waiting.Applicants, "/calls/{0}")]
    [InlineData(RoundStep.Appoint, Waiting.Municipalities, "/municipality/roster")]
    [InlineData(RoundStep.Select, Waiting.Ministry, "/ministry?round={0}")]
    public void Each_party_is_linked_to_the_page_where_it_acts(RoundStep step, string role, string page)
    {
        var state = step switch
        {
            RoundStep.Select => RoundState.PanelReview,
            RoundStep.Train => RoundState.Training,
            RoundStep.Advertise => RoundState.CommissionAccepted,
            RoundStep.Apply => RoundState.AcceptingApplications,
            _ => RoundState.Appointing,
        };
        var wait = RoundWait(state, step, On(role, Now.AddDays(1)), roundId: "R2025-0a0b0c0d");

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, page, "R2025-0a0b0c0d"), wait.WaitingFor.ActAt);
        Assert.False(string.IsNullOrWhiteSpace(wait.WaitingFor.ActAtName));
    }

    [Fact]
    public void An_appointment_waits_on_its_person_and_is_placed_in_the_asking_municipalitys_prefecture()
    {
        var wait = AppointmentWait(Appointment(), new Municipality("131016", "千代田区", "東京都"))!;

        Assert.Equal((PendingWait.AppointmentKind, Waiting.Candidate, "/applications/status"), (wait.Kind, wait.WaitingFor.Role, wait.WaitingFor.ActAt));
        Assert.Null(wait.WaitingFor.Organisation);
        Assert.Empty(wait.Also);
        Assert.Equal(("131016", "千代田区", "/municipality/appointments"), (wait.RequestedBy!.Organisation, wait.RequestedBy.OrganisationName, wait.RequestedBy.ActAt));
        Assert.Equal("東京都", wait.Prefecture);
        Assert.Equal((RoundStep.Appoint, AppointmentNames.DisplayName(AppointmentStatus.Requested)), (wait.Step, wait.StateName));
        Assert.False(wait.Overdue);
    }

    [Fact]
    public void A_municipality_no_longer_registered_is_placed_by_the_prefecture_its_code_names()
    {
        Assert.Equal("北海道", AppointmentWait(Appointment("011002"), null)!.Prefecture);
    }

    [Theory]
    [InlineData(AppointmentStatus.Accepted)]
    [InlineData(AppointmentStatus.Declined)]
    [InlineData(AppointmentStatus.Expired)]
    public void An_appointment_whose_answer_is_recorded_is_not_listed(AppointmentStatus status) =>
        Assert.Null(AppointmentWait(Appointment(status: status), null));

    [Fact]
    public void An_appointment_of_the_first_shape_takes_its_start_and_municipality_from_its_row()
    {
        var appointment = Appointment();
        var first = AppointmentProgresses.Read("""{"waitingFor":"candidate","until":"2025-04-18T00:00:00+00:00"}""")!;

        var wait = AppointmentWait(appointment, null, first)!;

        Assert.Equal((appointment.RequestedAt, "131016"), (wait.Since, wait.RequestedBy!.Organisation));
        Assert.Equal(new DateTimeOffset(2025, 4, 18, 0, 0, 0, TimeSpan.Zero), wait.Deadline);
    }

    [Fact]
    public void Overdue_come_first_longest_overdue_on_top_then_stalled_then_by_deadline_then_those_without_one()
    {
        var late = RoundWait(RoundState.CommissionOverdue, RoundStep.Commission, On(Waiting.Ministry, Now.AddDays(-1), overdue: true), roundId: "R2025-late0001");
        var later = RoundWait(RoundState.CommissionAccepted, RoundStep.Advertise, On(Waiting.Operator, Now.AddDays(-4), overdue: true), roundId: "R2025-late0002");
        var stalled = RoundWait(RoundState.Screening, RoundStep.Select, On(Waiting.Ministry, null), stalled: true, roundId: "R2025-stall001");
        var soon = RoundWait(RoundState.AcceptingApplications, RoundStep.Apply, On(Waiting.Applicants, Now.AddDays(1)), roundId: "R2025-soon0001");
        var far = RoundWait(RoundState.Training, RoundStep.Train, On(Waiting.Operator, Now.AddDays(30)), roundId: "R2025-far00001");
        var undated = RoundWait(RoundState.PanelReview, RoundStep.Select, On(Waiting.Operator, null, since: Now.AddDays(-9)), roundId: "R2025-none0001");
        var appointment = AppointmentWait(Appointment(), null)!;

        var ordered = PendingWaits.Order([far, undated, soon, appointment, stalled, late, later]);

        Assert.Equal([later.InstanceId, late.InstanceId, stalled.InstanceId, soon.InstanceId, appointment.InstanceId, far.InstanceId, undated.InstanceId],
            ordered.Select(w => w.InstanceId));
    }

    [Fact]
    public void A_role_filter_keeps_waits_that_role_may_act_on_a_prefecture_keeps_appointments_there_a_round_its_own()
    {
        var overdue = RoundWait(RoundState.CommissionOverdue, RoundStep.Commission,
            new Wait(Waiting.Ministry, null, Now, Now.AddDays(-1), true, [new WaitParty(Waiting.Operator, "R")]), roundId: "R2025-0a0b0c0d");
        var applying = RoundWait(RoundState.AcceptingApplications, RoundStep.Apply, On(Waiting.Applicants, Now.AddDays(1)), roundId: "R2025-1a1b1c1d");
        var tokyo = AppointmentWait(Appointment(), new Municipality("131016", "千代田区", "東京都"))!;

        Assert.True(new WaitFilter(Role: Waiting.Operator).Matches(overdue));
        Assert.True(new WaitFilter(Role: Waiting.Ministry).Matches(overdue));
        Assert.False(new WaitFilter(Role: Waiting.Operator).Matches(applying));
        Assert.False(new WaitFilter(Role: Waiting.Municipalities).Matches(tokyo));
        Assert.True(new WaitFilter(Role: Waiting.Candidate).Matches(tokyo));
        Assert.True(new WaitFilter(Prefecture: "東京都").Matches(tokyo));
        Assert.False(new WaitFilter(Prefecture: "大阪府").Matches(tokyo));
        Assert.False(new WaitFilter(Prefecture: "東京都").Matches(overdue));
        Assert.True(new WaitFilter(RoundId: "R2025-0a0b0c0d").Matches(overdue));
        Assert.True(new WaitFilter(RoundId: "R2025-0a0b0c0d").Matches(tokyo));
        Assert.False(new WaitFilter(RoundId: "R2025-0a0b0c0d").Matches(applying));
        Assert.True(new WaitFilter().Matches(applying));
    }
}
