using Azure.Data.Tables;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Audit;

/// <summary>One line of who did what. Holds roles and ids only; personal data stays in the application rows.</summary>
public sealed record BusinessLogEntry(DateTimeOffset At, string Actor, string Action, string? Subject, string? Detail);

/// <summary>The business log auditors read beside the orchestration history; one partition per round.</summary>
public sealed class BusinessLog(WorkflowStorage storage)
{
    /// <summary>
    /// Writes an entry. <paramref name="idempotencyKey"/> makes a replayed activity overwrite its own line
    /// instead of adding a second one.
    /// </summary>
    public async Task WriteAsync(string roundId, DateTimeOffset at, string actor, string action, string? subject = null, string? detail = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var rowKey = $"{at.UtcTicks:D19}_{idempotencyKey ?? Guid.NewGuid().ToString("N")}";
        var entity = new TableEntity(roundId, rowKey)
        {
            ["At"] = at,
            ["Actor"] = actor,
            ["Action"] = action,
            ["Subject"] = subject,
            ["Detail"] = detail,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The row key that sorts after every entry logged at <paramref name="at"/> (ids are letters, digits, '-' and '_').</summary>
    public static string AfterInstant(DateTimeOffset at) => $"{at.UtcTicks:D19}_~";

    /// <summary>
    /// Up to <paramref name="take"/> entries whose row key follows <paramref name="afterRowKey"/>, in time order (row
    /// keys start with the time), with their row keys, and whether more follow.
    /// </summary>
    public async Task<(IReadOnlyList<(string RowKey, BusinessLogEntry Entry)> Entries, bool More)> ReadAfterAsync(string roundId, string afterRowKey, int take, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var entries = new List<(string, BusinessLogEntry)>(Math.Min(take, 1000));
        await foreach (var e in table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey gt {afterRowKey}"),
                           maxPerPage: Math.Min(take + 1, 1000), cancellationToken: cancellationToken))
        {
            if (entries.Count == take)
            {
                return (entries, true);
            }

            entries.Add((e.RowKey, ToEntry(e)));
        }

        return (entries, false);
    }

    private static BusinessLogEntry ToEntry(TableEntity e) => new(
        e.GetDateTimeOffset("At") ?? e.Timestamp ?? DateTimeOffset.MinValue,
        e.GetString("Actor") ?? string.Empty,
        e.GetString("Action") ?? string.Empty,
        e.GetString("Subject"),
        e.GetString("Detail"));

    public async Task<(IReadOnlyList<BusinessLogEntry> Entries, string? Continuation)> ReadAsync(string roundId, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var pages = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuation, pageSize);
        await foreach (var page in pages)
        {
            var entries = page.Values.Select(e => new BusinessLogEntry(
                e.GetDateTimeOffset("At") ?? e.Timestamp ?? DateTimeOffset.MinValue,
                e.GetString("Actor") ?? string.Empty,
                e.GetString("Action") ?? string.Empty,
                e.GetString("Subject"),
                e.GetString("Detail"))).ToList();
            return (entries, page.ContinuationToken);
        }

        return ([], null);
    }
}
