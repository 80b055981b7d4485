using Workflow.Domain.Rounds;

namespace Workflow.Domain.Tests.Rounds;

public sealed class RoundLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static RoundLifecycle In(RoundState state) => RoundLifecycle.New() with { State = state };

    [Theory]
    [InlineData(RoundState.AwaitingCommissionAcceptance, RoundCommand.AcceptCommission)]
    [InlineData(RoundState.CommissionOverdue, RoundCommand.AcceptCommission)]
    [InlineData(RoundState.CommissionOverdue, RoundCommand.CancelRound)]
    [InlineData(RoundState.CommissionAccepted, RoundCommand.PublishCall)]
    [InlineData(RoundState.AcceptingApplications, RoundCommand.CloseApplicationWindow)]
    [InlineData(RoundState.PanelReview, RoundCommand.FinalizeSelection)]
    [InlineData(RoundState.Training, RoundCommand.FinalizeTraining)]
    [InlineData(RoundState.Appointing, RoundCommand.CloseRound)]
    public void A_command_closes_the_state_it_belongs_to_once(RoundState state, RoundCommand command)
    {
        var first = In(state).Decide(command, "operator", Now, "key-00000001");
        var second = first.Round.Decide(command, "operator", Now.AddSeconds(1), "key-00000002");

        Assert.True(first.Recorded);
        Assert.Equal(new RoundClosing(command, "operator", Now, "key-00000001"), first.Round.Closing);
        Assert.False(second.Recorded);
        Assert.StartsWith("この操作は既に記録されています", second.Refusal!.Title);
        Assert.Equal(first.Round, second.Round);
    }

    [Fact]
    public void The_same_command_id_is_a_repeat_answered_as_recorded()
    {
        var first = In(RoundState.PanelReview).Decide(RoundCommand.FinalizeSelection, "operator", Now, "key-00000001");
        var repeat = first.Round.Decide(RoundCommand.FinalizeSelection, "operator", Now.AddMinutes(1), "key-00000001");

        Assert.True(repeat.Repeated);
        Assert.Null(repeat.Refusal);
        Assert.Equal(first.Round, repeat.Round);
    }

    [Fact]
    public void A_second_click_that_arrives_after_the_round_moved_on_is_told_the_first_was_recorded()
    {
        var published = In(RoundState.CommissionAccepted).Decide(RoundCommand.PublishCall, "operator", Now, null).Round;
        var moved = published.MoveTo(RoundState.CallPublished).MoveTo(RoundState.AcceptingApplications);

        var late = moved.Decide(RoundCommand.PublishCall, "operator", Now.AddSeconds(2), null);

        Assert.Equal("この操作は既に記録されています（公募の公開）。", late.Refusal!.Title);
        Assert.Equal("2025-04-01 09:00 に記録済みです。", late.Refusal.Detail);
        Assert.Same(moved, late.Round);

        // A command the round never took is still told the state it finds.
        Assert.Equal("現在の段階ではこの操作はできません。", moved.Decide(RoundCommand.FinalizeTraining, "operator", Now, null).Refusal!.Title);
    }

    [Fact]
    public void A_repeat_of_the_same_command_id_after_the_round_moved_on_is_answered_as_the_visit_it_closed()
    {
        var accepted = In(RoundState.AwaitingCommissionAcceptance).Decide(RoundCommand.AcceptCommission, "operator", Now, "key-00000001");
        var moved = accepted.Round.MoveTo(RoundState.CommissionAccepted);

        var repeat = moved.Decide(RoundCommand.AcceptCommission, "operator", Now.AddMinutes(1), "key-00000001");

        Assert.True(repeat.Repeated);
        Assert.Null(repeat.Refusal);
        Assert.Same(moved, repeat.Round);
        Assert.Equal(accepted.Visit, repeat.Visit);
        Assert.Equal(new ClosedVisit(RoundState.AwaitingCommissionAcceptance, 0, new RoundClosing(RoundCommand.AcceptCommission, "operator", Now, "key-00000001")), repeat.Visit);
    }

    [Fact]
    public void A_command_the_new_visit_takes_again_is_decided_on_it_unless_its_id_repeats()
    {
        var opens = Now.AddDays(2);
        var extended = In(RoundState.CommissionOverdue).Decide(RoundCommand.ExtendCommission, "ministry", Now, "key-00000001", Now.AddHours(1), opens);
        var overdueAgain = extended.Round.MoveTo(RoundState.AwaitingCommissionAcceptance).CloseByDeadline(Now.AddHours(1)).MoveTo(RoundState.CommissionOverdue);

        var second = overdueAgain.Decide(RoundCommand.ExtendCommission, "ministry", Now.AddHours(1), "key-00000002", Now.AddHours(2), opens);
        var repeatOfFirst = overdueAgain.Decide(RoundCommand.ExtendCommission, "ministry", Now.AddHours(1), "key-00000001", Now.AddHours(1), opens);

        Assert.True(second.Recorded);
        Assert.Equal(2, second.Round.CommissionExtensions);
        Assert.True(repeatOfFirst.Repeated);
        Assert.Equal(0, repeatOfFirst.Visit!.StateVersion);
        Assert.Equal(2, overdueAgain.EarlierVisits.Count);
        Assert.Equal(RoundCommand.DeadlinePassed, overdueAgain.EarlierVisits[1].Closing.Command);
    }

    [Theory]
    [InlineData(RoundState.AwaitingCommissionAcceptance, RoundCommand.PublishCall)]
    [InlineData(RoundState.AwaitingCommissionAcceptance, RoundCommand.CancelRound)]
    [InlineData(RoundState.AcceptingApplications, RoundCommand.FinalizeSelection)]
    [InlineData(RoundState.Screening, RoundCommand.FinalizeSelection)]
    [InlineData(RoundState.Completed, RoundCommand.CloseRound)]
    [InlineData(RoundState.Cancelled, RoundCommand.AcceptCommission)]
    public void A_command_outside_its_state_is_refused_with_the_current_state(RoundState state, RoundCommand command)
    {
        var decision = In(state).Decide(command, "operator", Now, null);

        Assert.Equal("現在の段階ではこの操作はできません。", decision.Refusal!.Title);
        Assert.Contains(RoundStateMachine.DisplayName(state), decision.Refusal.Detail);
        Assert.Null(decision.Round.Closing);
    }

    [Fact]
    public void After_the_deadline_closed_a_state_a_late_command_is_refused_with_what_closed_it()
    {
        var closed = In(RoundState.PanelReview).CloseByDeadline(Now);

        var late = closed.Decide(RoundCommand.FinalizeSelection, "operator", Now.AddSeconds(1), null);

        Assert.False(closed.AcceptsPanelDecisions);
        Assert.Equal("現在の段階は既に終了しています。", late.Refusal!.Title);
        Assert.Equal("期限の到来により締め切られました。", late.Refusal.Detail);
    }

    [Fact]
    public void A_deadline_after_a_command_keeps_the_command()
    {
        var finalized = In(RoundState.PanelReview).Decide(RoundCommand.FinalizeSelection, "operator", Now, null).Round;

        Assert.Equal(RoundCommand.FinalizeSelection, finalized.CloseByDeadline(Now.AddSeconds(1)).Closing!.Command);
    }

    [Theory]
    [InlineData(RoundState.CommissionAccepted)]
    [InlineData(RoundState.CommissionOverdue)]
    [InlineData(RoundState.Screening)]
    public void No_deadline_closes_a_state_only_a_person_or_the_work_ends(RoundState state)
    {
        Assert.Throws<InvalidOperationException>(() => In(state).CloseByDeadline(Now));
    }

    [Fact]
    public void Moving_on_opens_a_new_visit_and_moving_to_the_same_state_is_a_replay()
    {
        var closed = In(RoundState.AcceptingApplications).Decide(RoundCommand.CloseApplicationWindow, "operator", Now, null).Round;

        var moved = closed.MoveTo(RoundState.Screening);

        Assert.Equal((RoundState.Screening, 1, (RoundClosing?)null), (moved.State, moved.StateVersion, moved.Closing));
        Assert.Same(moved, moved.MoveTo(RoundState.Screening));
        Assert.Throws<InvalidOperationException>(() => moved.MoveTo(RoundState.Training));
    }

    [Fact]
    public void Extensions_need_a_future_date_before_the_window_opens_and_stop_at_the_limit()
    {
        var opens = Now.AddDays(2);
        var overdue = In(RoundState.CommissionOverdue);

        Assert.Equal("acceptCommissionBy", overdue.Decide(RoundCommand.ExtendCommission, "ministry", Now, null).Refusal!.Field);
        Assert.Equal("新しい受諾期限は現在より後の日時にしてください。",
            overdue.Decide(RoundCommand.ExtendCommission, "ministry", Now, null, Now.AddMinutes(-1), opens).Refusal!.Title);
        Assert.Equal("新しい受諾期限は応募受付の開始より前の日時にしてください。",
            overdue.Decide(RoundCommand.ExtendCommission, "ministry", Now, null, opens, opens).Refusal!.Title);

        var round = overdue;
        for (var i = 0; i < RoundLifecycle.MaxCommissionExtensions; i++)
        {
            var decision = round.Decide(RoundCommand.ExtendCommission, "ministry", Now, null, Now.AddHours(1), opens);
            Assert.True(decision.Recorded);
            Assert.Equal(Now.AddHours(1), decision.Round.Closing!.NewDeadline);
            round = decision.Round.MoveTo(RoundState.AwaitingCommissionAcceptance).CloseByDeadline(Now).MoveTo(RoundState.CommissionOverdue);
        }

        var eleventh = round.Decide(RoundCommand.ExtendCommission, "ministry", Now, null, Now.AddHours(1), opens);
        Assert.Equal("受諾期限の延長は10回までです。", eleventh.Refusal!.Title);
        Assert.True(round.Decide(RoundCommand.AcceptCommission, "operator", Now, null).Recorded);
        Assert.True(round.Decide(RoundCommand.CancelRound, "ministry", Now, null).Recorded);
    }

    [Fact]
    public void In_an_overdue_commission_accept_extend_and_cancel_exclude_each_other()
    {
        var cancelled = In(RoundState.CommissionOverdue).Decide(RoundCommand.CancelRound, "ministry", Now, null).Round;

        Assert.Equal("現在の段階は既に終了しています。", cancelled.Decide(RoundCommand.AcceptCommission, "operator", Now, null).Refusal!.Title);
        Assert.Equal("現在の段階は既に終了しています。",
            cancelled.Decide(RoundCommand.ExtendCommission, "ministry", Now, null, Now.AddHours(1)).Refusal!.Title);
    }

    [Theory]
    [InlineData(RoundState.CallPublished, true)]
    [InlineData(RoundState.AcceptingApplications, true)]
    [InlineData(RoundState.Screening, true)]
    [InlineData(RoundState.PanelReview, true)]
    [InlineData(RoundState.Training, false)]
    [InlineData(RoundState.Appointing, false)]
    [InlineData(RoundState.Completed, false)]
    public void Applicants_may_withdraw_until_the_panel_s_work_is_closed(RoundState state, bool may)
    {
        Assert.Equal(may, In(state).AcceptsWithdrawals);
    }

    [Theory]
    [InlineData(RoundState.AwaitingCommissionAcceptance, true)]
    [InlineData(RoundState.Screening, true)]
    [InlineData(RoundState.PanelReview, true)]
    [InlineData(RoundState.Training, false)]
    [InlineData(RoundState.Cancelled, false)]
    [InlineData(RoundState.Completed, false)]
    public void The_panel_may_be_named_until_its_work_is_closed(RoundState state, bool may)
    {
        Assert.Equal(may, In(state).AcceptsPanelAssignment);
        Assert.False(In(RoundState.PanelReview).Decide(RoundCommand.FinalizeSelection, "operator", Now, null).Round.AcceptsPanelAssignment);
    }

    [Fact]
    public void Once_selection_is_finalized_neither_decisions_nor_withdrawals_are_taken()
    {
        var finalized = In(RoundState.PanelReview).Decide(RoundCommand.FinalizeSelection, "operator", Now, null).Round;

        Assert.False(finalized.AcceptsPanelDecisions);
        Assert.False(finalized.AcceptsWithdrawals);
    }

    [Fact]
    public void A_stall_is_shown_once_and_only_a_stalled_round_resumes()
    {
        var stalled = In(RoundState.Screening).MarkStalled(RoundStep.Select, "ScreenApplicationShard", Now);

        Assert.Same(stalled, stalled.MarkStalled(RoundStep.Select, "ScreenApplicationShard", Now.AddMinutes(1)));
        var resumed = stalled.Resume();
        Assert.True(resumed.Recorded);
        Assert.Null(resumed.Round.Stall);
        Assert.Equal("この公募ラウンドは停止していません。", resumed.Round.Resume().Refusal!.Title);
    }
}
