using System.Text.Json;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;

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

        await engine.RaiseAsync(RoundEvents.CommissionAccepted);
        var advertising = await engine.WaitForStatusAsync(s => s.Step == RoundStep.Advertise);

        Assert.Equal([RoundState.CommissionAccepted], engine.StateList);
        Assert.Equal(Waiting.Operator, advertising.WaitingFor);
        Assert.Empty(engine.Overdue);
    }

    [Fact]
    public async Task Deadline_passing_makes_the_commission_overdue_and_the_ministry_cancels_the_round()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan());
        await engine.StartRoundAsync();

        var waiting = await engine.WaitForStatusAsync(s => s.WaitingFor == Waiting.Ministry);
        Assert.Equal(RoundStep.Commission, waiting.Step);
        Assert.Equal(RoundState.CommissionOverdue, waiting.State);
        Assert.Equal([RoundState.CommissionOverdue], engine.StateList);

        await engine.RaiseAsync(RoundEvents.RoundCancelled, "ministry");
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

        // Already past, so the second wait ends at once and the round is overdue again.
        await engine.RaiseAsync(RoundEvents.CommissionDeadlineExtended, DateTimeOffset.UtcNow.AddMinutes(-1));
        await engine.WaitForStateAsync(RoundState.AwaitingCommissionAcceptance);
        await engine.WaitForStatusAsync(s => s.WaitingFor == Waiting.Ministry && engine.StateList.Count == 3);
        await engine.RaiseAsync(RoundEvents.RoundCancelled, "ministry");
        var done = await engine.WaitForCompletionAsync();

        Assert.Equal(RoundState.Cancelled, done.ReadOutputAs<RoundOutcome>()!.State);
        Assert.Equal(
            [RoundState.CommissionOverdue, RoundState.AwaitingCommissionAcceptance, RoundState.CommissionOverdue, RoundState.Cancelled],
            engine.StateList);
    }

    [Fact]
    public async Task Late_acceptance_after_the_overdue_still_reaches_the_round()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan() with { ApplicationOpensAt = FarAway });
        await engine.StartRoundAsync();
        await engine.WaitForStatusAsync(s => s.WaitingFor == Waiting.Ministry);

        // The first wait for this event was cancelled by the timer; the new one must still receive it.
        await engine.RaiseAsync(RoundEvents.CommissionAccepted);
        await engine.WaitForStateAsync(RoundState.CommissionAccepted);

        Assert.Equal([RoundState.CommissionOverdue, RoundState.CommissionAccepted], engine.StateList);
    }

    [Fact]
    public async Task Closing_the_window_early_screens_every_shard_of_the_round_once()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan(acceptBy: FarAway, closesAt: FarAway) with { SelectionDeadline = FarAway });
        await engine.StartRoundAsync();
        await engine.RaiseAsync(RoundEvents.CommissionAccepted);
        await engine.RaiseAsync(RoundEvents.CallPublished);
        var applying = await engine.WaitForStatusAsync(s => s.Step == RoundStep.Apply);
        Assert.Equal(Waiting.Applicants, applying.WaitingFor);
        Assert.Empty(engine.ShardCalls);

        await engine.RaiseAsync(RoundEvents.ApplicationWindowClosedEarly);
        var review = await engine.WaitForStatusAsync(s => s.State == RoundState.PanelReview);

        var screened = engine.ShardCalls[nameof(ScreenApplicationShard)].ToList();
        Assert.Equal(Enumerable.Range(0, ApplicationShards.Count), screened.Select(s => s.Shard).Order());
        Assert.All(screened, s => Assert.Equal(RoundEngine.RoundId, s.RoundId));
        Assert.Equal(new RoundCounts(Submitted: 16, Eligible: 4), review.Counts);
        Assert.False(engine.ShardCalls.ContainsKey(nameof(ConcludeSelectionShard)));
        Assert.Equal(
            [RoundState.CommissionAccepted, RoundState.CallPublished, RoundState.AcceptingApplications, RoundState.Screening, RoundState.PanelReview],
            engine.StateList);
    }

    [Fact]
    public async Task Whole_round_with_every_deadline_past_runs_the_seeds_steps_in_order_and_keeps_names_out_of_its_status()
    {
        await using var engine = await RoundEngine.StartAsync(() => RoundEngine.PastPlan(acceptBy: FarAway));
        await engine.StartRoundAsync();
        await engine.RaiseAsync(RoundEvents.CommissionAccepted);
        await engine.RaiseAsync(RoundEvents.CallPublished);

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

        var status = done.SerializedCustomStatus!;
        var parsed = JsonSerializer.Deserialize<RoundStatus>(status, Functions.Http.Json.Durable)!;
        Assert.Equal((RoundStep.Appoint, RoundState.Completed, Waiting.Nobody), (parsed.Step, parsed.State, parsed.WaitingFor));
        Assert.DoesNotContain('@', status);
        Assert.DoesNotMatch(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]", status);
        Assert.DoesNotMatch(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]", done.SerializedInput!);
    }
}
