using Workflow.Domain.Applications;

namespace Workflow.Domain.Tests.Applications;

public sealed class ApplicationLifecycleTests
{
    private static ApplicationLifecycle At(ApplicationStatus status, bool? eligible = null, PanelDecision? decision = null, string? reason = null) =>
        new(status, eligible, decision, reason);

    [Theory]
    [InlineData(ApplicationStatus.Submitted, true, ApplicationStatus.Eligible)]
    [InlineData(ApplicationStatus.Eligible, false, ApplicationStatus.Ineligible)]
    [InlineData(ApplicationStatus.Ineligible, true, ApplicationStatus.Eligible)]
    public void Screening_sets_eligibility_before_the_outcome(ApplicationStatus from, bool eligible, ApplicationStatus to)
    {
        Assert.Equal(to, At(from).Screen(eligible));
    }

    [Theory]
    [InlineData(ApplicationStatus.Selected)]
    [InlineData(ApplicationStatus.NotSelected)]
    [InlineData(ApplicationStatus.Certified)]
    [InlineData(ApplicationStatus.Withdrawn)]
    public void Screening_never_touches_an_outcome_or_a_withdrawal(ApplicationStatus status)
    {
        Assert.Null(At(status).Screen(true));
    }

    [Fact]
    public void A_decision_needs_an_eligible_application_without_an_outcome()
    {
        Assert.Null(At(ApplicationStatus.Eligible, true).RefuseDecision());
        Assert.Equal("この応募は書類選考の要件を満たしていないため、決定を記録できません。", At(ApplicationStatus.Ineligible, false).RefuseDecision()!.Title);
        Assert.Equal("この応募の選定結果は既に確定し、通知されています。", At(ApplicationStatus.NotSelected, true).RefuseDecision()!.Title);
        Assert.Equal("この応募は取り下げられました。", At(ApplicationStatus.Withdrawn, true).RefuseDecision()!.Title);
    }

    [Fact]
    public void The_conclusion_follows_eligibility_and_the_panel_and_keeps_an_outcome_already_told()
    {
        Assert.Equal(new SelectionOutcome(ApplicationStatus.Selected, ApplicationLifecycle.SelectedByPanel),
            At(ApplicationStatus.Eligible, true, PanelDecision.Selected).Conclude(true, null));
        Assert.Equal(new SelectionOutcome(ApplicationStatus.NotSelected, "経験が不足"),
            At(ApplicationStatus.Eligible, true, PanelDecision.NotSelected, "経験が不足").Conclude(true, null));
        Assert.Equal(new SelectionOutcome(ApplicationStatus.NotSelected, ApplicationLifecycle.NoDecisionReason),
            At(ApplicationStatus.Eligible, true).Conclude(true, null));
        Assert.Equal(new SelectionOutcome(ApplicationStatus.NotSelected, ApplicationLifecycle.IneligibleReason),
            At(ApplicationStatus.Ineligible, false, PanelDecision.Selected).Conclude(false, null));

        // A decision stored after the outcome (it cannot be any more) would not change what was told.
        Assert.Equal(new SelectionOutcome(ApplicationStatus.NotSelected, "told"),
            At(ApplicationStatus.NotSelected, true, PanelDecision.Selected).Conclude(true, "told"));
        Assert.Null(At(ApplicationStatus.Withdrawn, true, PanelDecision.Selected).Conclude(true, null));
    }

    [Fact]
    public void Withdrawal_is_possible_until_the_outcome_and_repeating_it_is_harmless()
    {
        Assert.Null(At(ApplicationStatus.Eligible).RefuseWithdrawal());
        Assert.Null(At(ApplicationStatus.Withdrawn).RefuseWithdrawal());
        Assert.NotNull(At(ApplicationStatus.Selected).RefuseWithdrawal());
    }

    [Fact]
    public void Only_selected_people_are_trained_and_certified()
    {
        Assert.Null(At(ApplicationStatus.Selected).RefuseAttendance());
        Assert.NotNull(At(ApplicationStatus.NotSelected).RefuseAttendance());
        Assert.Equal(ApplicationStatus.Certified, At(ApplicationStatus.Selected).Certify(true));
        Assert.Equal(ApplicationStatus.NotCertified, At(ApplicationStatus.Selected).Certify(false));
        Assert.Null(At(ApplicationStatus.NotSelected).Certify(true));
        Assert.Null(At(ApplicationStatus.Withdrawn).Certify(true));
    }
}
