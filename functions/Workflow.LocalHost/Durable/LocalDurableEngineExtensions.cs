using System.Reflection;
using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Workflow.Functions.Configuration;
using Workflow.Functions.Storage;

namespace Workflow.LocalHost.Durable;

public static class LocalDurableEngineExtensions
{
    /// <summary>
    /// Runs the orchestrators and activities of <paramref name="functionsAssembly"/> on DurableTask.Core with the Azure
    /// Storage provider: registers the <see cref="FunctionCatalog"/>, the provider, a <see cref="DurableTaskClient"/>
    /// over it and a hosted service that creates the task hub and runs the worker.
    /// </summary>
    /// <remarks>
    /// Settings: the connection string <c>AzureWebJobsStorage</c>, host.json next to the running assembly, and the
    /// overrides <c>AzureFunctionsJobHost:extensions:durableTask:hubName</c> and of its versioning
    /// (<see cref="OrchestrationVersioning"/>). Payloads use the registered
    /// <see cref="DataConverter"/>, by default the SDK's System.Text.Json converter.
    /// </remarks>
    public static IServiceCollection AddLocalDurableEngine(
        this IServiceCollection services, IConfiguration configuration, Assembly functionsAssembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(functionsAssembly);

        // Discover now so that an unsupported function stops the host at startup, not at its first call.
        services.AddSingleton(FunctionCatalog.FromAssembly(functionsAssembly));
        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        services.AddSingleton(sp => LocalDurableEngineSettings.Create(
            configuration,
            HostJson.Load(HostJson.DefaultPath),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<StorageRequestCounter>()));
        services.AddSingleton(OrchestrationVersioning.FromConfiguration(configuration, HostJson.Load(HostJson.DefaultPath)));
        services.AddSingleton(sp => new AzureStorageOrchestrationService(
            sp.GetRequiredService<AzureStorageOrchestrationServiceSettings>()));
        services.AddSingleton<DurableTaskClient>(sp => new CoreDurableTaskClient(
            sp.GetRequiredService<AzureStorageOrchestrationServiceSettings>().TaskHubName,
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            sp.GetRequiredService<DataConverter>(),
            sp.GetRequiredService<OrchestrationVersioning>().DefaultVersion));
        services.AddHostedService<LocalDurableEngineHostedService>();
        return services;
    }
}
