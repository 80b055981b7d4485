using System.Globalization;
using System.Text.Json;

namespace Workflow.Functions.Configuration;

/// <summary>
/// What the app and the local host read of the Functions app's host.json: the HTTP route prefix and the durable
/// settings (<c>extensions.durableTask</c>), so that the local host runs with the same routes, hub, partitions,
/// polling, concurrency, queue visibility timeouts, app lease and orchestration versioning as Azure. Absent values
/// stay null.
/// </summary>
public sealed record HostJson(
    string? HubName,
    int? PartitionCount,
    TimeSpan? MaxQueuePollingInterval,
    int? MaxConcurrentActivityFunctions,
    int? MaxConcurrentOrchestratorFunctions,
    string? HttpRoutePrefix = null,
    TimeSpan? ControlQueueVisibilityTimeout = null,
    TimeSpan? WorkItemQueueVisibilityTimeout = null,
    bool? UseAppLease = null,
    string? DefaultVersion = null,
    string? VersionMatchStrategy = null,
    string? VersionFailureStrategy = null)
{
    /// <summary>
    /// The range Durable Functions accepts for <c>controlQueueVisibilityTimeout</c>; outside it the Functions host does
    /// not start, so the local host refuses it too rather than run with a value Azure would reject.
    /// </summary>
    public static readonly TimeSpan MinControlQueueVisibilityTimeout = TimeSpan.FromMinutes(1);

    /// <inheritdoc cref="MinControlQueueVisibilityTimeout"/>
    public static readonly TimeSpan MaxControlQueueVisibilityTimeout = TimeSpan.FromMinutes(60);

    public const string FileName = "host.json";

    /// <summary>Azure Functions' route prefix when host.json names none.</summary>
    public const string DefaultRoutePrefix = "api";

    public static HostJson Empty { get; } = new(null, null, null, null, null);

    public string RoutePrefix => HttpRoutePrefix ?? DefaultRoutePrefix;

    /// <summary>host.json next to the running assembly, where both the Functions app and the local host copy it.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, FileName);

    /// <summary>Reads <paramref name="path"/>; a missing file means every setting takes the provider's default.</summary>
    public static HostJson Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    public static HostJson Parse(string json)
    {
        // host.json is hand-edited; the Functions host accepts comments and trailing commas, so accept them too.
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });

        var http = Child(document.RootElement, "extensions", "http");
        var routePrefix = http is { } h ? String(h, "routePrefix") : null;
        var durable = Child(document.RootElement, "extensions", "durableTask");
        if (durable is not { } durableTask)
        {
            return Empty with { HttpRoutePrefix = routePrefix };
        }

        var storage = Child(durableTask, "storageProvider");
        var settings = new HostJson(
            HubName: String(durableTask, "hubName"),
            PartitionCount: storage is { } s1 ? Int(s1, "partitionCount") : null,
            MaxQueuePollingInterval: storage is { } s2 ? Duration(s2, "maxQueuePollingInterval") : null,
            MaxConcurrentActivityFunctions: Int(durableTask, "maxConcurrentActivityFunctions"),
            MaxConcurrentOrchestratorFunctions: Int(durableTask, "maxConcurrentOrchestratorFunctions"),
            HttpRoutePrefix: routePrefix,
            ControlQueueVisibilityTimeout: storage is { } s3 ? Duration(s3, "controlQueueVisibilityTimeout") : null,
            WorkItemQueueVisibilityTimeout: storage is { } s4 ? Duration(s4, "workItemQueueVisibilityTimeout") : null,
            UseAppLease: Bool(durableTask, "useAppLease"),
            DefaultVersion: String(durableTask, "defaultVersion"),
            VersionMatchStrategy: String(durableTask, "versionMatchStrategy"),
            VersionFailureStrategy: String(durableTask, "versionFailureStrategy"));

        if (settings.ControlQueueVisibilityTimeout is { } control
            && (control < MinControlQueueVisibilityTimeout || control > MaxControlQueueVisibilityTimeout))
        {
            throw new FormatException(
                $"host.json: 'controlQueueVisibilityTimeout' must be between {MinControlQueueVisibilityTimeout} and {MaxControlQueueVisibilityTimeout} (Durable Functions refuses to start otherwise), not {control}.");
        }

        if (settings.WorkItemQueueVisibilityTimeout is { } workItems && workItems <= TimeSpan.Zero)
        {
            throw new FormatException($"host.json: 'workItemQueueVisibilityTimeout' must be positive, not {workItems}.");
        }

        return settings;
    }

    // The Functions host reads host.json keys without regard to case.
    private static JsonElement? Child(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var found = current.EnumerateObject()
                .Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                .Select(p => (JsonElement?)p.Value)
                .FirstOrDefault();
            if (found is not { } next || next.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static string? String(JsonElement parent, string name) =>
        Child(parent, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? Int(JsonElement parent, string name) => Child(parent, name) switch
    {
        { ValueKind: JsonValueKind.Number } value => value.GetInt32(),
        { ValueKind: JsonValueKind.String } value => int.Parse(value.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
        null => null,
        var value => throw new FormatException($"host.json: '{name}' must be a number, not {value.Value.ValueKind}."),
    };

    private static bool? Bool(JsonElement parent, string name) => Child(parent, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } value => bool.Parse(value.GetString()!),
        null => null,
        var value => throw new FormatException($"host.json: '{name}' must be true or false, not {value.Value.ValueKind}."),
    };

    private static TimeSpan? Duration(JsonElement parent, string name) =>
        String(parent, name) is { } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : null;
}
