using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;
using Workflow.LocalHost.Durable;

namespace Workflow.LocalHost.Tests.Durable;

public sealed class HostJsonDurableSettingsTests
{
    [Fact]
    public void Reads_the_durable_settings_the_engine_honours()
    {
        const string json = """
            {
              // host.json allows comments and trailing commas
              "version": "2.0",
              "extensions": {
                "durableTask": {
                  "HubName": "MyHub",
                  "storageProvider": { "type": "AzureStorage", "partitionCount": 3, "maxQueuePollingInterval": "00:00:02", },
                  "maxConcurrentActivityFunctions": 5,
                  "maxConcurrentOrchestratorFunctions": "7"
                }
              }
            }
            """;

        var settings = HostJsonDurableSettings.Parse(json);

        Assert.Equal(new HostJsonDurableSettings("MyHub", 3, TimeSpan.FromSeconds(2), 5, 7), settings);
    }

    [Fact]
    public void Missing_sections_and_files_leave_every_setting_unset()
    {
        Assert.Equal(HostJsonDurableSettings.Empty, HostJsonDurableSettings.Parse("""{ "version": "2.0" }"""));
        Assert.Equal(
            new HostJsonDurableSettings("OnlyHub", null, null, null, null),
            HostJsonDurableSettings.Parse("""{ "extensions": { "durableTask": { "hubName": "OnlyHub" } } }"""));
        Assert.Equal(HostJsonDurableSettings.Empty, HostJsonDurableSettings.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json")));
    }

    [Fact]
    public void The_repository_host_json_is_copied_next_to_the_assembly_and_names_a_hub()
    {
        Assert.True(File.Exists(HostJsonDurableSettings.DefaultPath), HostJsonDurableSettings.DefaultPath);

        var settings = HostJsonDurableSettings.Load(HostJsonDurableSettings.DefaultPath);

        Assert.False(string.IsNullOrWhiteSpace(settings.HubName));
        Assert.NotNull(settings.PartitionCount);
    }

    [Fact]
    public void Maps_host_json_and_the_hub_override_onto_the_provider_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.Storage] = "UseDevelopmentStorage=true",
            [SettingNames.TaskHubNameOverride] = "OverriddenHub",
        }).Build();

        var settings = LocalDurableEngineSettings.Create(
            configuration, new HostJsonDurableSettings("FileHub", 3, TimeSpan.FromSeconds(2), 5, 7));

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
        Assert.Equal("FileHub", LocalDurableEngineSettings.Create(withStorage, HostJsonDurableSettings.Empty with { HubName = "FileHub" }).TaskHubName);

        var error = Assert.Throws<InvalidOperationException>(() => LocalDurableEngineSettings.Create(
            new ConfigurationBuilder().Build(), HostJsonDurableSettings.Empty));
        Assert.Contains(SettingNames.Storage, error.Message, StringComparison.Ordinal);
    }
}
