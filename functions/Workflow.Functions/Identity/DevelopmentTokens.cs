using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Workflow.Functions.Identity;

/// <summary>An issuer of staff tokens: its name, the audience it issues for, and the key it signs with.</summary>
public sealed record StaffTokenIssuer(string Issuer, string Audience, SigningCredentials Credentials);

/// <summary>
/// The shape of a staff token as this app reads it (<see cref="ActorClaims"/>): what the local host's development
/// provider issues (its sign-in page, /dev/token, ./workflow token) and what tests sign. In Azure Entra ID issues
/// tokens of the same shape; this class is never used there, since no signing key is ever configured there.
/// </summary>
public static class DevelopmentTokens
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public static string Issue(
        StaffTokenIssuer issuer,
        ActorRole role,
        string subject,
        IEnumerable<string>? rounds = null,
        string? municipalityCode = null,
        DateTimeOffset? now = null,
        TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (role == ActorRole.Applicant)
        {
            throw new ArgumentException("Applicants get an access token with their application, not a staff token.", nameof(role));
        }

        var claims = new Dictionary<string, object>
        {
            [ActorClaims.Subject] = subject,
            [ActorClaims.Roles] = new[] { ActorClaims.RoleValue(role) },
        };
        if (rounds?.ToArray() is { Length: > 0 } scoped)
        {
            claims[ActorClaims.Rounds] = scoped;
        }

        if (municipalityCode is not null)
        {
            claims[ActorClaims.Municipality] = municipalityCode;
        }

        return Sign(issuer, issuer.Audience, claims, now, lifetime);
    }

    /// <summary>Any token of this issuer: an id token for another audience, or claims a test needs.</summary>
    public static string Sign(StaffTokenIssuer issuer, string audience, Dictionary<string, object> claims, DateTimeOffset? now = null, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? DefaultLifetime),
            Claims = claims,
            SigningCredentials = issuer.Credentials,
        });
    }
}
