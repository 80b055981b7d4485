using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Http;

namespace Workflow.Functions.Pages;

/// <summary>The pages' stylesheets and script, embedded in the app at build time (design tokens included).</summary>
public sealed class GetPageAsset
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["tokens.css"] = "text/css; charset=utf-8",
        ["site.css"] = "text/css; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
    };

    private static readonly Dictionary<string, byte[]> Files = ContentTypes.Keys.ToDictionary(name => name, Read, StringComparer.Ordinal);

    [Function(nameof(GetPageAsset))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{name}")] HttpRequest request, string name) =>
        Files.TryGetValue(name, out var bytes) ? new AssetResult(bytes, ContentTypes[name]) : ApiResults.NotFound("ファイル");

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + name)
            ?? throw new InvalidOperationException($"assets/{name} is not embedded; build the Functions project (it installs the design tokens).");
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
            response.Headers.CacheControl = "public, max-age=300";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
        }
    }
}
