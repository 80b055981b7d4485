using Azure.Data.Tables;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Apply;

public sealed partial class ApplicationStore
{
    private const int ConflictWriteAttempts = 10;

    /// <summary>
    /// Called once a conflict of interest declared by <paramref name="declarant"/> is stored. A panel decision is written
    /// only if the application row is still the one it read before checking declarations (If-Match), so changing the
    /// row here makes a decision checked before the declaration fail; the decisions of this declarant that got in first
    /// are taken back. Once the outcome is concluded the row is left alone.
    /// </summary>
    /// <returns>Whether the row was written.</returns>
    public async Task<bool> RecordConflictDeclaredAsync(string applicationId, string declarant, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (!ApplicationIds.TryParse(applicationId, out var roundId, out var shard))
        {
            return false;
        }

        var table = await storage.TableAsync(Tables.Applications);
        var partition = ApplicationShards.PartitionKey(roundId, shard);
        for (var attempt = 1; attempt <= ConflictWriteAttempts; attempt++)
        {
            var row = await TableBatches.GetOrDefaultAsync<ApplicationEntity>(table, partition, applicationId, cancellationToken);
            var lifecycle = row?.Lifecycle;
            if (row is null || lifecycle!.IsConcluded || lifecycle.IsWithdrawn)
            {
                // Erased, withdrawn or concluded: no decision left to stop.
                return false;
            }

            var change = new TableEntity(partition, applicationId)
            {
                [nameof(ApplicationEntity.DeclarationsChangedAt)] = at,
                [nameof(ApplicationEntity.DecisionsJson)] = ApplicationEntity.DecisionsColumn(lifecycle.WithoutDecisionsBy(declarant)),
            };

            // On the ETag read: a decision that lands between the read and this write must be seen before the row is written.
            if (await MergeIfUnchangedAsync(change, row.ETag, cancellationToken))
            {
                return true;
            }
        }

        throw new InvalidOperationException($"Application {applicationId} kept changing while a conflict of interest was recorded on it.");
    }
}
