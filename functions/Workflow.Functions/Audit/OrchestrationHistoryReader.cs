using Azure.Data.Tables;
using Workflow.Functions.Configuration;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Audit;

public sealed record HistoryEvent(DateTimeOffset Timestamp, string InstanceId, string ExecutionId, string EventType, string? Name, int? EventId);

/// <summary>
/// Reads orchestration history straight from the Azure Storage provider's History table (the same table in Azure
/// and locally). Only event type, name and ids are read: inputs and outputs never leave the table this way.
/// </summary>
public sealed class OrchestrationHistoryReader(WorkflowStorage storage, TaskHub hub)
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey", "EventType", "Name", "_Timestamp", "ExecutionId", "EventId", "Timestamp"];

    /// <summary>Every history event of every instance whose id starts with <paramref name="instanceIdPrefix"/>.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> ReadByPrefixAsync(string instanceIdPrefix, CancellationToken cancellationToken = default)
    {
        var table = storage.TableService.GetTableClient(hub.HistoryTable);
        var upper = instanceIdPrefix + "~";
        var events = new List<HistoryEvent>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(
                               TableClient.CreateQueryFilter($"PartitionKey ge {instanceIdPrefix} and PartitionKey lt {upper}"),
                               maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken))
            {
                if (row.GetString("EventType") is not { } type)
                {
                    continue;
                }

                var at = row.GetDateTimeOffset("_Timestamp") ?? row.Timestamp ?? DateTimeOffset.MinValue;
                events.Add(new HistoryEvent(at, row.PartitionKey, row.GetString("ExecutionId") ?? string.Empty, type, row.GetString("Name"), row.GetInt32("EventId")));
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }

        return events;
    }
}
