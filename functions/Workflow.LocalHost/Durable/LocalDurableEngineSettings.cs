using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Workflow.Functions.Configuration;

namespace Workflow.LocalHost.Durable;

/// <summary>Maps the app's configuration and host.json onto the Azure Storage provider's settings.</summary>
public static class LocalDurableEngineSettings
{
    public static AzureStorageOrchestrationServiceSettings Create(
        IConfiguration configuration, HostJson hostJson, ILoggerFactory? loggerFactory = null)
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
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),

            // One app owns the hub locally; the app lease only delays a restarted process while the old lease expires.
            UseAppLease = false,

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

        if (loggerFactory is not null)
        {
            settings.LoggerFactory = loggerFactory;
        }

        return settings;
    }
}
