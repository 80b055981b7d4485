using Azure;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Workflow.Functions.Configuration;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Platform;

/// <param name="IdempotencyRecords">Kept answers to Idempotency-Keys past their 24 hours.</param>
/// <param name="RequestCounts">Per-client counts of hours that are over.</param>
/// <param name="OrphanResumes">Résumés no application names, of rounds whose application window is closed.</param>
public sealed record PurgedRecords(int IdempotencyRecords, int RequestCounts, int OrphanResumes = 0);

/// <summary>
/// What the app keeps only for a while, removed once the while is over: answers kept for Idempotency-Keys (which a
/// replay after 24 hours no longer gets: <see cref="IdempotencyKey.Retention"/>) and the per-client request counts of
/// past hours (<see cref="ClientRequestLimit"/>). Neither is personal data, but both grow with every request for as
/// long as the app runs. Also résumés that no application names: each round sweeps its own as its window closes, and
/// this sweep finds what a round that stopped before that step, or an upload cut off later, left behind.
/// </summary>
public sealed class ExpiredRecords(WorkflowStorage storage, RoundStore rounds, ApplicationStore applications, TimeProvider clock)
{
    /// <summary>
    /// A record is removed this long after its key expired: a request still running when the key expired may write
    /// its answer after that moment, and a removal must not meet a row that is being written.
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    public async Task<PurgedRecords> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var idempotency = await storage.TableAsync(Tables.Idempotency);
        var expired = await TableBatches.QueryAllAsync<TableEntity>(idempotency,
            TableClient.CreateQueryFilter($"StartedAt lt {now - IdempotencyKey.Retention - IdempotentRequests.AbandonedAfter - Margin}"), ["PartitionKey", "RowKey"], cancellationToken);
        var removed = await DeleteUnchangedAsync(idempotency, expired, cancellationToken);

        // Hours are row keys (yyyyMMddHH, UTC): every hour before the previous one is over for every instance.
        var counts = await storage.TableAsync(Tables.RequestCounts);
        var before = (now - TimeSpan.FromHours(1)).UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
        var past = await TableBatches.QueryAllAsync<TableEntity>(counts, TableClient.CreateQueryFilter($"RowKey lt {before}"), ["PartitionKey", "RowKey"], cancellationToken);
        var pastHours = await DeleteUnchangedAsync(counts, past, cancellationToken);
        return new PurgedRecords(removed, pastHours, await SweepOrphanResumesAsync(cancellationToken));
    }

    /// <summary>
    /// Rounds whose window closed (they reached screening): a résumé written before the closing and named by no
    /// application will never be, for the reason <see cref="SweepOrphanResumes"/> gives.
    /// </summary>
    private async Task<int> SweepOrphanResumesAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var round in await rounds.ListAsync(cancellationToken))
        {
            if (round.StateTimes.TryGetValue(Domain.Rounds.RoundState.Screening, out var closedAt))
            {
                foreach (var shard in Enumerable.Range(0, ApplicationShards.Count))
                {
                    removed += await applications.RemoveOrphanResumesAsync(round.RoundId, shard, closedAt, cancellationToken);
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// Deletes each row only as it was read (its ETag): a key reused after it expired starts its row again, and that
    /// new row must stay. A transaction that meets one such row is done again row by row.
    /// </summary>
    private static async Task<int> DeleteUnchangedAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(TableBatches.MaxBatch))
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), cancellationToken);
                    deleted += chunk.Length;
                }
                catch (TableTransactionFailedException)
                {
                    foreach (var row in chunk)
                    {
                        try
                        {
                            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                            deleted++;
                        }
                        catch (RequestFailedException e) when (e.Status is 404 or 412)
                        {
                            // Gone already, or written again since it was read: not ours to remove.
                        }
                    }
                }
            }
        }

        return deleted;
    }
}

/// <summary>Runs <see cref="ExpiredRecords"/> on its schedule (<see cref="SettingNames.PurgeSchedule"/>), under the Functions host and the local host alike.</summary>
public sealed class PurgeExpiredRecords(ExpiredRecords records, ILogger<PurgeExpiredRecords> logger)
{
    [Function(nameof(PurgeExpiredRecords))]
    public async Task Run([TimerTrigger("%" + SettingNames.PurgeSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var purged = await records.PurgeAsync(cancellationToken);
        logger.LogInformation("Purged {IdempotencyRecords} expired idempotency records, {RequestCounts} past request counts and {OrphanResumes} orphan résumés",
            purged.IdempotencyRecords, purged.RequestCounts, purged.OrphanResumes);
    }
}
