using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Http;

namespace Workflow.Functions.Pages;

/// <summary>The pages' stylesheets and script, embedded in the app at build time (design tokens included).</summary>
public sealed class GetPageAsset
{
    private const string ResourcePrefix = "assets/";

    /// <summary>Every embedded asset by its path under /assets/, read once: only these names can ever be served.</summary>
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .ToDictionary(n => n[ResourcePrefix.Length..], n => (Read(n), ContentTypeOf(n)), StringComparer.Ordinal);

    [Function(nameof(GetPageAsset))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{*path}")] HttpRequest request, string path) =>
        Files.TryGetValue(path ?? string.Empty, out var file) ? new AssetResult(file.Bytes, file.ContentType) : ApiResults.NotFound("ファイル");

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class AssetResult(byte[] bytes, string contentType) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.ContentType = contentType;
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers.CacheControl = "no-cache";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
        }
    }
}
