using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// Creates the task hub if needed and runs a <see cref="TaskHubWorker"/> with every orchestrator and activity of the
/// catalog. All state lives in storage: a process killed mid-run is picked up where it stopped by the next one.
/// </summary>
internal sealed class LocalDurableEngineHostedService(
    FunctionCatalog catalog,
    AzureStorageOrchestrationService orchestrationService,
    AzureStorageOrchestrationServiceSettings settings,
    DataConverter dataConverter,
    OrchestrationVersioning versioning,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private TaskHubWorker? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await orchestrationService.CreateIfNotExistsAsync().WaitAsync(cancellationToken);

        // Versioning as the extension sets it up: the dispatcher matches each work item's version against this
        // worker's and rejects or fails a mismatch (ADR 0021); the shims stamp sub-orchestrations with the default.
        var shims = new DurableTaskShimFactory(
            new DurableTaskWorkerOptions
            {
                DataConverter = dataConverter,
                Versioning = new DurableTaskWorkerOptions.VersioningOptions { Version = versioning.DefaultVersion, DefaultVersion = versioning.DefaultVersion },
            },
            loggerFactory);
        var worker = new TaskHubWorker(
            orchestrationService, new ByNameOnly<TaskOrchestration>(), new ByNameOnly<TaskActivity>(), versioning.ToSettings(), loggerFactory)
        {
            // The SDK's shims and TaskFailedException rely on failure details rather than serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };

        var stopping = _stopping.Token;

        // A fresh shim per execution: the orchestration shim keeps per-episode state (its context wrapper).
        worker.AddTaskOrchestrations(catalog.Orchestrators
            .Select(f => (ObjectCreator<TaskOrchestration>)new ShimCreator<TaskOrchestration>(f.Name, () =>
                shims.CreateOrchestration(
                    new TaskName(f.Name),
                    new FunctionOrchestrator(f, services, dataConverter, loggerFactory),
                    parent: null)))
            .ToArray());
        worker.AddTaskActivities(catalog.Activities
            .Select(f => (ObjectCreator<TaskActivity>)new ShimCreator<TaskActivity>(f.Name, () =>
                shims.CreateActivity(new TaskName(f.Name), new FunctionActivity(f, services, stopping))))
            .ToArray());

        await worker.StartAsync().WaitAsync(cancellationToken);
        _worker = worker;
        loggerFactory.CreateLogger<LocalDurableEngineHostedService>().LogInformation(
            "Local durable engine started on task hub {Hub}: {Orchestrators} orchestrators, {Activities} activities; orchestration version '{Version}' ({Match}, {Failure}).",
            settings.TaskHubName, catalog.Orchestrators.Count, catalog.Activities.Count,
            versioning.DefaultVersion, versioning.MatchStrategy, versioning.FailureStrategy);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Running activities see their CancellationToken fire; the engine retries whatever did not complete.
        await _stopping.CancelAsync();
        if (_worker is { } worker)
        {
            _worker = null;
            try
            {
                // Graceful stop releases the partition leases so a restarted process owns them at once; if the host's
                // shutdown timeout comes first, leases simply expire and storage still holds every bit of state.
                await worker.StopAsync(isForced: false).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }

            worker.Dispose();
        }
    }

    public void Dispose()
    {
        _worker?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Finds a function by its name whatever the version asked for, as the Functions extension does: an orchestration
    /// carries its version, and the shims schedule its activities with it, but each function exists once and branches
    /// on the version itself (ADR 0021). DurableTask.Core's own manager would look for a "name_version" that is never
    /// registered.
    /// </summary>
    private sealed class ByNameOnly<T> : INameVersionObjectManager<T>
    {
        private readonly Dictionary<string, ObjectCreator<T>> _creators = new(StringComparer.Ordinal);

        public void Add(ObjectCreator<T> creator)
        {
            if (!_creators.TryAdd(creator.Name, creator))
            {
                throw new InvalidOperationException($"Duplicate function '{creator.Name}'.");
            }
        }

        public T? GetObject(string name, string? version) =>
            _creators.TryGetValue(name, out var creator) ? creator.Create() : default;
    }

    private sealed class ShimCreator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public ShimCreator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }
}
