using System.Collections.Concurrent;
using System.Diagnostics;
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

    /// <summary>How long the intake may answer from a round it read while the round accepted applications.</summary>
    public static readonly TimeSpan AcceptingRoundReuse = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan SharedReadLinger = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrentDictionary<string, (RoundRecord Round, long ReadAt)> _accepting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SharedRead> _fresh = new(StringComparer.Ordinal);

    /// <summary>
    /// For the intake's first check only: a round read less than <see cref="AcceptingRoundReuse"/> ago while it accepted
    /// applications, else a new read. The intake checks the state again after storing (<see cref="GetFreshAsync"/>), so a
    /// window that closed meanwhile is still caught; a round in any other state is always read anew.
    /// </summary>
    public async Task<RoundRecord?> GetForIntakeAsync(string roundId, CancellationToken cancellationToken = default)
    {
        if (_accepting.TryGetValue(roundId, out var kept) && Stopwatch.GetElapsedTime(kept.ReadAt) < AcceptingRoundReuse)
        {
            return kept.Round;
        }

        return Remember(roundId, await GetAsync(roundId, cancellationToken));
    }

    /// <summary>
    /// The round as read by a request that started after this call: concurrent callers share one read instead of
    /// sending one each (while a read is under way, later callers wait for the next one).
    /// </summary>
    public async Task<RoundRecord?> GetFreshAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var reads = _fresh.GetOrAdd(roundId, id => new SharedRead(async () => Remember(id, await GetAsync(id, CancellationToken.None))));
        return await reads.NextAsync().WaitAsync(cancellationToken);
    }

    private RoundRecord? Remember(string roundId, RoundRecord? round)
    {
        if (round is { State: RoundState.AcceptingApplications })
        {
            _accepting[roundId] = (round, Stopwatch.GetTimestamp());
        }
        else
        {
            _accepting.TryRemove(roundId, out _);
        }

        return round;
    }

    /// <summary>One read at a time; whoever asks while it runs gets the next one, which starts after it ends.</summary>
    private sealed class SharedRead(Func<Task<RoundRecord?>> read)
    {
        private readonly Lock _gate = new();
        private bool _running;
        private TaskCompletionSource<RoundRecord?>? _next;

        public Task<RoundRecord?> NextAsync()
        {
            TaskCompletionSource<RoundRecord?> first;
            lock (_gate)
            {
                if (_running)
                {
                    return (_next ??= new TaskCompletionSource<RoundRecord?>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }

                _running = true;
                first = new TaskCompletionSource<RoundRecord?>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _ = RunAsync(first);
            return first.Task;
        }

        private async Task RunAsync(TaskCompletionSource<RoundRecord?> completion)
        {
            while (true)
            {
                try
                {
                    // A moment for concurrent callers to share this read.
                    await Task.Delay(SharedReadLinger);
                    completion.SetResult(await read());
                }
                catch (Exception e)
                {
                    completion.SetException(e);
                }

                lock (_gate)
                {
                    if (_next is null)
                    {
                        _running = false;
                        return;
                    }

                    completion = _next;
                    _next = null;
                }
            }
        }
    }

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
