using Workflow.Domain.Rounds;
using Workflow.Functions.Telemetry;

namespace Workflow.Functions.Tests.Telemetry;

public sealed class RoundStepDurationsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_state_ends_nothing()
    {
        var times = new Dictionary<RoundState, DateTimeOffset> { [RoundState.AwaitingCommissionAcceptance] = T0 };

        Assert.Null(RoundStepDurations.Ended(times, RoundState.AwaitingCommissionAcceptance, T0));
    }

    [Fact]
    public void A_move_within_a_step_ends_nothing()
    {
        var times = new Dictionary<RoundState, DateTimeOffset>
        {
            [RoundState.AwaitingCommissionAcceptance] = T0,
            [RoundState.CommissionAccepted] = T0.AddDays(2),
        };

        Assert.Null(RoundStepDurations.Ended(times, RoundState.CommissionAccepted, T0.AddDays(2)));
    }

    [Fact]
    public void Leaving_a_step_times_it_from_its_first_state_overdue_detour_included()
    {
        var times = new Dictionary<RoundState, DateTimeOffset>
        {
            [RoundState.AwaitingCommissionAcceptance] = T0,
            [RoundState.CommissionOverdue] = T0.AddDays(7),
            [RoundState.CommissionAccepted] = T0.AddDays(9),
            [RoundState.CallPublished] = T0.AddDays(10),
        };

        Assert.Equal((RoundStep.Commission, TimeSpan.FromDays(10)), RoundStepDurations.Ended(times, RoundState.CallPublished, T0.AddDays(10)));
    }

    [Fact]
    public void The_end_of_the_round_ends_its_last_step_though_completed_belongs_to_it()
    {
        var times = new Dictionary<RoundState, DateTimeOffset>
        {
            [RoundState.Publishing] = T0,
            [RoundState.Appointing] = T0.AddDays(1),
            [RoundState.Completed] = T0.AddDays(31),
        };

        Assert.Equal((RoundStep.Appoint, TimeSpan.FromDays(30)), RoundStepDurations.Ended(times, RoundState.Completed, T0.AddDays(31)));
    }

    [Fact]
    public void A_later_state_a_command_already_recorded_does_not_count_as_the_one_before()
    {
        // The operator accepted and published before the orchestration moved to CommissionAccepted.
        var times = new Dictionary<RoundState, DateTimeOffset>
        {
            [RoundState.AwaitingCommissionAcceptance] = T0,
            [RoundState.CommissionAccepted] = T0.AddMinutes(1),
            [RoundState.CallPublished] = T0.AddMinutes(2),
        };

        Assert.Null(RoundStepDurations.Ended(times, RoundState.CommissionAccepted, T0.AddMinutes(3)));
        Assert.Equal((RoundStep.Commission, TimeSpan.FromMinutes(4)), RoundStepDurations.Ended(times, RoundState.CallPublished, T0.AddMinutes(4)));
    }

    [Fact]
    public void A_state_recorded_again_by_a_retried_activity_ends_the_same_step_with_the_same_duration()
    {
        // The orchestrator passes the same time on every replay, and the row keeps the first time of each state.
        var times = new Dictionary<RoundState, DateTimeOffset>
        {
            [RoundState.AcceptingApplications] = T0,
            [RoundState.Screening] = T0.AddDays(14),
        };

        Assert.Equal((RoundStep.Apply, TimeSpan.FromDays(14)), RoundStepDurations.Ended(times, RoundState.Screening, T0.AddDays(14)));
    }
}
