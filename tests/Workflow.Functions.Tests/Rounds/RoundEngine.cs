using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Workflow.Domain.Rounds;
using Workflow.Functions.Advertise;
using Workflow.Functions.Appoint;
using Workflow.Functions.Apply;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;
using Workflow.Functions.Train;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>
/// The real round orchestrator on the in-process durable engine. Activities are registered under the app's names
/// but only record their calls and return canned shard results; the round row is the domain's
/// <see cref="RoundLifecycle"/> kept in memory, so commands are decided as the app decides them: the engine and the
/// orchestrator are what is tested.
/// </summary>
public sealed class RoundEngine : IAsyncDisposable
{
    public const string RoundId = "R2025-test0001";

    private RoundEngine(DurableTaskTestHost host) => Host = host;

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public ConcurrentQueue<SetRoundStateInput> States { get; } = new();

    public ConcurrentQueue<OverdueInput> Overdue { get; } = new();

    public ConcurrentQueue<MarkRoundStalledInput> Stalls { get; } = new();

    /// <summary>Activities named here throw until the set is emptied (a step failing past its retries).</summary>
    public ConcurrentDictionary<string, bool> Failing { get; } = new();

    private readonly Lock _gate = new();

    private RoundLifecycle _round = RoundLifecycle.New();

    public RoundLifecycle Round
    {
        get
        {
            lock (_gate)
            {
                return _round;
            }
        }
    }

    public ConcurrentDictionary<string, ConcurrentBag<ShardInput>> ShardCalls { get; } = new();

    public IReadOnlyList<RoundState> StateList => States.Select(s => s.State).ToList();

    /// <summary>Each shard reports one applicant screened; shards below 4 also one eligible, 2 selected, 1 certified, 1 published.</summary>
    public static async Task<RoundEngine> StartAsync(Func<RoundPlan> plan)
    {
        RoundEngine? engine = null;
        var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<RoundInput, RoundOutcome>(nameof(RecruitingRoundOrchestration), (context, _) => new RecruitingRoundOrchestration().Run(context));
            registry.AddActivityFunc<string, RoundPlan>(nameof(LoadRoundPlan), (_, _) => plan());
            registry.AddActivityFunc<SetRoundStateInput>(nameof(SetRoundState), (_, input) => engine!.Move(input));
            registry.AddActivityFunc<ReadRoundClosingInput, RoundClosing?>(nameof(ReadRoundClosing), (_, input) => engine!.ReadClosing(input));
            registry.AddActivityFunc<MarkRoundStalledInput>(nameof(MarkRoundStalled), (_, input) => engine!.Stall(input));
            registry.AddActivityFunc<SweepOrphanResumesInput, ShardResumeSweep>(nameof(SweepOrphanResumes), (_, input) => new ShardResumeSweep(input.Shard, 0));
            registry.AddActivityFunc<OverdueInput>(nameof(RecordOverdue), (_, input) => engine!.Overdue.Enqueue(input));
            registry.AddActivityFunc<ShardInput, ShardScreeningResult>(nameof(ScreenApplicationShard),
                (_, input) => engine!.Record(nameof(ScreenApplicationShard), input, new ShardScreeningResult(input.Shard, 1, input.Shard < 4 ? 1 : 0)));
            registry.AddActivityFunc<ShardInput, ShardSelectionResult>(nameof(ConcludeSelectionShard),
                (_, input) => engine!.Record(nameof(ConcludeSelectionShard), input, new ShardSelectionResult(input.Shard, 1, input.Shard < 4 ? 1 : 0, input.Shard < 2 ? 1 : 0)));
            registry.AddActivityFunc<ShardInput, ShardCertificationResult>(nameof(IssueCertificatesShard),
                (_, input) => engine!.Record(nameof(IssueCertificatesShard), input, new ShardCertificationResult(input.Shard, input.Shard < 2 ? 1 : 0, input.Shard < 1 ? 1 : 0)));
            registry.AddActivityFunc<ShardInput, ShardPublicationResult>(nameof(PublishRosterShard),
                (_, input) => engine!.Record(nameof(PublishRosterShard), input, new ShardPublicationResult(input.Shard, input.Shard < 1 ? 1 : 0)));
            registry.AddActivityFunc<ShardInput, ShardListingNoticeResult>(nameof(NotifyListedPeopleShard),
                (_, input) => engine!.Record(nameof(NotifyListedPeopleShard), input, new ShardListingNoticeResult(input.Shard, input.Shard < 1 ? 1 : 0)));
            registry.AddActivityFunc<RoundAt, int>(nameof(NotifyMunicipalitiesOfRoster), (_, _) => 11);
            registry.AddActivityFunc<string, int>(nameof(CountAppointments), (_, _) => 1);
        }, TestHosts.Options());
        engine = new RoundEngine(host);
        return engine;
    }

    /// <summary>A plan whose every date is already past: each phase ends as soon as its wait begins.</summary>
    public static RoundPlan PastPlan(DateTimeOffset? acceptBy = null, DateTimeOffset? closesAt = null)
    {
        var past = DateTimeOffset.UtcNow.AddHours(-1);
        return new RoundPlan(RoundId, acceptBy ?? past, past, closesAt ?? past, past, past, 5, past, past);
    }

    /// <param name="version">The orchestration version the round is started at (ADR 0021); none, as before versioning, unless given.</param>
    public Task<string> StartRoundAsync(string? version = null) =>
        Client.ScheduleNewOrchestrationInstanceAsync(nameof(RecruitingRoundOrchestration), new RoundInput(RoundId),
            new StartOrchestrationOptions(RoundIds.InstanceId(RoundId)) { Version = version is null ? null : new TaskVersion(version) });

    /// <summary>Records a person's command as <see cref="RoundActions"/> does, then wakes the round; the decision is returned.</summary>
    public async Task<RoundCommandDecision> CommandAsync(RoundCommand command, DateTimeOffset? newDeadline = null, string? commandId = null)
    {
        RoundCommandDecision decision;
        lock (_gate)
        {
            decision = _round.Decide(command, "tester", DateTimeOffset.UtcNow, commandId, newDeadline);
            _round = decision.Round;
        }

        if (decision.Refusal is null)
        {
            await Client.RaiseEventAsync(RoundIds.InstanceId(RoundId), RoundEvents.CommandRecorded, command.ToString());
        }

        return decision;
    }

    /// <summary>The command, after waiting until the round is in a state it closes (as a person would see on the page).</summary>
    public async Task CommandWhenAsync(RoundState state, RoundCommand command, DateTimeOffset? newDeadline = null)
    {
        await WaitForStatusAsync(s => s.State == state && Round.State == state);
        var decision = await CommandAsync(command, newDeadline);
        Assert.True(decision.Recorded, decision.Refusal?.Title);
    }

    /// <summary>The ministry's retry of a stalled step, as <see cref="RoundActions.ResumeAsync"/> records it.</summary>
    public async Task ResumeAsync()
    {
        lock (_gate)
        {
            var decision = _round.Resume();
            Assert.True(decision.Recorded, decision.Refusal?.Title);
            _round = decision.Round;
        }

        await Client.RaiseEventAsync(RoundIds.InstanceId(RoundId), RoundEvents.ResumeRequested, "ministry");
    }

    public Task RaiseAsync(string eventName, object? payload = null) =>
        Client.RaiseEventAsync(RoundIds.InstanceId(RoundId), eventName, payload ?? "operator");

    private void Move(SetRoundStateInput input)
    {
        lock (_gate)
        {
            _round = _round.MoveTo(input.State);
        }

        States.Enqueue(input);
    }

    private RoundClosing? ReadClosing(ReadRoundClosingInput input)
    {
        lock (_gate)
        {
            if (input.DeadlinePassedAt is { } at)
            {
                _round = _round.CloseByDeadline(at);
            }

            return _round.Closing;
        }
    }

    private void Stall(MarkRoundStalledInput input)
    {
        lock (_gate)
        {
            _round = _round.MarkStalled(input.Step, input.Activity, input.Since);
        }

        Stalls.Enqueue(input);
    }

    public async Task<RoundStatus> WaitForStatusAsync(Func<RoundStatus, bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var instance = await Client.GetInstanceAsync(RoundIds.InstanceId(RoundId), getInputsAndOutputs: true);
            if (instance?.SerializedCustomStatus is { Length: > 0 } raw
                && JsonSerializer.Deserialize<RoundStatus>(raw, Functions.Http.Json.Durable) is { } status && condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The round's status never matched; last: {instance?.SerializedCustomStatus}, states: {string.Join(",", StateList)}");
            await Task.Delay(100);
        }
    }

    public async Task WaitForStateAsync(RoundState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!StateList.Contains(state))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The round never reached {state}; states: {string.Join(",", StateList)}");
            await Task.Delay(100);
        }
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(RoundIds.InstanceId(RoundId), getInputsAndOutputs: true, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        // A round left waiting on a long timer must not keep the host busy while it shuts down.
        try
        {
            var instance = await Client.GetInstanceAsync(RoundIds.InstanceId(RoundId));
            if (instance is { IsRunning: true })
            {
                await Client.TerminateInstanceAsync(RoundIds.InstanceId(RoundId));
            }
        }
        finally
        {
            await Host.DisposeAsync();
        }
    }

    private T Record<T>(string activity, ShardInput input, T result)
    {
        ShardCalls.GetOrAdd(activity, _ => []).Add(input);
        if (Failing.ContainsKey(activity))
        {
            throw new InvalidOperationException($"{activity} fails for this test.");
        }

        return result;
    }
}
