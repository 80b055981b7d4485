using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Workflow.Functions.Identity;

/// <summary>The verified claims of a staff token, or why it was refused.</summary>
public sealed record StaffToken(string Subject, IReadOnlySet<ActorRole> Roles, IReadOnlySet<string> Rounds, string? MunicipalityCode);

/// <summary>
/// Validates staff bearer tokens itself (issuer, audience, signature, lifetime), so that nothing in front of the
/// app — the platform's sign-in or a forged X-MS-CLIENT-PRINCIPAL header — can grant anything on its own.
/// </summary>
public sealed class StaffTokens
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;

    public StaffTokens(SignInSettings settings)
        : this(settings, new HttpDocumentRetriever(MetadataClient(settings)) { RequireHttps = true })
    {
    }

    /// <param name="metadataRetriever">Reads the issuer's discovery document and JWKS; tests serve them from memory.</param>
    public StaffTokens(SignInSettings settings, IDocumentRetriever metadataRetriever)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Keys only ever come from the issuer's metadata (its jwks_uri), and only RS256: an HS256 token signed with
        // some public value, or a token signed by any key the metadata does not list, is refused.
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                settings.MetadataAddress, new OpenIdConnectConfigurationRetriever(), metadataRetriever),
        };
    }

    /// <summary>
    /// In Azure the platform's trust store vouches for Entra ID. Locally the development provider's certificate is
    /// self-signed, so exactly that certificate (by SHA-256 thumbprint) is trusted for the metadata, and no other.
    /// </summary>
    private static HttpClient MetadataClient(SignInSettings settings)
    {
        if (settings.DevelopmentCertificateThumbprint is not { } pinned)
        {
            return new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        }

        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), pinned, StringComparison.OrdinalIgnoreCase),
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>Null when the token is not one this app accepts (bad signature, expired, other issuer or audience, no role).</summary>
    public async Task<StaffToken?> ValidateAsync(string token)
    {
        if (token.Length > 16 * 1024 || !_handler.CanReadToken(token))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return null;
        }

        var identity = result.ClaimsIdentity;
        var subject = identity.FindFirst(ActorClaims.ObjectId)?.Value ?? identity.FindFirst(ActorClaims.Subject)?.Value;
        var roles = new HashSet<ActorRole>();
        foreach (var claim in identity.FindAll(ActorClaims.Roles))
        {
            if (ActorClaims.TryParseRole(claim.Value, out var role))
            {
                roles.Add(role);
            }
        }

        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 128 || roles.Count == 0)
        {
            return null;
        }

        var rounds = identity.FindAll(ActorClaims.Rounds).Select(c => c.Value).Where(Rounds.RoundIds.IsWellFormed).ToHashSet(StringComparer.Ordinal);
        var municipality = identity.FindFirst(ActorClaims.Municipality)?.Value;
        if (municipality is not null && !Domain.Municipalities.MunicipalityCode.IsValid(municipality))
        {
            municipality = null;
        }

        // A municipality role without a valid code could reach nothing; refuse it outright rather than half-accept it.
        if (roles.Contains(ActorRole.Municipality) && municipality is null)
        {
            return null;
        }

        return new StaffToken(SafeSubject(subject), roles, rounds, municipality);
    }

    /// <summary>The subject goes into the business log; keep it to the characters an object id or GUID uses.</summary>
    private static string SafeSubject(string subject) =>
        new(subject.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());
}
