using System.Collections.Concurrent;
using Azure.Data.Tables;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Audit;

/// <summary>One line of who did what. Holds roles and ids only; personal data stays in the application rows.</summary>
public sealed record BusinessLogEntry(DateTimeOffset At, string Actor, string Action, string? Subject, string? Detail);

/// <summary>The business log auditors read beside the orchestration history; one partition per round.</summary>
/// <remarks>
/// Writes to one round's partition are group-committed: while one write is under way, the entries that arrive wait
/// and then go together in one entity group transaction (up to 100). Every caller still returns only once its own
/// entry is stored, so nothing is lost on a crash; at 16 concurrent applicants this turns ~16 requests into ~2.
/// </remarks>
public sealed class BusinessLog(WorkflowStorage storage)
{
    /// <summary>How long a write waits for others to join it; short beside the write itself.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<string, GroupCommit> _partitions = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes an entry. <paramref name="idempotencyKey"/> makes a replayed activity overwrite its own line
    /// instead of adding a second one.
    /// </summary>
    public async Task WriteAsync(string roundId, DateTimeOffset at, string actor, string action, string? subject = null, string? detail = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var rowKey = $"{at.UtcTicks:D19}_{idempotencyKey ?? Guid.NewGuid().ToString("N")}";
        var entity = new TableEntity(roundId, rowKey)
        {
            ["At"] = at,
            ["Actor"] = actor,
            ["Action"] = action,
            ["Subject"] = subject,
            ["Detail"] = detail,
        };
        var partition = _partitions.GetOrAdd(roundId, _ => new GroupCommit(this));
        await partition.WriteAsync(entity).WaitAsync(cancellationToken);
    }

    private async Task StoreAsync(IReadOnlyList<TableEntity> entities)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        if (entities.Count == 1)
        {
            await table.UpsertEntityAsync(entities[0], TableUpdateMode.Replace);
        }
        else
        {
            await table.SubmitTransactionAsync(entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
        }
    }

    /// <summary>One write at a time per partition; entries arriving meanwhile are stored together by the next one.</summary>
    private sealed class GroupCommit(BusinessLog log)
    {
        private readonly Lock _gate = new();
        private readonly List<(TableEntity Entity, TaskCompletionSource Done)> _waiting = [];
        private bool _writing;

        public Task WriteAsync(TableEntity entity)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiting.Add((entity, done));
                if (_writing)
                {
                    return done.Task;
                }

                _writing = true;
            }

            _ = DrainAsync();
            return done.Task;
        }

        private async Task DrainAsync()
        {
            while (true)
            {
                // A moment for the entries of concurrent requests to join the batch: one request instead of several.
                await Task.Delay(Linger);
                List<(TableEntity Entity, TaskCompletionSource Done)> batch;
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        _writing = false;
                        return;
                    }

                    // A transaction holds at most 100 entities and each row once; a repeated row waits for the next.
                    var rows = new HashSet<string>(StringComparer.Ordinal);
                    batch = _waiting.Where(w => rows.Count < TableBatches.MaxBatch && rows.Add(w.Entity.RowKey)).ToList();
                    foreach (var taken in batch)
                    {
                        _waiting.Remove(taken);
                    }
                }

                try
                {
                    await log.StoreAsync(batch.Select(b => b.Entity).ToList());
                    batch.ForEach(b => b.Done.SetResult());
                }
                catch (Exception e)
                {
                    batch.ForEach(b => b.Done.SetException(e));
                }
            }
        }
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
                           TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey gt {afterRowKey} and RowKey lt {ControlRowPrefix}"),
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

    /// <summary>
    /// Every entry of a round whose subject is one of <paramref name="subjects"/> (an application id, the ids of its
    /// appointments), in time order: one person's part of the log.
    /// </summary>
    public async Task<IReadOnlyList<(string RowKey, BusinessLogEntry Entry)>> ReadAboutAsync(string roundId, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken = default)
    {
        if (subjects.Count == 0)
        {
            return [];
        }

        var table = await storage.TableAsync(Tables.AuditLog);
        var bySubject = string.Join(" or ", subjects.Select(s => TableClient.CreateQueryFilter($"Subject eq {s}")));
        var entries = new List<(string, BusinessLogEntry)>();
        await foreach (var e in table.QueryAsync<TableEntity>(
                           $"{TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey lt {ControlRowPrefix}")} and ({bySubject})",
                           maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            entries.Add((e.RowKey, ToEntry(e)));
        }

        return entries;
    }

    /// <summary>Rows of a round's partition that are not entries (the chain's head and keys) start with this.</summary>
    public const string ControlRowPrefix = "~";

    public async Task<(IReadOnlyList<BusinessLogEntry> Entries, string? Continuation)> ReadAsync(string roundId, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var pages = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey lt {ControlRowPrefix}"), maxPerPage: pageSize, cancellationToken: cancellationToken)
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
