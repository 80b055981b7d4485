using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;
using Workflow.LocalHost.Durable;

namespace Workflow.LocalHost.Tests.Durable;

public sealed class LocalDurableEngineSettingsTests
{
    [Fact]
    public void Maps_host_json_and_the_hub_override_onto_the_provider_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.Storage] = "UseDevelopmentStorage=true",
            [SettingNames.TaskHubNameOverride] = "OverriddenHub",
        }).Build();

        var settings = LocalDurableEngineSettings.Create(
            configuration, new HostJson("FileHub", 3, TimeSpan.FromSeconds(2), 5, 7));

        Assert.Equal("OverriddenHub", settings.TaskHubName);
        Assert.Equal(3, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxQueuePollingInterval);
        Assert.Equal(5, settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(7, settings.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.NotNull(settings.StorageAccountClientProvider);
    }

    [Fact]
    public void Without_override_the_host_json_hub_is_used_and_a_missing_connection_string_is_an_error()
    {
        var withStorage = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.Storage] = "UseDevelopmentStorage=true",
        }).Build();
        Assert.Equal("FileHub", LocalDurableEngineSettings.Create(withStorage, HostJson.Empty with { HubName = "FileHub" }).TaskHubName);

        var error = Assert.Throws<InvalidOperationException>(() => LocalDurableEngineSettings.Create(
            new ConfigurationBuilder().Build(), HostJson.Empty));
        Assert.Contains(SettingNames.Storage, error.Message, StringComparison.Ordinal);
    }
}
