using Microsoft.Extensions.Configuration;

namespace Workflow.Functions.Configuration;

/// <summary>
/// The durable task hub's name: host.json's extensions.durableTask.hubName, unless overridden by app setting
/// as Azure Functions allows. The auditors' history is read from the hub's tables; the local host runs on it.
/// </summary>
public sealed record TaskHub(string Name)
{
    /// <summary>Durable Functions' own default when host.json names no hub.</summary>
    public const string DefaultName = "TestHubName";

    public string HistoryTable => Name + "History";

    public string InstancesTable => Name + "Instances";

    public static TaskHub FromConfiguration(IConfiguration configuration) =>
        FromConfiguration(configuration, HostJson.Load(HostJson.DefaultPath));

    public static TaskHub FromConfiguration(IConfiguration configuration, HostJson hostJson) =>
        new(configuration[SettingNames.TaskHubNameOverride] is { Length: > 0 } overridden ? overridden : hostJson.HubName ?? DefaultName);
}
