using System.Diagnostics;
using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreOrchestrationStatus = DurableTask.Core.OrchestrationStatus;
using CoreFailureDetails = DurableTask.Core.FailureDetails;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// The SDK's <see cref="DurableTaskClient"/> over the Azure Storage provider's client side, so that code written for
/// Durable Functions' client binding runs unchanged against the local engine.
/// </summary>
/// <remarks>
/// Every payload (input, event data, termination output) is serialized here with the SDK's <see cref="DataConverter"/>
/// and handed to the provider as a raw string, so orchestrators and callers see exactly the JSON the SDK would produce.
/// An orchestration started without a version gets <c>defaultVersion</c>, as Durable Functions' client binding does
/// with host.json's (ADR 0021); an explicit one, even empty, is kept.
/// </remarks>
public sealed class CoreDurableTaskClient : DurableTaskClient
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(1);

    // Starting an instance id that is still in flight would overwrite its state; Durable Functions refuses that too.
    private static readonly CoreOrchestrationStatus[] InFlightStatuses =
        [CoreOrchestrationStatus.Pending, CoreOrchestrationStatus.Running, CoreOrchestrationStatus.Suspended];

    private static readonly CoreOrchestrationStatus[] TerminalStatuses =
    [
        CoreOrchestrationStatus.Completed, CoreOrchestrationStatus.Failed,
        CoreOrchestrationStatus.Terminated, CoreOrchestrationStatus.Canceled,
    ];

    /// <summary>
    /// The Durable Task SDK's client source and span names (create_orchestration, orchestration_event), which its gRPC
    /// client uses in Azure; the engine continues the trace from the context this client stores on the message.
    /// </summary>
    private static readonly ActivitySource Tracing = new("Microsoft.DurableTask");

    private readonly AzureStorageOrchestrationService _service;
    private readonly DataConverter _dataConverter;
    private readonly string _defaultVersion;

    public CoreDurableTaskClient(
        string name, AzureStorageOrchestrationService service, DataConverter dataConverter, string? defaultVersion = null)
        : base(name)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _dataConverter = dataConverter ?? throw new ArgumentNullException(nameof(dataConverter));
        _defaultVersion = defaultVersion ?? string.Empty;
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var dedupe = options?.DedupeStatuses is { } statuses
            ? statuses.Select(s => ToCore(Enum.Parse<OrchestrationRuntimeStatus>(s, ignoreCase: true))).ToArray()
            : InFlightStatuses;
        return ScheduleSerializedAsync(
            orchestratorName.Name,
            _dataConverter.Serialize(input),
            options?.InstanceId,
            options?.StartAt,
            options?.Tags,
            options?.Version is { } explicitVersion ? explicitVersion.Version : _defaultVersion,
            dedupe);
    }

    public override async Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        await RequireInstanceAsync(instanceId, cancellation);
        var raised = new EventRaisedEvent(-1, _dataConverter.Serialize(eventPayload)) { Name = eventName };
        using var span = Tracing.StartActivity($"orchestration_event:{eventName}", ActivityKind.Producer);
        if (span is not null)
        {
            span.SetTag("durabletask.type", "event");
            span.SetTag("durabletask.event.name", eventName);
            span.SetTag("durabletask.event.instance_id", instanceId);
            raised.ParentTraceContext = new DistributedTraceContext(span.Id!, span.TraceStateString);
        }

        await SendAsync(instanceId, raised);
    }

    public override async Task TerminateInstanceAsync(
        string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await RequireInstanceAsync(instanceId, cancellation);

        // The termination reason becomes the instance's output, so it is serialized like any other output.
        // Sub-orchestrations are not terminated with it: the provider has no recursive termination.
        await _service.ForceTerminateTaskOrchestrationAsync(instanceId, _dataConverter.Serialize(options?.Output));
    }

    public override async Task SuspendInstanceAsync(
        string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await RequireInstanceAsync(instanceId, cancellation);
        await SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason));
    }

    public override async Task ResumeInstanceAsync(
        string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await RequireInstanceAsync(instanceId, cancellation);
        await SendAsync(instanceId, new ExecutionResumedEvent(-1, reason));
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs);
        var state = states.FirstOrDefault(s => s is not null);
        return state is null ? null : ToMetadata(state, getInputsAndOutputs);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var query = filter ?? new OrchestrationQuery();
        var condition = new OrchestrationInstanceStatusQueryCondition
        {
            CreatedTimeFrom = query.CreatedFrom?.UtcDateTime ?? default,
            CreatedTimeTo = query.CreatedTo?.UtcDateTime ?? default,
            RuntimeStatus = query.Statuses?.Select(ToCore).ToArray(),
            InstanceIdPrefix = query.InstanceIdPrefix,
            FetchInput = query.FetchInputsAndOutputs,
            FetchOutput = query.FetchInputsAndOutputs,
        };

        return Pageable.Create<OrchestrationMetadata>(async (continuation, pageSize, cancellation) =>
        {
            var result = await _service.GetOrchestrationStateAsync(
                condition,
                pageSize ?? query.PageSize,
                continuation ?? query.ContinuationToken,
                cancellation);
            var page = result.OrchestrationState
                .Select(s => ToMetadata(s, query.FetchInputsAndOutputs))
                .ToList();
            return new Page<OrchestrationMetadata>(
                page, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, s => s.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, s => IsTerminal(s.RuntimeStatus), cancellation);

    public override async Task<PurgeResult> PurgeInstanceAsync(
        string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);

        // Only finished instances may be purged, as in Durable Functions; purging a live one would orphan its messages.
        // Sub-orchestrations keep their own history: the provider has no recursive purge.
        var state = await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation);
        if (state is null || !IsTerminal(state.RuntimeStatus))
        {
            return new PurgeResult(0);
        }

        var result = await _service.PurgeInstanceHistoryAsync(instanceId);
        return new PurgeResult(result.InstancesDeleted, result.IsComplete);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(
        PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellation.ThrowIfCancellationRequested();
        var statuses = filter.Statuses?.Select(ToCore).Where(TerminalStatuses.Contains).ToArray() ?? TerminalStatuses;
        if (statuses.Length == 0)
        {
            // The provider reads an empty status list as "any status", which would purge live instances.
            return new PurgeResult(0);
        }

        var result = await _service.PurgeInstanceHistoryAsync(
            filter.CreatedFrom?.UtcDateTime ?? default,
            filter.CreatedTo?.UtcDateTime,
            statuses);
        return new PurgeResult(result.InstancesDeleted, result.IsComplete);
    }

    public override async Task<string> RestartAsync(
        string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        var state = await GetInstancesAsync(instanceId, getInputsAndOutputs: true, cancellation)
                    ?? throw new ArgumentException($"No orchestration instance '{instanceId}' exists.", nameof(instanceId));
        if (!restartWithNewInstanceId && !IsTerminal(state.RuntimeStatus))
        {
            throw new InvalidOperationException(
                $"Orchestration instance '{instanceId}' is {state.RuntimeStatus}; only a finished instance can restart under the same id.");
        }

        // The original serialized input is reused as is, so the restarted instance sees byte-identical JSON. The
        // metadata carries no version, so the restart starts afresh on today's, like any new orchestration.
        return await ScheduleSerializedAsync(
            state.Name,
            state.SerializedInput,
            restartWithNewInstanceId ? null : instanceId,
            startAt: null,
            tags: state.Tags,
            version: _defaultVersion,
            InFlightStatuses);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask; // The service belongs to the DI container.

    private async Task<string> ScheduleSerializedAsync(
        string name,
        string? serializedInput,
        string? instanceId,
        DateTimeOffset? startAt,
        IReadOnlyDictionary<string, string>? tags,
        string? version,
        CoreOrchestrationStatus[] dedupeStatuses)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var instance = new OrchestrationInstance
        {
            InstanceId = string.IsNullOrEmpty(instanceId) ? Guid.NewGuid().ToString("N") : instanceId,
            ExecutionId = Guid.NewGuid().ToString("N"),
        };

        // Built by hand rather than through TaskHubClient so the input is not re-serialized by Newtonsoft.
        var started = new ExecutionStartedEvent(-1, serializedInput)
        {
            Name = name,
            Version = version ?? string.Empty,
            OrchestrationInstance = instance,
            Tags = tags?.ToDictionary(t => t.Key, t => t.Value),
            ScheduledStartTime = startAt?.UtcDateTime,
        };

        // As the SDK's client and DurableTask.Core's TaskHubClient do: the span of the request that schedules the
        // instance is the parent of the orchestration's, and through it of every activity and timer it runs.
        using var span = Tracing.StartActivity(
            string.IsNullOrEmpty(version) ? $"create_orchestration:{name}" : $"create_orchestration:{name}@({version})",
            ActivityKind.Producer);
        if (span is not null)
        {
            span.SetTag("durabletask.type", "orchestration");
            span.SetTag("durabletask.task.name", name);
            span.SetTag("durabletask.task.instance_id", instance.InstanceId);
            span.SetTag("durabletask.task.execution_id", instance.ExecutionId);
            if (!string.IsNullOrEmpty(version))
            {
                span.SetTag("durabletask.task.version", version);
            }

            started.ParentTraceContext = new DistributedTraceContext(span.Id!, span.TraceStateString);
        }

        try
        {
            await _service.CreateTaskOrchestrationAsync(
                new TaskMessage { Event = started, OrchestrationInstance = instance },
                dedupeStatuses);
        }
        catch (InvalidOperationException e) when (
            e is not OrchestrationAlreadyExistsException && e.Message.Contains("already exists", StringComparison.Ordinal))
        {
            // With ThrowExceptionOnInvalidDedupeStatus the provider reports a duplicate as a bare
            // InvalidOperationException; callers catch the specific type, as they would with the other backends.
            throw new OrchestrationAlreadyExistsException(
                $"Orchestration instance '{instance.InstanceId}' already exists: {e.Message}", e);
        }

        return instance.InstanceId;
    }

    private Task SendAsync(string instanceId, HistoryEvent historyEvent) =>
        _service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            Event = historyEvent,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
        });

    // The provider silently drops messages for unknown instances; the SDK contract is to fail instead.
    private async Task RequireInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        if (await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation) is null)
        {
            throw new ArgumentException($"No orchestration instance '{instanceId}' exists.", nameof(instanceId));
        }
    }

    private async Task<OrchestrationMetadata> PollAsync(
        string instanceId,
        bool getInputsAndOutputs,
        Func<OrchestrationMetadata, bool> done,
        CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var delay = FirstPollDelay;
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation) is { } state && done(state))
            {
                return state;
            }

            await Task.Delay(delay, cancellation);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollDelay.Ticks));
        }
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool withPayloads) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = _dataConverter,
            RuntimeStatus = ToSdk(state.OrchestrationStatus),
            CreatedAt = AsUtc(state.CreatedTime),
            LastUpdatedAt = AsUtc(state.LastUpdatedTime),
            SerializedInput = withPayloads ? state.Input : null,
            SerializedOutput = withPayloads ? state.Output : null,
            SerializedCustomStatus = withPayloads ? state.Status : null,
            FailureDetails = ToSdk(state.FailureDetails) ?? FailureFromOutput(state),
            Tags = state.Tags is { } tags ? new Dictionary<string, string>(tags) : new Dictionary<string, string>(),
        };

    private static DateTimeOffset AsUtc(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());

    /// <summary>
    /// The Azure Storage provider keeps no structured failure in its Instances table: it stores the failure details'
    /// text, "{ErrorType}: {ErrorMessage}", as the output. That text is turned back into details here.
    /// </summary>
    private static TaskFailureDetails? FailureFromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != CoreOrchestrationStatus.Failed || string.IsNullOrEmpty(state.Output))
        {
            return null;
        }

        var separator = state.Output.IndexOf(": ", StringComparison.Ordinal);
        return separator > 0 && !state.Output[..separator].Contains(' ', StringComparison.Ordinal)
            ? new TaskFailureDetails(state.Output[..separator], state.Output[(separator + 2)..], null, null, null)
            : new TaskFailureDetails("Unknown", state.Output, null, null, null);
    }

    private static TaskFailureDetails? ToSdk(CoreFailureDetails? details) => details is null
        ? null
        : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, ToSdk(details.InnerFailure), details.Properties);

    // The SDK marks Canceled and ContinuedAsNew obsolete, but the provider still reports them, so they are mapped.
#pragma warning disable CS0618
    private static bool IsTerminal(OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or
        OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;

    private static OrchestrationRuntimeStatus ToSdk(CoreOrchestrationStatus status) => status switch
    {
        CoreOrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
        CoreOrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
        CoreOrchestrationStatus.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
        CoreOrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
        CoreOrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Canceled,
        CoreOrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        CoreOrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
        CoreOrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown orchestration status."),
    };

    private static CoreOrchestrationStatus ToCore(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => CoreOrchestrationStatus.Running,
        OrchestrationRuntimeStatus.Completed => CoreOrchestrationStatus.Completed,
        OrchestrationRuntimeStatus.ContinuedAsNew => CoreOrchestrationStatus.ContinuedAsNew,
        OrchestrationRuntimeStatus.Failed => CoreOrchestrationStatus.Failed,
        OrchestrationRuntimeStatus.Canceled => CoreOrchestrationStatus.Canceled,
        OrchestrationRuntimeStatus.Terminated => CoreOrchestrationStatus.Terminated,
        OrchestrationRuntimeStatus.Pending => CoreOrchestrationStatus.Pending,
        OrchestrationRuntimeStatus.Suspended => CoreOrchestrationStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown orchestration status."),
    };
#pragma warning restore CS0618
}
