using Azure;
using Azure.Data.Tables;

namespace Workflow.Functions.Storage;

public static class TableBatches
{
    /// <summary>Entity group transactions hold at most 100 entities of one partition.</summary>
    public const int MaxBatch = 100;

    /// <summary>
    /// Submits the actions in transactions of up to 100 per partition. Upserts and merges make a re-run
    /// (activities run at least once) write the same state again instead of failing.
    /// </summary>
    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxBatch))
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
        }
    }

    public static async Task<List<T>> QueryAllAsync<T>(TableClient table, string filter, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var list = new List<T>();
        await foreach (var entity in table.QueryAsync<T>(filter, maxPerPage: 1000, select: select, cancellationToken: cancellationToken))
        {
            list.Add(entity);
        }

        return list;
    }

    /// <summary>Deletes every entity the filter finds, in transactions per partition; what is already gone is not looked for.</summary>
    public static async Task DeleteWhereAsync(TableClient table, string filter, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAllAsync<TableEntity>(table, filter, ["PartitionKey", "RowKey"], cancellationToken);
        await SubmitAsync(table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
    }

    public static async Task<T?> GetOrDefaultAsync<T>(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public static bool IsConflict(RequestFailedException e) => e.Status == 409;
}
