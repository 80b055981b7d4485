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

        var purge = new ExpiredRecords(_storage.Storage, new FixedClock(Now));
        var first = await purge.PurgeAsync();
        var second = await purge.PurgeAsync();

        Assert.Equal(new PurgedRecords(2, 1), first);
        Assert.Equal(new PurgedRecords(0, 0), second);
        Assert.Equal(["recent"], (await _storage.RowsAsync(Tables.Idempotency)).Select(r => r.RowKey));
        Assert.Equal(["2026113011", "2026113012"], (await _storage.RowsAsync(Tables.RequestCounts)).Select(r => r.RowKey));
    }
}
