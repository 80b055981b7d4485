using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Rounds;
using Workflow.Functions.Http;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Rounds;

/// <summary>Rounds in Table Storage: one row per round in a single partition (there are few rounds).</summary>
public sealed class RoundStore(WorkflowStorage storage)
{
    private const string Partition = "round";

    public async Task CreateAsync(RoundRecord round, string createdBy, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Rounds);
        var entity = new TableEntity(Partition, round.RoundId)
        {
            ["FiscalYear"] = round.FiscalYear,
            ["Title"] = round.Title,
            ["OperatorName"] = round.OperatorName,
            ["PersonasJson"] = JsonSerializer.Serialize(round.Personas, Json.Options),
            ["ScheduleJson"] = JsonSerializer.Serialize(round.Schedule, Json.Options),
            ["State"] = round.State.ToString(),
            ["CreatedAt"] = round.CreatedAt,
            ["CreatedBy"] = createdBy,
            ["HasContract"] = round.HasContract,
            ["CountsJson"] = JsonSerializer.Serialize(round.Counts, Json.Options),
            [StateTimeColumn(round.State)] = round.CreatedAt,
        };
        await table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task DeleteAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Rounds);
        await table.DeleteEntityAsync(Partition, roundId, ETag.All, cancellationToken);
    }

    public async Task<RoundRecord?> GetAsync(string roundId, CancellationToken cancellationToken = default)
    {
        if (!RoundIds.IsWellFormed(roundId))
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Rounds);
        var entity = await TableBatches.GetOrDefaultAsync<TableEntity>(table, Partition, roundId, cancellationToken);
        return entity is null ? null : ToRecord(entity);
    }

    public async Task<IReadOnlyList<RoundRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Rounds);
        var entities = await TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken);
        return entities.Select(ToRecord).OrderByDescending(r => r.CreatedAt).ToList();
    }

    /// <summary>
    /// Records a state reached at a time given by the orchestrator, so that a replayed activity writes the
    /// same values again.
    /// </summary>
    public async Task SetStateAsync(string roundId, RoundState state, DateTimeOffset at, RoundCounts? counts, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Rounds);
        var entity = new TableEntity(Partition, roundId)
        {
            ["State"] = state.ToString(),
            [StateTimeColumn(state)] = at,
        };
        if (counts is not null)
        {
            entity["CountsJson"] = JsonSerializer.Serialize(counts, Json.Options);
        }

        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task SetScheduleAsync(string roundId, RoundSchedule schedule, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Rounds);
        var entity = new TableEntity(Partition, roundId) { ["ScheduleJson"] = JsonSerializer.Serialize(schedule, Json.Options) };
        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task MarkContractAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Rounds);
        await table.UpdateEntityAsync(new TableEntity(Partition, roundId) { ["HasContract"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private static string StateTimeColumn(RoundState state) => "At" + state;

    private static RoundRecord ToRecord(TableEntity e)
    {
        var times = new Dictionary<RoundState, DateTimeOffset>();
        foreach (var state in Enum.GetValues<RoundState>())
        {
            if (e.TryGetValue(StateTimeColumn(state), out var value) && value is DateTimeOffset at)
            {
                times[state] = at;
            }
        }

        return new RoundRecord(
            e.RowKey,
            e.GetInt32("FiscalYear") ?? 0,
            e.GetString("Title") ?? string.Empty,
            e.GetString("OperatorName") ?? string.Empty,
            JsonSerializer.Deserialize<List<PersonaOpening>>(e.GetString("PersonasJson") ?? "[]", Json.Options) ?? [],
            JsonSerializer.Deserialize<RoundSchedule>(e.GetString("ScheduleJson") ?? "{}", Json.Options)!,
            Enum.Parse<RoundState>(e.GetString("State") ?? nameof(RoundState.AwaitingCommissionAcceptance)),
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            e.GetBoolean("HasContract") ?? false,
            JsonSerializer.Deserialize<RoundCounts>(e.GetString("CountsJson") ?? "{}", Json.Options) ?? new RoundCounts(),
            times);
    }
}
