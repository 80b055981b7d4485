using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Http;

/// <summary>The address people reach the app's pages at: the links in mail and on paper (a 修了証's QR code) start here.</summary>
public sealed record PublicSite(Uri BaseUrl)
{
    public static PublicSite FromConfiguration(IConfiguration configuration) =>
        new(configuration[SettingNames.PublicBaseUrl] is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : new Uri("http://127.0.0.1:7071/"));

    /// <summary>A page of the app, by its path relative to the site (no leading slash).</summary>
    public Uri Page(string relativePath) => new(BaseUrl, relativePath);
}
