using Azure.Data.Tables;
using Workflow.Functions.Configuration;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Audit;

public sealed record HistoryEvent(DateTimeOffset Timestamp, string InstanceId, string ExecutionId, string EventType, string? Name, int? EventId)
{
    /// <summary>Where the event sits in its table; orders events of the same instant.</summary>
    public string Key { get; init; } = string.Empty;
}

/// <summary>
/// Reads orchestration history straight from the Azure Storage provider's History table (the same table in Azure
/// and locally). Only event type, name and ids are read: inputs and outputs never leave the table this way.
/// </summary>
public sealed class OrchestrationHistoryReader(WorkflowStorage storage, TaskHub hub)
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey", "EventType", "Name", "_Timestamp", "ExecutionId", "EventId", "Timestamp"];

    /// <summary>Every history event of every instance whose id starts with <paramref name="instanceIdPrefix"/>.</summary>
    public Task<IReadOnlyList<HistoryEvent>> ReadByPrefixAsync(string instanceIdPrefix, CancellationToken cancellationToken = default) =>
        ReadByPrefixAsync(instanceIdPrefix, null, cancellationToken);

    /// <summary>
    /// The history events of the instances under <paramref name="instanceIdPrefix"/> that happened at or after
    /// <paramref name="from"/> (all of them when null); the time filter runs in the table service.
    /// </summary>
    public async Task<IReadOnlyList<HistoryEvent>> ReadByPrefixAsync(string instanceIdPrefix, DateTimeOffset? from, CancellationToken cancellationToken = default)
    {
        var table = storage.TableService.GetTableClient(hub.HistoryTable);
        var upper = instanceIdPrefix + "~";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {instanceIdPrefix} and PartitionKey lt {upper}");
        if (from is { } since)
        {
            // A millisecond early, for stores that keep the time less precisely; the caller compares exactly.
            filter += " and " + TableClient.CreateQueryFilter($"_Timestamp ge {since.UtcDateTime.AddMilliseconds(-1)}");
        }

        var events = new List<HistoryEvent>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken))
            {
                if (row.GetString("EventType") is not { } type)
                {
                    continue;
                }

                var at = row.GetDateTimeOffset("_Timestamp") ?? row.Timestamp ?? DateTimeOffset.MinValue;
                events.Add(new HistoryEvent(at, row.PartitionKey, row.GetString("ExecutionId") ?? string.Empty, type, row.GetString("Name"), row.GetInt32("EventId"))
                {
                    Key = row.PartitionKey + "/" + row.RowKey,
                });
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }

        return events;
    }

    /// <summary>The ids of the instances under <paramref name="instanceIdPrefix"/>, from the Instances table (one row each).</summary>
    public async Task<IReadOnlyList<string>> ListInstancesAsync(string instanceIdPrefix, CancellationToken cancellationToken = default)
    {
        var table = storage.TableService.GetTableClient(hub.InstancesTable);
        var ids = new List<string>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(
                               TableClient.CreateQueryFilter($"PartitionKey ge {instanceIdPrefix} and PartitionKey lt {instanceIdPrefix + "~"}"),
                               maxPerPage: 1000, select: ["PartitionKey"], cancellationToken: cancellationToken))
            {
                ids.Add(row.PartitionKey);
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }

        return ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
