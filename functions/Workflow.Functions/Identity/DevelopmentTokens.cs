using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Workflow.Functions.Identity;

/// <summary>
/// Issues staff tokens locally (the local host's <c>token</c> command, /dev/token, tests), signed with the
/// development key that only local settings hold. In Azure no such key is configured and Entra ID issues tokens.
/// </summary>
public static class DevelopmentTokens
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public static string Issue(
        SignInSettings settings,
        ActorRole role,
        string subject,
        IEnumerable<string>? rounds = null,
        string? municipalityCode = null,
        DateTimeOffset? now = null,
        TimeSpan? lifetime = null,
        byte[]? signingKey = null)
    {
        var key = signingKey ?? settings.DevelopmentSigningKey
            ?? throw new InvalidOperationException("No development signing key is configured; tokens come from Entra ID here.");
        if (role == ActorRole.Applicant)
        {
            throw new ArgumentException("Applicants get an access token with their application, not a staff token.", nameof(role));
        }

        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var expires = issuedAt + (lifetime ?? DefaultLifetime);
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

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }
}
