using System.Net;
using System.Text.RegularExpressions;
using Workflow.Testing;

namespace Workflow.IntegrationTests;

/// <summary>
/// The local host must serve exactly what Azure serves: every HTTP trigger listed in the Functions app's
/// functions.metadata, at its route, with its methods, and no other method.
/// </summary>
[Collection("Azurite")]
public sealed partial class LocalHostRouteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_http_trigger_of_the_functions_app_is_served_with_the_same_methods()
    {
        var triggers = FunctionsMetadata.Read(FunctionsMetadata.BuiltPath())
            .Where(f => f.Trigger.Type == "httpTrigger")
            .ToList();
        Assert.True(triggers.Count >= 20, $"expected the app's HTTP triggers in functions.metadata, found {triggers.Count}");

        await using var host = new LocalHostProcess(azurite.Prefix);
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        var allMethods = new[] { "GET", "POST", "PUT", "DELETE", "PATCH" };
        // The root page's route is one optional segment that must be empty: its probe is the root itself.
        var routesByPath = triggers.GroupBy(t => t.Trigger.Route!.StartsWith("{root:", StringComparison.Ordinal) ? string.Empty : Parameter().Replace(t.Trigger.Route!, "zz-probe")).ToList();
        foreach (var route in routesByPath)
        {
            var served = route.SelectMany(t => t.Trigger.Methods).ToHashSet();
            foreach (var method in allMethods)
            {
                using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), route.Key.Length == 0 ? "/" : route.Key));
                var body = await response.Content.ReadAsStringAsync();
                var routed = response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed) || body.Length > 0;
                if (served.Contains(method))
                {
                    Assert.True(routed, $"{method} /{route.Key} ({string.Join(", ", route.Select(r => r.Name))}) is not served by the local host: {(int)response.StatusCode}");
                }
                else
                {
                    Assert.False(routed, $"{method} /{route.Key} is served by the local host but not declared by the function: {(int)response.StatusCode} {body}");
                }
            }
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
