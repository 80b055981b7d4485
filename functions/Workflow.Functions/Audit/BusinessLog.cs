using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Audit;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Audit;

/// <summary>One line of who did what. Holds roles and ids only; personal data stays in the application rows.</summary>
public sealed record BusinessLogEntry(DateTimeOffset At, string Actor, string Action, string? Subject, string? Detail);

/// <summary>The business log auditors read beside the orchestration history; one partition and one hash chain per round.</summary>
/// <remarks>
/// Entries are only ever added, never replaced: each carries its sequence number in the chain, the previous entry's
/// hash and its own (<see cref="LogChain"/>), and the chain's head row (<c>~head</c>) moves in the same transaction
/// under its ETag, so two processes appending at once cannot fork the chain: the second retries on the new head.
/// Writes to a partition are group-committed (<see cref="GroupCommit{T}"/>). Row keys start with the time, so the
/// timeline reads in time order; the chain's order is the order of writing (ADR 0011).
/// </remarks>
public sealed class BusinessLog(WorkflowStorage storage)
{
    /// <summary>How long a write waits for others to join it; short beside the write itself.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(10);

    /// <summary>The chain's head: the last sequence number and hash, moved with every batch under its ETag.</summary>
    public const string HeadRowKey = ControlRowPrefix + "head";

    /// <summary>A transaction holds 100 entities; one of them is the head.</summary>
    private const int MaxEntriesPerBatch = TableBatches.MaxBatch - 1;

    /// <summary>Gives up after this many attempts in a row lost to other writers (each loses only to progress).</summary>
    private const int MaxAttempts = 100;

    private readonly ConcurrentDictionary<string, GroupCommit<TableEntity>> _partitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedHead> _heads = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes an entry. <paramref name="idempotencyKey"/> gives a replayed activity (same key, same time) the same row,
    /// which is then found already written instead of being added twice.
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
        var partition = _partitions.GetOrAdd(roundId, chain => new GroupCommit<TableEntity>(batch => AppendAsync(chain, batch), e => e.RowKey, MaxEntriesPerBatch, Linger));
        await partition.WriteAsync(entity).WaitAsync(cancellationToken);
    }

    /// <summary>Whether the entry an activity writes with <paramref name="idempotencyKey"/> at <paramref name="at"/> is stored already (a retry).</summary>
    public async Task<bool> HasEntryAsync(string roundId, DateTimeOffset at, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var stored = await table.GetEntityIfExistsAsync<TableEntity>(roundId, $"{at.UtcTicks:D19}_{idempotencyKey}", ["RowKey"], cancellationToken);
        return stored.HasValue;
    }

    /// <summary>
    /// Links the batch after the chain's head and stores entries and head in one transaction. Lost races are retried
    /// on a fresh head; an entry found already stored (a replay) is left out, since it is in the chain already.
    /// </summary>
    private async Task AppendAsync(string chain, IReadOnlyList<TableEntity> batch)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var pending = batch.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var head = _heads.TryGetValue(chain, out var cached) ? cached : await ReadHeadAsync(table, chain);
            var links = LogChain.Extend(head.Head, pending.Select(e => ContentOf(e)));
            var actions = new List<TableTransactionAction>(pending.Count + 1);
            for (var i = 0; i < pending.Count; i++)
            {
                var entity = pending[i];
                entity["Seq"] = links[i].Seq;
                entity["Previous"] = links[i].Previous;
                entity["Hash"] = links[i].Hash;
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, entity));
            }

            var last = links[^1];
            var headEntity = new TableEntity(chain, HeadRowKey) { ["Seq"] = last.Seq, ["Hash"] = last.Hash };
            actions.Add(head.ETag is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, headEntity, etag)
                : new TableTransactionAction(TableTransactionActionType.Add, headEntity));
            try
            {
                var response = await table.SubmitTransactionAsync(actions);
                var newETag = response.Value[^1].Headers.ETag;
                if (newETag is { } known)
                {
                    _heads[chain] = new CachedHead(new ChainHead(last.Seq, last.Hash), known);
                }
                else
                {
                    _heads.TryRemove(chain, out _);
                }

                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // Another process moved the head, or an entry is stored already: read what is there and go again. A
                // head deleted from the table (404) starts the chain again at 1, which verification shows as a
                // duplicate: the log keeps working and the deletion stays visible.
                _heads.TryRemove(chain, out _);
                pending = await WithoutStoredAsync(table, pending);
            }
        }
    }

    private static async Task<List<TableEntity>> WithoutStoredAsync(TableClient table, List<TableEntity> pending)
    {
        var left = new List<TableEntity>(pending.Count);
        foreach (var entity in pending)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["RowKey"]);
            if (!stored.HasValue)
            {
                left.Add(entity);
            }
        }

        return left;
    }

    private static async Task<CachedHead> ReadHeadAsync(TableClient table, string chain)
    {
        var stored = await table.GetEntityIfExistsAsync<TableEntity>(chain, HeadRowKey);
        return stored.HasValue && stored.Value is { } row ? new CachedHead(HeadOf(row), row.ETag) : new CachedHead(null, null);
    }

    private static LogContent ContentOf(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey,
        e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        e.GetString("Actor") ?? string.Empty,
        e.GetString("Action") ?? string.Empty,
        e.GetString("Subject"),
        e.GetString("Detail"));

    /// <summary>A stored entry row as the verifier reads it.</summary>
    public static StoredLogEntry StoredEntryOf(TableEntity e) => new(ContentOf(e), e.GetInt64("Seq"), e.GetString("Previous"), e.GetString("Hash"), e.Timestamp);

    /// <summary>A stored head row.</summary>
    public static ChainHead HeadOf(TableEntity e) => new(e.GetInt64("Seq") ?? 0, e.GetString("Hash") ?? string.Empty);

    /// <summary>The head as this process last wrote or read it; a stale one costs one failed transaction.</summary>
    private sealed record CachedHead(ChainHead? Head, ETag? ETag);

    /// <summary>
    /// Every row of a chain as stored, and its head, for <see cref="ChainVerifier"/>. The head is read first, so that
    /// every entry it covers was written before the rows are read.
    /// </summary>
    public async Task<(IReadOnlyList<StoredLogEntry> Entries, ChainHead? Head)> ReadChainAsync(string chain, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var head = await ReadHeadRowAsync(table, chain, cancellationToken);
        var entries = new List<StoredLogEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {chain} and RowKey lt {ControlRowPrefix}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            entries.Add(StoredEntryOf(e));
        }

        return (entries, head);
    }

    /// <summary>
    /// The rows written or rewritten at or after <paramref name="since"/> by the storage's own clock, and the head read
    /// before them. The storage filters on its write time, so only those rows cross the wire.
    /// </summary>
    public async Task<(IReadOnlyList<StoredLogEntry> Entries, ChainHead? Head)> ReadChangedSinceAsync(string chain, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var head = await ReadHeadRowAsync(table, chain, cancellationToken);
        var entries = new List<StoredLogEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {chain} and RowKey lt {ControlRowPrefix} and Timestamp ge {since}"),
                           maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            entries.Add(StoredEntryOf(e));
        }

        return (entries, head);
    }

    private static async Task<ChainHead?> ReadHeadRowAsync(TableClient table, string chain, CancellationToken cancellationToken)
    {
        var stored = await table.GetEntityIfExistsAsync<TableEntity>(chain, HeadRowKey, cancellationToken: cancellationToken);
        return stored.HasValue && stored.Value is { } row ? HeadOf(row) : null;
    }

    /// <summary>The chain's head as stored (null: nothing logged yet).</summary>
    public async Task<ChainHead?> ReadHeadAsync(string chain, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        return (await ReadHeadAsync(table, chain)).Head;
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

    private static BusinessLogEntry ToEntry(TableEntity e)
    {
        var content = ContentOf(e);
        return new BusinessLogEntry(e.GetDateTimeOffset("At") is null ? e.Timestamp ?? DateTimeOffset.MinValue : content.At, content.Actor, content.Action, content.Subject, content.Detail);
    }

    /// <summary>
    /// Every entry of a round whose subject is one of <paramref name="subjects"/> (an application id, the ids of its
    /// appointments), in time order: one person's part of the log.
    /// </summary>
    /// <remarks>
    /// Azure Table Storage allows 15 comparisons in one filter (Azurite does not enforce it): the partition key and the
    /// control-row bound take two, so subjects are asked for in groups of ten.
    /// </remarks>
    public async Task<IReadOnlyList<(string RowKey, BusinessLogEntry Entry)>> ReadAboutAsync(string roundId, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var groups = await Task.WhenAll(subjects.Distinct(StringComparer.Ordinal).Chunk(SubjectsPerQuery).Select(async group =>
        {
            var bySubject = string.Join(" or ", group.Select(s => TableClient.CreateQueryFilter($"Subject eq {s}")));
            var entries = new List<(string RowKey, BusinessLogEntry Entry)>();
            await foreach (var e in table.QueryAsync<TableEntity>(
                               $"{TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey lt {ControlRowPrefix}")} and ({bySubject})",
                               maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                entries.Add((e.RowKey, ToEntry(e)));
            }

            return entries;
        }));
        return groups.SelectMany(g => g).OrderBy(e => e.RowKey, StringComparer.Ordinal).ToList();
    }

    private const int SubjectsPerQuery = 10;

    /// <summary>Rows of a round's partition that are not entries (the chain's head and keys) start with this.</summary>
    public const string ControlRowPrefix = "~";

    public async Task<(IReadOnlyList<BusinessLogEntry> Entries, string? Continuation)> ReadAsync(string roundId, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.AuditLog);
        var pages = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey lt {ControlRowPrefix}"), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuation, pageSize);
        await foreach (var page in pages)
        {
            var entries = page.Values.Select(ToEntry).ToList();
            return (entries, page.ContinuationToken);
        }

        return ([], null);
    }
}
