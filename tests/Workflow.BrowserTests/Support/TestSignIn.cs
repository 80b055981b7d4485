using Workflow.Testing;
using Microsoft.Extensions.Configuration;
using Workflow.Functions.Identity;
using Workflow.LocalHost.Identity;

namespace Workflow.BrowserTests.Support;

/// <summary>
/// Staff tokens as the local host under test trusts them: signed with the development provider's RS256 key under
/// the issuer of the host's own appsettings.json, as POST /dev/token would issue them, without a round trip.
/// </summary>
public static class TestSignIn
{
    private static readonly IConfiguration HostSettings = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Path.GetDirectoryName(LocalHostProcess.LocalHostDll())!, "appsettings.json"))
        .Build();

    public static StaffTokenIssuer Issuer { get; } = DevelopmentSignInKeys.Load(HostSettings).Issuer(HostSettings);

    public static string Token(ActorRole role, IEnumerable<string>? rounds = null, string? municipality = null, string subject = "browser-test") =>
        DevelopmentTokens.Issue(Issuer, role, subject, rounds, municipality);

    public static HttpRequestMessage WithToken(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
