using System.Diagnostics.Metrics;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Telemetry;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Rounds;

[Collection("Azurite")]
public sealed class SetRoundStateTests
{
    private readonly TestStorage _storage = new();

    private async Task<(RoundRecord Round, SetRoundState Activity, RoundStore Store)> ArrangeAsync(RoundState state)
    {
        var store = new RoundStore(_storage.Storage);
        var round = Samples.Round(state);
        await store.CreateAsync(round, "ministry");
        return (round, new SetRoundState(store, new BusinessLog(_storage.Storage)), store);
    }

    [Fact]
    public async Task Refuses_a_backwards_move_and_leaves_the_stored_state()
    {
        var (round, activity, store) = await ArrangeAsync(RoundState.Screening);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            activity.Run(new SetRoundStateInput(round.RoundId, RoundState.AcceptingApplications, Samples.Now, new RoundCounts()), CancellationToken.None));

        Assert.Equal(RoundState.Screening, (await store.GetAsync(round.RoundId))!.State);
    }

    [Fact]
    public async Task Records_a_forward_move_with_its_time_and_counts_and_accepts_the_same_move_again()
    {
        var (round, activity, store) = await ArrangeAsync(RoundState.Screening);
        var at = Samples.Now.AddDays(11);
        var input = new SetRoundStateInput(round.RoundId, RoundState.PanelReview, at, new RoundCounts(Submitted: 4, Eligible: 2));

        await activity.Run(input, CancellationToken.None);
        await activity.Run(input, CancellationToken.None);

        var stored = (await store.GetAsync(round.RoundId))!;
        Assert.Equal(RoundState.PanelReview, stored.State);
        Assert.Equal(at, stored.StateTimes[RoundState.PanelReview]);
        Assert.Equal(new RoundCounts(Submitted: 4, Eligible: 2), stored.Counts);
        var log = await _storage.RowsAsync(Storage.Tables.AuditLog);
        Assert.Single(log, l => l.GetString("Action") == "StateChanged");
    }

    [Fact]
    public async Task A_step_ended_by_a_move_is_measured_once_when_the_activity_runs_again()
    {
        var (round, activity, _) = await ArrangeAsync(RoundState.AcceptingApplications);
        var measured = new List<(double Seconds, string? Step)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // By name: the instrument may be published while WorkflowTelemetry's fields are still being set.
                if (instrument.Meter.Name == WorkflowTelemetry.SourceName && instrument.Name == "workflow.round.step.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            // The meter is process-wide: only this round's figures count.
            var mine = false;
            string? step = null;
            foreach (var tag in tags)
            {
                mine |= tag.Key == WorkflowTelemetry.RoundIdTag && (string?)tag.Value == round.RoundId;
                step = tag.Key == WorkflowTelemetry.StepTag ? (string?)tag.Value : step;
            }

            if (mine)
            {
                lock (measured)
                {
                    measured.Add((value, step));
                }
            }
        });
        listener.Start();

        await activity.Run(new SetRoundStateInput(round.RoundId, RoundState.AcceptingApplications, Samples.Now, new RoundCounts()), CancellationToken.None);
        var closed = new SetRoundStateInput(round.RoundId, RoundState.Screening, Samples.Now.AddDays(14), new RoundCounts(Submitted: 3));
        await activity.Run(closed, CancellationToken.None);
        await activity.Run(closed, CancellationToken.None);

        Assert.Equal([(TimeSpan.FromDays(14).TotalSeconds, nameof(RoundStep.Apply))], measured);
    }
}
