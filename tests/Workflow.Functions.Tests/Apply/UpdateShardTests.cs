using Azure.Data.Tables;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Select;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Apply;

/// <summary>
/// A shard activity writes onto the rows as it read them: a row changed or withdrawn between its read and its write is
/// read again and decided anew, and a row that vanished is left out, never failing the activity.
/// </summary>
[Collection("Azurite")]
public sealed class UpdateShardTests
{
    private const int Shard = 3;

    private static PersonaDecision Decided(PanelDecision decision) => new(Persona.Producer, decision, null, "reviewer", Samples.Now);
    private readonly TestStorage _storage = new();

    private async Task<(string RoundId, List<string> Ids)> EligibleAsync(int count)
    {
        var round = await Standards.StoredRoundAsync(_storage.Storage, RoundState.PanelReview);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, $"shard.{i}")));
            ids.Add(id);
        }

        await new ScreenApplicationShard(new ApplicationStore(_storage.Storage), new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(new ShardInput(round.RoundId, Shard, Samples.Now), CancellationToken.None);
        return (round.RoundId, ids);
    }

    [Fact]
    public async Task A_decision_landing_between_the_conclusions_read_and_write_is_the_outcome_told()
    {
        var (roundId, ids) = await EligibleAsync(3);
        var store = new ApplicationStore(_storage.Storage);
        var late = ids[1];
        var interfered = false;

        // The first time the conclusion decides, a reviewer's decision lands on one of the rows it has just read.
        var results = await store.UpdateShardAsync(roundId, Shard, row =>
        {
            if (!interfered)
            {
                interfered = true;
                var read = store.GetAsync(late).GetAwaiter().GetResult()!;
                Assert.True(store.RecordDecisionAsync(read, Decided(PanelDecision.Selected)).GetAwaiter().GetResult());
            }

            var outcome = row.Lifecycle.Conclude(row.Lifecycle.Screening, row.OutcomeReason)!;
            var change = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(ApplicationEntity.Status)] = outcome.Status.ToString() };
            return (row.Lifecycle.IsConcluded ? null : change, (row.RowKey, outcome.Status));
        });

        Assert.Equal(ApplicationStatus.Selected, results.Single(r => r.RowKey == late).Status);
        Assert.Equal(nameof(ApplicationStatus.Selected), (await store.GetAsync(late))!.Status);
        Assert.All(ids.Where(id => id != late), id => Assert.Equal(ApplicationStatus.NotSelected, results.Single(r => r.RowKey == id).Status));
    }

    [Fact]
    public async Task A_withdrawal_during_the_conclusion_is_skipped_counted_and_not_notified()
    {
        var (roundId, ids) = await EligibleAsync(3);
        var store = new ApplicationStore(_storage.Storage);
        var withdrawn = (await store.GetAsync(ids[0]))!;
        Assert.True(await store.MarkWithdrawnAsync(withdrawn));
        await store.WithdrawSubmissionAsync(ids[2]);

        var result = await new ConcludeSelectionShard(store, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(new ShardInput(roundId, Shard, Samples.Now), CancellationToken.None);

        Assert.Equal(new ShardSelectionResult(Shard, Applications: 1, Eligible: 1, Selected: 0, Withdrawn: 1), result);
        var notified = (await _storage.RowsAsync(Storage.Tables.Notifications))
            .Where(n => n.GetString("Kind") == ConcludeSelectionShard.OutcomeKind).Select(n => n.GetString("SubjectId")).ToList();
        Assert.Equal([ids[1]], notified);
    }

    [Fact]
    public async Task A_decision_read_before_the_conclusion_wrote_its_outcome_is_not_written_after_it()
    {
        var (roundId, ids) = await EligibleAsync(1);
        var store = new ApplicationStore(_storage.Storage);
        var read = (await store.GetAsync(ids[0]))!;
        await new ConcludeSelectionShard(store, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(new ShardInput(roundId, Shard, Samples.Now), CancellationToken.None);

        Assert.False(await store.RecordDecisionAsync(read, Decided(PanelDecision.Selected)));
        var row = (await store.GetAsync(ids[0]))!;
        Assert.Equal(nameof(ApplicationStatus.NotSelected), row.Status);
        Assert.Empty(row.Lifecycle.Decisions);
    }
}
