using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Applications;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Apply;

public sealed partial class ApplicationStore
{
    private const int ConflictWriteAttempts = 10;

    private static readonly string[] DecisionColumns =
        [nameof(ApplicationEntity.Decision), nameof(ApplicationEntity.DecisionReason), nameof(ApplicationEntity.DecidedAt), nameof(ApplicationEntity.DecidedBy)];

    /// <summary>
    /// Called once a conflict of interest declared by <paramref name="declarant"/> is stored. A panel decision is written
    /// only if the application row is still the one it read before checking declarations (If-Match), so changing the
    /// row here makes a decision checked before the declaration fail; a decision of this declarant that got in first is
    /// taken back. Once the outcome is concluded the row is left alone.
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
        for (var attempt = 1; ; attempt++)
        {
            var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, partition, applicationId, cancellationToken);
            var lifecycle = row is null ? null
                : new ApplicationLifecycle(Enum.Parse<ApplicationStatus>(row.GetString(nameof(ApplicationEntity.Status)) ?? nameof(ApplicationStatus.Submitted)), null, null, null);
            if (row is null || lifecycle!.IsConcluded || lifecycle.IsWithdrawn)
            {
                return false;
            }

            row[nameof(ApplicationEntity.DeclarationsChangedAt)] = at;
            if (string.Equals(row.GetString(nameof(ApplicationEntity.DecidedBy)), declarant, StringComparison.Ordinal))
            {
                foreach (var column in DecisionColumns)
                {
                    row.Remove(column);
                }
            }

            try
            {
                // Replace on the ETag read: a merge cannot remove the decision's columns, and a decision that lands
                // between the read and this write must be seen (its DecidedBy) before the row is written.
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < ConflictWriteAttempts)
            {
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Erased or withdrawn meanwhile: no decision left to stop.
                return false;
            }
        }
    }
}
