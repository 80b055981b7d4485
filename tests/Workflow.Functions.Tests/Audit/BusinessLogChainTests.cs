using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Audit;
using Workflow.Functions.Audit;
using Workflow.Functions.Storage;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Audit;

/// <summary>
/// The business log as stored on Azurite: concurrent writers (two processes, many requests) form one chain, a
/// replayed write adds nothing, and rows changed directly in the table are found by the verifier.
/// </summary>
[Collection("Azurite")]
public sealed class BusinessLogChainTests
{
    private const string Round = "R2026-chaintest";
    private static readonly DateTimeOffset At = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestStorage _storage = new();

    private async Task<ChainVerification> VerifyAsync(string chain = Round)
    {
        var (entries, head) = await new BusinessLog(_storage.Storage).ReadChainAsync(chain);
        return ChainVerifier.Verify(chain, entries, head, []);
    }

    private async Task<List<TableEntity>> EntriesAsync() =>
        (await _storage.RowsAsync(Tables.AuditLog, TableClient.CreateQueryFilter($"PartitionKey eq {Round} and RowKey lt {BusinessLog.ControlRowPrefix}")))
        .OrderBy(e => e.GetInt64("Seq")).ToList();

    private async Task WriteSomeAsync(int count)
    {
        var log = new BusinessLog(_storage.Storage);
        for (var i = 0; i < count; i++)
        {
            await log.WriteAsync(Round, At.AddMinutes(i), "operator", BusinessLogActions.ApplicationSubmitted, $"app-{i}", $"detail-{i}");
        }
    }

    [Fact]
    public async Task Two_processes_writing_at_once_form_one_unbroken_chain()
    {
        // Two BusinessLog instances are two processes: each group-commits its own writes, and they meet only at the head.
        var first = new BusinessLog(_storage.Storage);
        var second = new BusinessLog(_storage.Storage);
        var writes = Enumerable.Range(0, 240).Select(i => (i % 2 == 0 ? first : second)
            .WriteAsync(Round, At.AddSeconds(i % 17), i % 2 == 0 ? "operator" : "reviewer", BusinessLogActions.ScoresRecorded, $"app-{i}", null));

        await Task.WhenAll(writes);

        var result = await VerifyAsync();
        Assert.True(result.Intact, result.Break?.Message);
        Assert.Equal(240, result.IntactUpTo);
        var entries = await EntriesAsync();
        Assert.Equal(Enumerable.Range(1, 240).Select(i => (long)i), entries.Select(e => e.GetInt64("Seq")!.Value));
        Assert.Equal(240, entries.Select(e => e.GetString("Subject")).Distinct().Count());
    }

    [Fact]
    public async Task A_replayed_write_with_its_key_is_stored_once()
    {
        var log = new BusinessLog(_storage.Storage);
        await log.WriteAsync(Round, At, "system", BusinessLogActions.StateChanged, "Screening", null, idempotencyKey: "state-Screening");

        // The activity runs again, in another process that has not seen the first write.
        await new BusinessLog(_storage.Storage).WriteAsync(Round, At, "system", BusinessLogActions.StateChanged, "Screening", null, idempotencyKey: "state-Screening");
        await log.WriteAsync(Round, At.AddMinutes(1), "system", BusinessLogActions.StateChanged, "PanelReview", null, idempotencyKey: "state-PanelReview");

        var entries = await EntriesAsync();
        Assert.Equal(["Screening", "PanelReview"], entries.Select(e => e.GetString("Subject")));
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_time_written_is_read_back_to_the_tick()
    {
        // The hash covers the time to the tick; storage that rounded it would make every entry look altered.
        var odd = At.AddTicks(1234567);
        await new BusinessLog(_storage.Storage).WriteAsync(Round, odd, "system", BusinessLogActions.StateChanged);

        var (entries, _) = await new BusinessLog(_storage.Storage).ReadChainAsync(Round);

        Assert.Equal(odd.UtcTicks, Assert.Single(entries).Content.At.UtcTicks);
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_row_edited_in_the_table_is_found_at_its_number()
    {
        await WriteSomeAsync(6);
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var target = (await EntriesAsync())[3];
        target["Detail"] = "書き換えた内容";
        await table.UpdateEntityAsync(target, ETag.All, TableUpdateMode.Replace);

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(ChainBreakKind.Altered, result.Break!.Kind);
        Assert.Equal(4, result.Break.Seq);
        Assert.Equal(target.RowKey, result.Break.Key);
        Assert.Equal(3, result.IntactUpTo);
    }

    [Fact]
    public async Task A_row_deleted_from_the_table_is_found_by_its_number()
    {
        await WriteSomeAsync(6);
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var target = (await EntriesAsync())[1];
        await table.DeleteEntityAsync(target.PartitionKey, target.RowKey);

        var result = await VerifyAsync();

        Assert.Equal(ChainBreakKind.Missing, result.Break!.Kind);
        Assert.Equal(2, result.Break.Seq);
    }

    [Fact]
    public async Task Rows_reordered_in_the_table_are_found()
    {
        // Reordering in a table means moving rows: swap two entries' times (their keys follow the time) and numbers.
        await WriteSomeAsync(6);
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var entries = await EntriesAsync();
        var (a, b) = (entries[2], entries[4]);
        await table.DeleteEntityAsync(a.PartitionKey, a.RowKey);
        await table.DeleteEntityAsync(b.PartitionKey, b.RowKey);
        var movedA = new TableEntity(a) { RowKey = b.RowKey, ["At"] = b["At"], ["Seq"] = b["Seq"] };
        var movedB = new TableEntity(b) { RowKey = a.RowKey, ["At"] = a["At"], ["Seq"] = a["Seq"] };
        await table.AddEntityAsync(movedA);
        await table.AddEntityAsync(movedB);

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.Break!.Seq);
    }

    [Fact]
    public async Task The_newest_rows_deleted_are_found_by_the_head()
    {
        await WriteSomeAsync(5);
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var entries = await EntriesAsync();
        await table.DeleteEntityAsync(entries[4].PartitionKey, entries[4].RowKey);

        var result = await VerifyAsync();

        Assert.Equal(ChainBreakKind.Truncated, result.Break!.Kind);
        Assert.Equal(4, result.IntactUpTo);
    }

    [Fact]
    public async Task Reads_for_the_timeline_never_show_the_chain_head()
    {
        await WriteSomeAsync(3);

        var (page, more) = await new BusinessLog(_storage.Storage).ReadAfterAsync(Round, string.Empty, 10);

        Assert.False(more);
        Assert.Equal(3, page.Count);
        Assert.DoesNotContain(page, p => p.RowKey.StartsWith(BusinessLog.ControlRowPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_head_deleted_from_the_table_does_not_stop_the_log_and_shows_in_verification()
    {
        var log = new BusinessLog(_storage.Storage);
        await log.WriteAsync(Round, At, "operator", BusinessLogActions.ApplicationSubmitted, "app-1");
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        await table.DeleteEntityAsync(Round, BusinessLog.HeadRowKey);

        // The same process, whose cached head is now gone from the table.
        await log.WriteAsync(Round, At.AddMinutes(1), "operator", BusinessLogActions.ApplicationSubmitted, "app-2");

        var result = await VerifyAsync();
        Assert.Equal(2, (await EntriesAsync()).Count);
        Assert.False(result.Intact);
        Assert.Equal(ChainBreakKind.Duplicated, result.Break!.Kind);
    }
}
