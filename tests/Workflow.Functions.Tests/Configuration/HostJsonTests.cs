using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Tests.Configuration;

public sealed class HostJsonTests
{
    [Fact]
    public void Reads_the_route_prefix_and_the_durable_settings()
    {
        const string json = """
            {
              // host.json allows comments and trailing commas
              "version": "2.0",
              "extensions": {
                "http": { "routePrefix": "v1" },
                "durableTask": {
                  "HubName": "MyHub",
                  "useAppLease": false,
                  "storageProvider": {
                    "type": "AzureStorage", "partitionCount": 3, "maxQueuePollingInterval": "00:00:02",
                    "controlQueueVisibilityTimeout": "00:02:00", "WorkItemQueueVisibilityTimeout": "00:00:40",
                  },
                  "maxConcurrentActivityFunctions": 5,
                  "maxConcurrentOrchestratorFunctions": "7",
                  "defaultVersion": "2", "versionMatchStrategy": "Strict", "VersionFailureStrategy": "Fail"
                }
              }
            }
            """;

        var settings = HostJson.Parse(json);

        Assert.Equal(
            new HostJson("MyHub", 3, TimeSpan.FromSeconds(2), 5, 7, "v1", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(40), UseAppLease: false,
                DefaultVersion: "2", VersionMatchStrategy: "Strict", VersionFailureStrategy: "Fail"),
            settings);
        Assert.Equal("v1", settings.RoutePrefix);
    }

    [Fact]
    public void Missing_sections_and_files_leave_every_setting_unset_and_the_route_prefix_at_api()
    {
        Assert.Equal(HostJson.Empty, HostJson.Parse("""{ "version": "2.0" }"""));
        Assert.Equal("api", HostJson.Empty.RoutePrefix);
        Assert.Equal(
            new HostJson("OnlyHub", null, null, null, null),
            HostJson.Parse("""{ "extensions": { "durableTask": { "hubName": "OnlyHub" } } }"""));
        Assert.Equal(HostJson.Empty, HostJson.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json")));
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("01:00:01")]
    public void A_control_queue_visibility_timeout_durable_functions_would_refuse_is_refused(string timeout)
    {
        var json = $$"""{ "extensions": { "durableTask": { "storageProvider": { "controlQueueVisibilityTimeout": "{{timeout}}" } } } }""";

        var error = Assert.Throws<FormatException>(() => HostJson.Parse(json));
        Assert.Contains("controlQueueVisibilityTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_work_item_visibility_timeout_must_be_positive()
    {
        Assert.Throws<FormatException>(() => HostJson.Parse(
            """{ "extensions": { "durableTask": { "storageProvider": { "workItemQueueVisibilityTimeout": "00:00:00" } } } }"""));
    }

    /// <summary>
    /// A message a killed process had taken stays invisible for its queue's visibility timeout, so these bound how
    /// long a round waits after a crash (ADR 0006); the provider's default is five minutes.
    /// </summary>
    [Fact]
    public void The_repository_host_json_lets_a_round_resume_within_a_minute_of_a_crash()
    {
        var settings = HostJson.Load(HostJson.DefaultPath);

        Assert.Equal(HostJson.MinControlQueueVisibilityTimeout, settings.ControlQueueVisibilityTimeout);
        Assert.NotNull(settings.WorkItemQueueVisibilityTimeout);
        Assert.True(settings.WorkItemQueueVisibilityTimeout <= HostJson.MinControlQueueVisibilityTimeout,
            $"workItemQueueVisibilityTimeout {settings.WorkItemQueueVisibilityTimeout} keeps an activity of a killed process away longer than its orchestration");
    }

    [Fact]
    public void The_repository_host_json_is_copied_next_to_the_assembly_and_names_a_hub()
    {
        Assert.True(File.Exists(HostJson.DefaultPath), HostJson.DefaultPath);

        var settings = HostJson.Load(HostJson.DefaultPath);

        Assert.Equal("RecruitingRounds", settings.HubName);

        // The pages live at the root; every API route names its own "api/" (ADR 0005).
        Assert.Equal(string.Empty, settings.RoutePrefix);
        Assert.Equal(4, settings.PartitionCount);
    }

    /// <summary>
    /// New orchestrations are stamped with the newest version the orchestrators know, and workers run older and current
    /// ones while leaving newer ones for a newer deployment (ADR 0021): a version added to the code without host.json,
    /// or the other way round, would start rounds on a path that is not the newest or on one that does not exist.
    /// </summary>
    [Fact]
    public void The_repository_host_json_stamps_the_orchestrators_newest_version_and_leaves_newer_ones_to_newer_workers()
    {
        var settings = HostJson.Load(HostJson.DefaultPath);

        Assert.Equal(Workflow.Functions.Orchestration.OrchestrationVersions.Current, settings.DefaultVersion);
        Assert.Equal("CurrentOrOlder", settings.VersionMatchStrategy);
        Assert.Equal("Reject", settings.VersionFailureStrategy);
    }

    [Fact]
    public void The_hub_name_comes_from_the_override_then_host_json_then_the_durable_default()
    {
        var empty = new ConfigurationBuilder().Build();
        var overridden = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.TaskHubNameOverride] = "OverriddenHub" })
            .Build();
        var fromFile = HostJson.Empty with { HubName = "FileHub" };

        Assert.Equal("OverriddenHub", TaskHub.FromConfiguration(overridden, fromFile).Name);
        Assert.Equal("FileHub", TaskHub.FromConfiguration(empty, fromFile).Name);
        Assert.Equal(TaskHub.DefaultName, TaskHub.FromConfiguration(empty, HostJson.Empty).Name);
        Assert.Equal("FileHubHistory", TaskHub.FromConfiguration(empty, fromFile).HistoryTable);
    }
}
