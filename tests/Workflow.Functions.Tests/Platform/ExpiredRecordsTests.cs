using Azure.Data.Tables;
using Workflow.Functions.Http;
using Workflow.Functions.Platform;
using Workflow.Functions.Storage;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Platform;

/// <summary>The scheduled purge: idempotency records past their 24 hours (and a margin) and request counts of past hours go; the rest stays.</summary>
[Collection("Azurite")]
public sealed class ExpiredRecordsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 30, 0, TimeSpan.Zero);
    private readonly TestStorage _storage = new();

    [Fact]
    public async Task Records_past_their_while_are_removed_and_the_current_ones_kept_and_a_second_run_finds_nothing()
    {
        var idempotency = await _storage.Storage.TableAsync(Tables.Idempotency);
        var expiredAt = Now - IdempotencyKey.Retention - ExpiredRecords.Margin - TimeSpan.FromMinutes(5);
        await idempotency.AddEntityAsync(new TableEntity("scope-a", "old") { ["StartedAt"] = expiredAt, ["State"] = "Done" });
        await idempotency.AddEntityAsync(new TableEntity("scope-a", "recent") { ["StartedAt"] = Now - IdempotencyKey.Retention + TimeSpan.FromMinutes(5), ["State"] = "Done" });
        await idempotency.AddEntityAsync(new TableEntity("scope-b", "old") { ["StartedAt"] = expiredAt.AddDays(-30), ["State"] = "Pending" });
        var counts = await _storage.Storage.TableAsync(Tables.RequestCounts);
        await counts.AddEntityAsync(new TableEntity("reissue_client", "2026113010") { ["Count"] = 3 });
        await counts.AddEntityAsync(new TableEntity("reissue_client", "2026113011") { ["Count"] = 2 });
        await counts.AddEntityAsync(new TableEntity("reissue_client", "2026113012") { ["Count"] = 1 });

        var purge = new ExpiredRecords(_storage.Storage, new Workflow.Functions.Rounds.RoundStore(_storage.Storage), new Workflow.Functions.Apply.ApplicationStore(_storage.Storage), new FixedClock(Now));
        var first = await purge.PurgeAsync();
        var second = await purge.PurgeAsync();

        Assert.Equal(new PurgedRecords(2, 1, 0), first);
        Assert.Equal(new PurgedRecords(0, 0, 0), second);
        Assert.Equal(["recent"], (await _storage.RowsAsync(Tables.Idempotency)).Select(r => r.RowKey));
        Assert.Equal(["2026113011", "2026113012"], (await _storage.RowsAsync(Tables.RequestCounts)).Select(r => r.RowKey));
    }

    [Fact]
    public async Task A_resume_no_application_names_is_swept_once_the_rounds_window_has_closed_and_not_before()
    {
        var closed = Samples.Round(Domain.Rounds.RoundState.AcceptingApplications, Now.AddDays(-40));
        var open = Samples.Round(Domain.Rounds.RoundState.AcceptingApplications, Now.AddDays(-40));
        var rounds = new Workflow.Functions.Rounds.RoundStore(_storage.Storage);
        await rounds.CreateAsync(closed, "ministry");
        await rounds.CreateAsync(open, "ministry");
        var applications = new Workflow.Functions.Apply.ApplicationStore(_storage.Storage);
        var kept = await SeededApplications.AddAsync(_storage.Storage, closed.RoundId, Samples.EligibleProducer("kept@example.jp"));
        var documents = await _storage.Storage.DocumentsAsync();
        var orphanOfClosed = Workflow.Functions.Apply.ApplicationStore.ResumeBlobName(closed.RoundId + "_03_00000000000000000000");
        var orphanOfOpen = Workflow.Functions.Apply.ApplicationStore.ResumeBlobName(open.RoundId + "_03_00000000000000000000");
        await documents.UploadBlobAsync(orphanOfClosed, BinaryData.FromBytes(Samples.Pdf()));
        await documents.UploadBlobAsync(orphanOfOpen, BinaryData.FromBytes(Samples.Pdf()));

        // The window closes after the uploads: the closed round's orphan was written before its closing.
        var closedAt = DateTimeOffset.UtcNow.AddSeconds(1);
        await rounds.MoveAsync(closed.RoundId, Domain.Rounds.RoundState.Screening, closedAt, null);
        var purged = await new ExpiredRecords(_storage.Storage, rounds, applications, new FixedClock(closedAt.AddDays(1))).PurgeAsync();

        Assert.Equal(1, purged.OrphanResumes);
        var left = await _storage.BlobNamesAsync();
        Assert.DoesNotContain(orphanOfClosed, left);
        Assert.Contains(orphanOfOpen, left);
        Assert.Contains(Workflow.Functions.Apply.ApplicationStore.ResumeBlobName(kept), left);
    }
}
