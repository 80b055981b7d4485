using System.Text.Json;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Waits;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>
/// The round orchestrator on the real engine. Deadlines are either far away (an event must win) or already past
/// (the timer wins at once), never a race the test would have to time.
/// </summary>
public sealed class RecruitingRoundOrchestrationTests
{
    private static readonly DateTimeOffset FarAway = DateTimeOffset.UtcNow.AddDays(30);

    [Fact]
    public async Task Acceptance_before_the_deadline_moves_to_CommissionAccepted_without_an_overdue()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan(acceptBy: FarAway) with { ApplicationOpensAt = FarAway });
        await engine.StartRoundAsync();
        var waiting = await engine.WaitForStatusAsync(s => s.Step == RoundStep.Commission);
        Assert.Equal(Waiting.Operator, waiting.WaitingFor);

        await engine.CommandWhenAsync(RoundState.AwaitingCommissionAcceptance, RoundCommand.AcceptCommission);
        var advertising = await engine.WaitForStatusAsync(s => s.Step == RoundStep.Advertise);

        Assert.Equal([RoundState.CommissionAccepted], engine.StateList);
        Assert.Equal(Waiting.Operator, advertising.WaitingFor);
        Assert.Empty(engine.Overdue);
    }

    [Fact]
    public async Task Deadline_passing_makes_the_commission_overdue_and_the_ministry_cancels_the_round()
    {
        var plan = RoundEngine.PastPlan();
        await using var engine = await RoundEngine.StartAsync(() => plan);
        var started = DateTimeOffset.UtcNow;
        await engine.StartRoundAsync();

        var waiting = await engine.WaitForStatusAsync(s => s.WaitingFor == Waiting.Ministry);
        Assert.Equal(RoundStep.Commission, waiting.Step);
        Assert.Equal(RoundState.CommissionOverdue, waiting.State);
        Assert.Equal([RoundState.CommissionOverdue], engine.StateList);

        // The status says it all: the ministry decides, the operator may still accept, and the missed deadline is kept.
        Assert.True(waiting.Wait.Overdue);
        Assert.Equal(plan.AcceptCommissionBy, waiting.Wait.Deadline);
        Assert.Equal([new WaitParty(Waiting.Operator, RoundEngine.RoundId)], waiting.Wait.Also);
        Assert.InRange(waiting.Wait.Since!.Value, started.AddSeconds(-1), DateTimeOffset.UtcNow);

        await engine.CommandWhenAsync(RoundState.CommissionOverdue, RoundCommand.CancelRound);
        var done = await engine.WaitForCompletionAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(RoundState.Cancelled, done.ReadOutputAs<RoundOutcome>()!.State);
        Assert.Equal([RoundState.CommissionOverdue, RoundState.Cancelled], engine.StateList);
    }

    [Fact]
    public async Task Extended_deadline_that_passes_again_returns_to_the_ministry_who_then_cancels()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan());
        await engine.StartRoundAsync();
        await engine.WaitForStatusAsync(s => s.WaitingFor == Waiting.Ministry);

        // Two seconds ahead, so the second wait ends soon and the round is overdue again.
        await engine.CommandWhenAsync(RoundState.CommissionOverdue, RoundCommand.ExtendCommission, DateTimeOffset.UtcNow.AddSeconds(2));
        await engine.WaitForStateAsync(RoundState.AwaitingCommissionAcceptance);
        await engine.WaitForStatusAsync(s => s.WaitingFor == Waiting.Ministry && engine.StateList.Count == 3);
        await engine.CommandWhenAsync(RoundState.CommissionOverdue, RoundCommand.CancelRound);
        var done = await engine.WaitForCompletionAsync();

        Assert.Equal(RoundState.Cancelled, done.ReadOutputAs<RoundOutcome>()!.State);
        Assert.Equal(
            [RoundState.CommissionOverdue, RoundState.AwaitingCommissionAcceptance, RoundState.CommissionOverdue, RoundState.Cancelled],
            engine.StateList);
    }

    [Fact]
    public async Task A_call_not_published_by_its_date_still_waits_for_the_operator_overdue_with_the_date_it_missed()
    {
        var plan = RoundEngine.PastPlan(acceptBy: FarAway);
        await using var engine = await RoundEngine.StartAsync(() => plan);
        await engine.StartRoundAsync();
        var commission = await engine.WaitForStatusAsync(s => s.Step == RoundStep.Commission);
        Assert.Equal((Waiting.Operator, RoundEngine.RoundId, (DateTimeOffset?)FarAway, false), (commission.Wait.WaitingFor, commission.Wait.Organisation, commission.Wait.Deadline, commission.Wait.Overdue));

        await engine.CommandWhenAsync(RoundState.AwaitingCommissionAcceptance, RoundCommand.AcceptCommission);
        var overdue = await engine.WaitForStatusAsync(s => s.Step == RoundStep.Advertise && s.Wait.Overdue);

        Assert.Equal((Waiting.Operator, RoundEngine.RoundId, (DateTimeOffset?)plan.ApplicationOpensAt), (overdue.Wait.WaitingFor, overdue.Wait.Organisation, overdue.Wait.Deadline));
        Assert.True(overdue.Wait.Since > commission.Wait.Since, "the wait for the call began after the commission's");
        Assert.Single(engine.Overdue);
    }

    [Fact]
    public async Task Late_acceptance_after_the_overdue_still_reaches_the_round()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan() with { ApplicationOpensAt = FarAway });
        await engine.StartRoundAsync();
        await engine.WaitForStatusAsync(s => s.WaitingFor == Waiting.Ministry);

        // The first wait for a wake-up was cancelled by the timer; the new one must still receive it.
        await engine.CommandWhenAsync(RoundState.CommissionOverdue, RoundCommand.AcceptCommission);
        await engine.WaitForStateAsync(RoundState.CommissionAccepted);

        Assert.Equal([RoundState.CommissionOverdue, RoundState.CommissionAccepted], engine.StateList);
    }

    [Fact]
    public async Task Closing_the_window_early_screens_every_shard_of_the_round_once()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan(acceptBy: FarAway, closesAt: FarAway) with { SelectionDeadline = FarAway });
        await engine.StartRoundAsync();
        await engine.CommandWhenAsync(RoundState.AwaitingCommissionAcceptance, RoundCommand.AcceptCommission);
        await engine.CommandWhenAsync(RoundState.CommissionAccepted, RoundCommand.PublishCall);
        var applying = await engine.WaitForStatusAsync(s => s.Step == RoundStep.Apply);
        Assert.Equal(Waiting.Applicants, applying.WaitingFor);
        Assert.Equal([new WaitParty(Waiting.Operator, RoundEngine.RoundId)], applying.Wait.Also);
        Assert.Empty(engine.ShardCalls);

        await engine.CommandWhenAsync(RoundState.AcceptingApplications, RoundCommand.CloseApplicationWindow);
        var review = await engine.WaitForStatusAsync(s => s.State == RoundState.PanelReview);
        Assert.Equal((Waiting.Operator, (DateTimeOffset?)FarAway), (review.Wait.WaitingFor, review.Wait.Deadline));
        Assert.Equal([new WaitParty(Waiting.Panel)], review.Wait.Also);

        var screened = engine.ShardCalls[nameof(ScreenApplicationShard)].ToList();
        Assert.Equal(Enumerable.Range(0, ApplicationShards.Count), screened.Select(s => s.Shard).Order());
        Assert.All(screened, s => Assert.Equal(RoundEngine.RoundId, s.RoundId));
        Assert.Equal(new RoundCounts(Submitted: 16, Eligible: 4), review.Counts);
        Assert.False(engine.ShardCalls.ContainsKey(nameof(ConcludeSelectionShard)));
        Assert.Equal(
            [RoundState.CommissionAccepted, RoundState.CallPublished, RoundState.AcceptingApplications, RoundState.Screening, RoundState.PanelReview],
            engine.StateList);
    }

    /// <summary>Every version's path runs the whole round; from version 2 the listed people are told at ⑥ (ADR 0021).</summary>
    [Theory]
    [InlineData(null, 0)]
    [InlineData(OrchestrationVersions.First, 0)]
    [InlineData(OrchestrationVersions.ListedPeopleTold, 16)]
    public async Task Whole_round_with_every_deadline_past_runs_the_seeds_steps_in_order_and_keeps_names_out_of_its_status(string? version, int listingNoticeShards)
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan(acceptBy: FarAway));
        await engine.StartRoundAsync(version);
        await engine.CommandWhenAsync(RoundState.AwaitingCommissionAcceptance, RoundCommand.AcceptCommission);
        await engine.CommandWhenAsync(RoundState.CommissionAccepted, RoundCommand.PublishCall);

        var done = await engine.WaitForCompletionAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(
            [
                RoundState.CommissionAccepted, RoundState.CallPublished, RoundState.AcceptingApplications, RoundState.Screening,
                RoundState.PanelReview, RoundState.Training, RoundState.Publishing, RoundState.Appointing, RoundState.Completed,
            ],
            engine.StateList);
        var outcome = done.ReadOutputAs<RoundOutcome>()!;
        Assert.Equal(RoundState.Completed, outcome.State);
        Assert.Equal(new RoundCounts(Submitted: 16, Eligible: 4, Selected: 2, Certified: 1, Published: 1, MunicipalitiesNotified: 11, Appointed: 1), outcome.Counts);
        Assert.All(engine.ShardCalls[nameof(Functions.Train.IssueCertificatesShard)], c => Assert.Equal(5, c.Parameter));
        Assert.Equal(16, engine.ShardCalls[nameof(Functions.Publish.PublishRosterShard)].Count);
        Assert.Equal(listingNoticeShards, engine.ShardCalls.GetValueOrDefault(nameof(Functions.Publish.NotifyListedPeopleShard))?.Count ?? 0);

        var status = done.SerializedCustomStatus!;
        var parsed = JsonSerializer.Deserialize<RoundStatus>(status, Functions.Http.Json.Durable)!;
        Assert.Equal((RoundStep.Appoint, RoundState.Completed, Waiting.Nobody), (parsed.Step, parsed.State, parsed.WaitingFor));
        Assert.DoesNotContain('@', status);
        Assert.DoesNotMatch(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]", status);
        Assert.DoesNotMatch(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]", done.SerializedInput!);
    }

    [Fact]
    public async Task A_wake_up_with_nothing_recorded_leaves_the_round_waiting()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan(acceptBy: FarAway) with { ApplicationOpensAt = FarAway });
        await engine.StartRoundAsync();
        await engine.WaitForStatusAsync(s => s.Step == RoundStep.Commission);

        // A wake-up left over from a command of an earlier visit (or sent twice) must not end the wait.
        await engine.RaiseAsync(RoundEvents.CommandRecorded, nameof(RoundCommand.AcceptCommission));
        await engine.CommandWhenAsync(RoundState.AwaitingCommissionAcceptance, RoundCommand.AcceptCommission);
        await engine.WaitForStateAsync(RoundState.CommissionAccepted);

        Assert.Equal([RoundState.CommissionAccepted], engine.StateList);
    }

    [Fact]
    public async Task Two_publish_commands_at_once_record_one_and_the_round_moves_on_once()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan(acceptBy: FarAway, closesAt: FarAway) with { SelectionDeadline = FarAway });
        await engine.StartRoundAsync();
        await engine.CommandWhenAsync(RoundState.AwaitingCommissionAcceptance, RoundCommand.AcceptCommission);

        // A double click: the first closes the state, the second is told it is already recorded.
        await engine.WaitForStatusAsync(s => s.State == RoundState.CommissionAccepted && engine.Round.State == RoundState.CommissionAccepted);
        var decision = await engine.CommandAsync(RoundCommand.PublishCall);
        var again = await engine.CommandAsync(RoundCommand.PublishCall);
        await engine.WaitForStateAsync(RoundState.AcceptingApplications);

        Assert.True(decision.Recorded);
        Assert.False(again.Recorded);
        Assert.Equal("この操作は既に記録されています（公募の公開）。", again.Refusal!.Title);
        Assert.Single(engine.StateList, RoundState.CallPublished);
    }

    [Fact]
    public async Task A_step_failing_past_its_retries_stalls_the_round_for_the_ministry_and_resumes_on_request()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan(acceptBy: FarAway, closesAt: FarAway) with { SelectionDeadline = FarAway });
        engine.Failing[nameof(ScreenApplicationShard)] = true;
        await engine.StartRoundAsync();
        await engine.CommandWhenAsync(RoundState.AwaitingCommissionAcceptance, RoundCommand.AcceptCommission);
        await engine.CommandWhenAsync(RoundState.CommissionAccepted, RoundCommand.PublishCall);
        await engine.CommandWhenAsync(RoundState.AcceptingApplications, RoundCommand.CloseApplicationWindow);

        // Five tries with backoff (2 + 4 + 8 + 16 s) before the step gives up.
        var stalled = await engine.WaitForStatusAsync(s => s.Stalled, TimeSpan.FromSeconds(90));
        Assert.Equal((RoundStep.Select, Waiting.Ministry), (stalled.Step, stalled.WaitingFor));
        Assert.Equal(nameof(ScreenApplicationShard), Assert.Single(engine.Stalls.DistinctBy(s => s.Activity)).Activity);
        Assert.NotNull(engine.Round.Stall);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await engine.Client.GetInstanceAsync(RoundIds.InstanceId(RoundEngine.RoundId)))!.RuntimeStatus);

        engine.Failing.Clear();
        await engine.ResumeAsync();
        var review = await engine.WaitForStatusAsync(s => s.State == RoundState.PanelReview);

        Assert.False(review.Stalled);
        Assert.Equal(new RoundCounts(Submitted: 16, Eligible: 4), review.Counts);
    }
}
