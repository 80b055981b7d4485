using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Workflow.Functions.Configuration;
using Workflow.Functions.Storage;

namespace Workflow.LocalHost.Durable;

/// <summary>Maps the app's configuration and host.json onto the Azure Storage provider's settings.</summary>
public static class LocalDurableEngineSettings
{
    /// <param name="counter">When given, the engine's blob, queue and table clients count every request they send.</param>
    public static AzureStorageOrchestrationServiceSettings Create(
        IConfiguration configuration, HostJson hostJson, ILoggerFactory? loggerFactory = null, StorageRequestCounter? counter = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(hostJson);

        var connectionString = configuration[SettingNames.Storage];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The local durable engine needs a storage connection string in '{SettingNames.Storage}' " +
                "(for Azurite: UseDevelopmentStorage=true).");
        }

        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = TaskHub.FromConfiguration(configuration, hostJson).Name,
            StorageAccountClientProvider = counter is null ? new StorageAccountClientProvider(connectionString) : CountedClients(connectionString, counter),

            // As Durable Functions: unless host.json says otherwise, only one app (not one process) works on a hub.
            UseAppLease = hostJson.UseAppLease ?? true,
            WorkerId = WorkerId(configuration),

            // Otherwise starting an instance id that is still running is silently ignored instead of refused.
            ThrowExceptionOnInvalidDedupeStatus = true,
        };

        if (hostJson.PartitionCount is { } partitions)
        {
            settings.PartitionCount = partitions;
        }

        if (hostJson.MaxQueuePollingInterval is { } polling)
        {
            settings.MaxQueuePollingInterval = polling;
        }

        if (hostJson.MaxConcurrentActivityFunctions is { } activities)
        {
            settings.MaxConcurrentTaskActivityWorkItems = activities;
        }

        if (hostJson.MaxConcurrentOrchestratorFunctions is { } orchestrators)
        {
            settings.MaxConcurrentTaskOrchestrationWorkItems = orchestrators;
        }

        if (hostJson.ControlQueueVisibilityTimeout is { } control)
        {
            settings.ControlQueueVisibilityTimeout = control;
        }

        if (hostJson.WorkItemQueueVisibilityTimeout is { } workItems)
        {
            settings.WorkItemQueueVisibilityTimeout = workItems;
        }

        if (loggerFactory is not null)
        {
            settings.LoggerFactory = loggerFactory;
        }

        return settings;
    }

    /// <summary>
    /// Durable Functions names a worker after its instance (the machine): a process restarted there takes its partition
    /// leases back at once, while another instance waits for them to expire. Local hosts share one machine, so the
    /// address a host listens on stands for the instance: two hosts get two names, a restarted host keeps its own.
    /// </summary>
    public static string WorkerId(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var urls = configuration["urls"];
        return string.IsNullOrWhiteSpace(urls) ? Environment.MachineName : $"{Environment.MachineName} {urls.Trim()}";
    }

    private static StorageAccountClientProvider CountedClients(string connectionString, StorageRequestCounter counter)
    {
        var blobs = new BlobClientOptions();
        blobs.AddPolicy(counter.PolicyFor("engine-blobs"), HttpPipelinePosition.PerRetry);
        var queues = new QueueClientOptions();
        queues.AddPolicy(counter.PolicyFor("engine-queues"), HttpPipelinePosition.PerRetry);
        var tables = new TableClientOptions();
        tables.AddPolicy(counter.PolicyFor("engine-tables"), HttpPipelinePosition.PerRetry);
        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(connectionString, blobs),
            StorageServiceClientProvider.ForQueue(connectionString, queues),
            StorageServiceClientProvider.ForTable(connectionString, tables));
    }
}
