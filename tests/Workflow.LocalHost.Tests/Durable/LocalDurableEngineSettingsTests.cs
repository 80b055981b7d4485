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
            configuration, new HostJson("FileHub", 3, TimeSpan.FromSeconds(2), 5, 7, null, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(40), UseAppLease: false));

        Assert.Equal("OverriddenHub", settings.TaskHubName);
        Assert.Equal(3, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxQueuePollingInterval);
        Assert.Equal(5, settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(7, settings.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), settings.WorkItemQueueVisibilityTimeout);
        Assert.False(settings.UseAppLease);
        Assert.NotNull(settings.StorageAccountClientProvider);
    }

    [Fact]
    public void Unset_in_host_json_the_app_lease_is_on_as_in_durable_functions()
    {
        var settings = LocalDurableEngineSettings.Create(WithStorage(), HostJson.Empty);

        Assert.True(settings.UseAppLease);
    }

    [Fact]
    public void Each_listening_address_is_a_worker_of_its_own_and_keeps_its_name_across_restarts()
    {
        IConfiguration Listening(string urls) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.Storage] = "UseDevelopmentStorage=true",
            ["urls"] = urls,
        }).Build();

        var first = LocalDurableEngineSettings.Create(Listening("http://127.0.0.1:7071"), HostJson.Empty).WorkerId;
        var restarted = LocalDurableEngineSettings.Create(Listening("http://127.0.0.1:7071"), HostJson.Empty).WorkerId;
        var second = LocalDurableEngineSettings.Create(Listening("http://127.0.0.1:7072"), HostJson.Empty).WorkerId;

        Assert.Equal(first, restarted);
        Assert.NotEqual(first, second);
        Assert.StartsWith(Environment.MachineName, first, StringComparison.Ordinal);
    }

    private static IConfiguration WithStorage() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [SettingNames.Storage] = "UseDevelopmentStorage=true",
    }).Build();

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
