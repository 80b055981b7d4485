using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Identity;

/// <summary>
/// What the staff sign-in page gives MSAL.js (ADR 0023): the client id, the authority to send browsers to, the
/// scope whose access token the app accepts, and — for the local development provider, which is not a Microsoft
/// authority — the OIDC protocol mode with the authority's and the issuer's hosts as known authorities. Null when
/// sign-in is not configured for pages.
/// </summary>
public sealed record SignInPageSettings(string ClientId, string Authority, string Scope, bool Development, IReadOnlyList<string> KnownAuthorities)
{
    public static SignInPageSettings? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var clientId = configuration[SettingNames.SignInClientId];
        var authority = configuration[SettingNames.SignInAuthority];
        var scope = configuration[SettingNames.SignInScope];
        if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(scope)
            || !Uri.TryCreate(authority, UriKind.Absolute, out var authorityUri) || authorityUri.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }

        var development = !string.IsNullOrWhiteSpace(configuration[SettingNames.SignInDevelopmentCertificate]);
        IReadOnlyList<string> known = development && Uri.TryCreate(configuration[SettingNames.SignInIssuer], UriKind.Absolute, out var issuer)
            ? [authorityUri.Authority, issuer.Authority]
            : [];
        return new SignInPageSettings(clientId, authorityUri.ToString(), scope, development, known);
    }

    /// <summary>The origin the page's script fetches the metadata and the token from.</summary>
    public string Origin => new Uri(Authority).GetLeftPart(UriPartial.Authority);

    /// <summary>The JSON block the sign-in page's script reads (id "sign-in-settings").</summary>
    public string Json() => JsonSerializer.Serialize(new
    {
        clientId = ClientId,
        authority = Authority,
        scopes = new[] { Scope },
        protocolMode = Development ? "OIDC" : "AAD",
        knownAuthorities = KnownAuthorities,
    });
}
