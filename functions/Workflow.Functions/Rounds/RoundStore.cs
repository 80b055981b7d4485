using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
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
            [StandardVersionColumn] = round.StandardVersion,
            [StateTimeColumn(round.State)] = round.CreatedAt,
        };
        await table.AddEntityAsync(entity, cancellationToken);
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
    /// Records a person's command on the round, decided by the domain against the lifecycle as stored and written
    /// only if nobody changed the round in between (ETag); a lost race is decided again on what won it.
    /// </summary>
    public async Task<(RoundRecord? Round, RoundCommandDecision? Decision)> RecordCommandAsync(
        string roundId, RoundCommand command, string by, DateTimeOffset at, string? commandId, DateTimeOffset? newDeadline = null,
        CancellationToken cancellationToken = default)
    {
        RoundCommandDecision? decision = null;
        var round = await UpdateAsync(roundId, current =>
        {
            decision = current.Lifecycle.Decide(command, by, at, commandId, newDeadline, current.Schedule.ApplicationOpensAt);
            if (!decision.Recorded)
            {
                return null;
            }

            var change = LifecycleChange(roundId, decision.Round);
            if (command == RoundCommand.ExtendCommission)
            {
                change["ScheduleJson"] = JsonSerializer.Serialize(current.Schedule with { AcceptCommissionBy = newDeadline!.Value }, Json.Options);
            }

            return change;
        }, cancellationToken);
        return (round, decision);
    }

    /// <summary>The current state's deadline passed: closes it unless a person's command did first, and says what closed it.</summary>
    public async Task<RoundClosing> CloseByDeadlineAsync(string roundId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var round = await UpdateAsync(roundId, current =>
            current.Lifecycle.Closing is null ? LifecycleChange(roundId, current.Lifecycle.CloseByDeadline(at)) : null, cancellationToken);
        return round?.Lifecycle.Closing ?? throw new InvalidOperationException($"Round {roundId} does not exist.");
    }

    /// <summary>
    /// Records a state reached at a time given by the orchestrator, so that a replayed activity writes the
    /// same values again.
    /// </summary>
    public async Task<RoundRecord> MoveAsync(string roundId, RoundState state, DateTimeOffset at, RoundCounts? counts, CancellationToken cancellationToken = default)
    {
        var round = await UpdateAsync(roundId, current =>
        {
            var change = LifecycleChange(roundId, current.Lifecycle.MoveTo(state));
            change[StateTimeColumn(state)] = current.StateTimes.GetValueOrDefault(state, at);
            if (counts is not null)
            {
                change["CountsJson"] = JsonSerializer.Serialize(counts, Json.Options);
            }

            return change;
        }, cancellationToken);
        return round ?? throw new InvalidOperationException($"Round {roundId} does not exist.");
    }

    /// <summary>A step failed past its retries: the round shows it and waits for the ministry.</summary>
    public async Task MarkStalledAsync(string roundId, RoundStep step, string activity, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        await UpdateAsync(roundId, current => LifecycleChange(roundId, current.Lifecycle.MarkStalled(step, activity, since)), cancellationToken);

    /// <summary>The ministry asks for the stalled step to run again.</summary>
    public async Task<(RoundRecord? Round, RoundCommandDecision? Decision)> ResumeAsync(string roundId, CancellationToken cancellationToken = default)
    {
        RoundCommandDecision? decision = null;
        var round = await UpdateAsync(roundId, current =>
        {
            decision = current.Lifecycle.Resume();
            return decision.Recorded ? LifecycleChange(roundId, decision.Round) : null;
        }, cancellationToken);
        return (round, decision);
    }

    /// <summary>
    /// Read, decide, write if unchanged: the one way the round row changes after it is created. <paramref name="decide"/>
    /// returns the columns to merge, or null to write nothing; the round as it then stands is returned.
    /// </summary>
    private async Task<RoundRecord?> UpdateAsync(string roundId, Func<RoundRecord, TableEntity?> decide, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Tables.Rounds);
        for (var attempt = 1; ; attempt++)
        {
            var entity = await TableBatches.GetOrDefaultAsync<TableEntity>(table, Partition, roundId, cancellationToken);
            if (entity is null)
            {
                return null;
            }

            var current = ToRecord(entity);
            var change = decide(current);
            if (change is null)
            {
                return current;
            }

            try
            {
                var response = await table.UpdateEntityAsync(change, entity.ETag, TableUpdateMode.Merge, cancellationToken);
                foreach (var (key, value) in change)
                {
                    entity[key] = value;
                }

                entity.ETag = response.Headers.ETag ?? entity.ETag;
                _accepting.TryRemove(roundId, out _);
                return ToRecord(entity);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxUpdateAttempts)
            {
                // Someone else changed the round first: decide again on what they wrote.
            }
        }
    }

    private const int MaxUpdateAttempts = 20;

    private static TableEntity LifecycleChange(string roundId, RoundLifecycle lifecycle) => new(Partition, roundId)
    {
        ["State"] = lifecycle.State.ToString(),
        ["StateVersion"] = lifecycle.StateVersion,
        ["ClosingJson"] = lifecycle.Closing is null ? string.Empty : JsonSerializer.Serialize(lifecycle.Closing, Json.Options),
        ["CommissionExtensions"] = lifecycle.CommissionExtensions,
        ["StallJson"] = lifecycle.Stall is null ? string.Empty : JsonSerializer.Serialize(lifecycle.Stall, Json.Options),
        ["EarlierVisitsJson"] = JsonSerializer.Serialize(lifecycle.EarlierVisits, Json.Options),
    };

    public async Task MarkContractAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Rounds);
        await table.UpdateEntityAsync(new TableEntity(Partition, roundId) { ["HasContract"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private static string StateTimeColumn(RoundState state) => "At" + state;

    private const string StandardVersionColumn = "StandardVersion";

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

        var closing = e.GetString("ClosingJson");
        var stall = e.GetString("StallJson");
        var lifecycle = new RoundLifecycle(
            Enum.Parse<RoundState>(e.GetString("State") ?? nameof(RoundState.AwaitingCommissionAcceptance)),
            e.GetInt32("StateVersion") ?? 0,
            string.IsNullOrEmpty(closing) ? null : JsonSerializer.Deserialize<RoundClosing>(closing, Json.Options),
            e.GetInt32("CommissionExtensions") ?? 0,
            string.IsNullOrEmpty(stall) ? null : JsonSerializer.Deserialize<RoundStall>(stall, Json.Options))
        {
            // Rounds stored before visits were kept have none: a late repeat there is told the state it finds.
            EarlierVisits = JsonSerializer.Deserialize<List<ClosedVisit>>(e.GetString("EarlierVisitsJson") ?? "[]", Json.Options) ?? [],
        };
        return new RoundRecord(
            e.RowKey,
            e.GetInt32("FiscalYear") ?? 0,
            e.GetString("Title") ?? string.Empty,
            e.GetString("OperatorName") ?? string.Empty,
            JsonSerializer.Deserialize<List<PersonaOpening>>(e.GetString("PersonasJson") ?? "[]", Json.Options) ?? [],
            JsonSerializer.Deserialize<RoundSchedule>(e.GetString("ScheduleJson") ?? "{}", Json.Options)!,
            lifecycle.State,
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            e.GetBoolean("HasContract") ?? false,
            JsonSerializer.Deserialize<RoundCounts>(e.GetString("CountsJson") ?? "{}", Json.Options) ?? new RoundCounts(),
            times,
            // Rounds stored before versions existed have no column; they were advertised and screened on the one text there was.
            e.GetString(StandardVersionColumn) ?? SkillStandardVersions.UnpinnedRoundVersion)
        {
            Lifecycle = lifecycle,
        };
    }
}
