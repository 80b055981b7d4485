using DurableTask.AzureStorage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflow.Functions.Configuration;
using Workflow.LocalHost.Durable;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests.Durable;

/// <summary>A generic host running this test assembly's functions on the local durable engine against Azurite.</summary>
public static class LocalEngineHost
{
    /// <param name="settings">More configuration, e.g. the versioning overrides.</param>
    /// <param name="logs">Receives every log entry of the host, the engine's included.</param>
    public static IHost Build(string hubName, bool holdActivitiesUntilStopping = false,
        IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.Storage] = AzuriteFixture.ConnectionString,
            [SettingNames.TaskHubNameOverride] = hubName,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddScoped<GreetingService>();
        builder.Services.AddSingleton<VisitLog>();
        builder.Services.AddSingleton(new ActivityGate(holdActivitiesUntilStopping));
        builder.Services.AddLocalDurableEngine(builder.Configuration, typeof(LocalEngineHost).Assembly);
        return builder.Build();
    }
}

/// <summary>One started host (and task hub) shared by the tests of a class; each test uses its own instance ids.</summary>
public sealed class LocalEngineFixture : IAsyncLifetime
{
    public string HubName { get; } = AzuriteFixture.NewPrefix() + "hub";

    public IHost Host { get; private set; } = null!;

    public DurableTaskClient Client => Host.Services.GetRequiredService<DurableTaskClient>();

    public VisitLog VisitLog => Host.Services.GetRequiredService<VisitLog>();

    public async Task InitializeAsync()
    {
        Host = LocalEngineHost.Build(HubName);
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        var service = Host.Services.GetRequiredService<AzureStorageOrchestrationService>();
        await Host.StopAsync();
        await service.DeleteAsync(); // Leaves nothing behind on an Azurite that outlives the run.
        Host.Dispose();
    }
}
