using System.Text.Json;

namespace Workflow.LocalHost;

/// <summary>The HTTP route prefix from the Functions app's host.json (default "api", as in Azure Functions).</summary>
public static class HostJsonHttp
{
    public static string RoutePrefix(string? hostJsonPath = null)
    {
        var path = hostJsonPath ?? Path.Combine(AppContext.BaseDirectory, "host.json");
        if (!File.Exists(path))
        {
            return "api";
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
               && extensions.TryGetProperty("http", out var http)
               && http.TryGetProperty("routePrefix", out var prefix)
               && prefix.GetString() is { } value
            ? value
            : "api";
    }
}
