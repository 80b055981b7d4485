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
    {
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
            ValidAlgorithms = settings.IsDevelopment ? [SecurityAlgorithms.HmacSha256] : [SecurityAlgorithms.RsaSha256],
        };
        if (settings.DevelopmentSigningKey is { } key)
        {
            _parameters.IssuerSigningKey = new SymmetricSecurityKey(key);
        }
        else
        {
            _parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                settings.MetadataAddress!, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = true });
        }
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
