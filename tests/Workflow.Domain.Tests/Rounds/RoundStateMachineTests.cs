using Workflow.Domain.Rounds;

namespace Workflow.Domain.Tests.Rounds;

public class RoundStateMachineTests
{
    public static TheoryData<RoundState, RoundState> MainLine => new()
    {
        { RoundState.AwaitingCommissionAcceptance, RoundState.CommissionAccepted },
        { RoundState.CommissionAccepted, RoundState.CallPublished },
        { RoundState.CallPublished, RoundState.AcceptingApplications },
        { RoundState.AcceptingApplications, RoundState.Screening },
        { RoundState.Screening, RoundState.PanelReview },
        { RoundState.PanelReview, RoundState.Training },
        { RoundState.Training, RoundState.Publishing },
        { RoundState.Publishing, RoundState.Appointing },
        { RoundState.Appointing, RoundState.Completed },
    };

    [Theory]
    [MemberData(nameof(MainLine))]
    public void Forward_one_step_is_allowed_and_backward_is_not(RoundState from, RoundState to)
    {
        Assert.True(RoundStateMachine.CanMove(from, to));
        Assert.False(RoundStateMachine.CanMove(to, from));
        Assert.Equal(to, RoundStateMachine.Next(from));
    }

    [Theory]
    [InlineData(RoundState.AwaitingCommissionAcceptance, RoundState.Training)]
    [InlineData(RoundState.AcceptingApplications, RoundState.Training)]
    [InlineData(RoundState.CommissionAccepted, RoundState.Completed)]
    public void Skipping_a_step_is_not_allowed(RoundState from, RoundState to)
    {
        Assert.False(RoundStateMachine.CanMove(from, to));
    }

    [Fact]
    public void Overdue_commission_paths()
    {
        Assert.True(RoundStateMachine.CanMove(RoundState.AwaitingCommissionAcceptance, RoundState.CommissionOverdue));
        Assert.True(RoundStateMachine.CanMove(RoundState.CommissionOverdue, RoundState.AwaitingCommissionAcceptance));
        Assert.True(RoundStateMachine.CanMove(RoundState.CommissionOverdue, RoundState.CommissionAccepted));
        Assert.True(RoundStateMachine.CanMove(RoundState.CommissionOverdue, RoundState.Cancelled));
        Assert.False(RoundStateMachine.CanMove(RoundState.CommissionOverdue, RoundState.CallPublished));
        Assert.False(RoundStateMachine.CanMove(RoundState.CommissionAccepted, RoundState.CommissionOverdue));
        Assert.Null(RoundStateMachine.Next(RoundState.CommissionOverdue));
    }

    [Fact]
    public void Any_non_final_state_can_be_cancelled_and_final_states_are_final()
    {
        foreach (var state in Enum.GetValues<RoundState>())
        {
            var final = state is RoundState.Completed or RoundState.Cancelled;
            Assert.Equal(final, RoundStateMachine.IsFinal(state));
            if (state != RoundState.Cancelled)
            {
                Assert.Equal(!final, RoundStateMachine.CanMove(state, RoundState.Cancelled));
            }
        }

        Assert.False(RoundStateMachine.CanMove(RoundState.Cancelled, RoundState.AwaitingCommissionAcceptance));
        Assert.False(RoundStateMachine.CanMove(RoundState.Completed, RoundState.Appointing));
        Assert.Null(RoundStateMachine.Next(RoundState.Completed));
    }

    [Fact]
    public void Same_state_is_allowed_for_replays()
    {
        Assert.All(Enum.GetValues<RoundState>(), s => Assert.True(RoundStateMachine.CanMove(s, s)));
    }

    [Fact]
    public void Undefined_states_cannot_move()
    {
        Assert.False(RoundStateMachine.CanMove((RoundState)99, RoundState.Cancelled));
        Assert.False(RoundStateMachine.CanMove(RoundState.Training, (RoundState)99));
    }

    [Theory]
    [InlineData(RoundState.AwaitingCommissionAcceptance, RoundStep.Commission)]
    [InlineData(RoundState.CommissionOverdue, RoundStep.Commission)]
    [InlineData(RoundState.CommissionAccepted, RoundStep.Commission)]
    [InlineData(RoundState.CallPublished, RoundStep.Advertise)]
    [InlineData(RoundState.AcceptingApplications, RoundStep.Apply)]
    [InlineData(RoundState.Screening, RoundStep.Select)]
    [InlineData(RoundState.PanelReview, RoundStep.Select)]
    [InlineData(RoundState.Training, RoundStep.Train)]
    [InlineData(RoundState.Publishing, RoundStep.Publish)]
    [InlineData(RoundState.Appointing, RoundStep.Appoint)]
    [InlineData(RoundState.Completed, RoundStep.Appoint)]
    [InlineData(RoundState.Cancelled, RoundStep.Commission)]
    public void Step_of_state(RoundState state, RoundStep step)
    {
        Assert.Equal(step, RoundStateMachine.StepOf(state));
    }

    [Fact]
    public void Steps_follow_the_seed_order_and_names()
    {
        Assert.Equal(
            ["委託", "公募", "応募", "選定", "研修", "掲載・周知", "任用"],
            Enum.GetValues<RoundStep>().Select(RoundStateMachine.DisplayName));
    }

    [Fact]
    public void Every_state_has_a_distinct_japanese_name()
    {
        var names = Enum.GetValues<RoundState>().Select(RoundStateMachine.DisplayName).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Contains(n, c => c > '\u3000'));
    }
}
