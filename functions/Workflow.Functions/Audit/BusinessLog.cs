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
