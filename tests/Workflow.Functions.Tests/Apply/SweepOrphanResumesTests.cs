using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Apply;

/// <summary>Résumés a dead submission left behind are removed per shard; those of stored applications, and young ones, stay.</summary>
[Collection("Azurite")]
public sealed class SweepOrphanResumesTests
{
    private const int Shard = 5;
    private readonly TestStorage _storage = new();

    /// <summary>What a process that died between the upload and the transaction leaves: a résumé under a fresh application id.</summary>
    private async Task<string> OrphanAsync(string roundId, int shard)
    {
        var name = ApplicationStore.ResumeBlobName(ApplicationIds.New(roundId, shard));
        var documents = await _storage.Storage.DocumentsAsync();
        await documents.GetBlobClient(name).UploadAsync(new BinaryData(Samples.Pdf()));
        return name;
    }

    private Task<ShardResumeSweep> SweepAsync(string roundId, DateTimeOffset writtenBefore) =>
        new SweepOrphanResumes(new ApplicationStore(_storage.Storage)).Run(new SweepOrphanResumesInput(roundId, Shard, writtenBefore), CancellationToken.None);

    [Fact]
    public async Task Removes_the_shards_old_orphans_and_keeps_stored_applications_other_shards_and_other_rounds()
    {
        var round = Samples.Round(RoundState.Screening);
        var other = Samples.Round(RoundState.Screening);
        var kept = new List<string>();
        foreach (var stem in new[] { "sweep.a", "sweep.b" })
        {
            kept.Add(ApplicationStore.ResumeBlobName(await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, stem)))));
        }

        var orphans = new[] { await OrphanAsync(round.RoundId, Shard), await OrphanAsync(round.RoundId, Shard) };
        kept.Add(await OrphanAsync(round.RoundId, Shard + 1));
        kept.Add(await OrphanAsync(other.RoundId, Shard));

        var sweep = await SweepAsync(round.RoundId, DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Equal(new ShardResumeSweep(Shard, 2), sweep);
        var left = await _storage.BlobNamesAsync();
        Assert.Equal(kept.Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(orphans, left.Contains);

        // Run again (an activity may run twice): nothing more to remove.
        Assert.Equal(0, (await SweepAsync(round.RoundId, DateTimeOffset.UtcNow.AddMinutes(1))).Removed);
    }

    [Fact]
    public async Task A_resume_written_after_the_window_closed_belongs_to_a_submission_still_under_way_and_stays()
    {
        var round = Samples.Round(RoundState.Screening);
        var closedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var young = await OrphanAsync(round.RoundId, Shard);

        var sweep = await SweepAsync(round.RoundId, closedAt);

        Assert.Equal(0, sweep.Removed);
        Assert.Equal([young], await _storage.BlobNamesAsync());
    }
}
