using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Workflow.Functions.Configuration;

/// <summary>
/// The durable task hub's name: host.json's extensions.durableTask.hubName, unless overridden by app setting
/// as Azure Functions allows. The auditors' history is read from the hub's tables.
/// </summary>
public sealed record TaskHub(string Name)
{
    public string HistoryTable => Name + "History";

    public string InstancesTable => Name + "Instances";

    public static TaskHub FromConfiguration(IConfiguration configuration)
    {
        if (configuration[SettingNames.TaskHubNameOverride] is { Length: > 0 } overridden)
        {
            return new TaskHub(overridden);
        }

        var path = Path.Combine(AppContext.BaseDirectory, "host.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"host.json was not found at {path}.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var name = document.RootElement.TryGetProperty("extensions", out var extensions)
                   && extensions.TryGetProperty("durableTask", out var durable)
                   && durable.TryGetProperty("hubName", out var hub)
            ? hub.GetString()
            : null;
        return new TaskHub(string.IsNullOrWhiteSpace(name) ? "TestHubName" : name);
    }
}
