using System.Security.Cryptography;
using System.Text;
using Workflow.Functions.Apply;

namespace Workflow.Functions.Identity;

/// <summary>
/// Applicants have no organisational account: submitting an application returns an access token bound to it.
/// "apt." + application id + "." + 256 random bits; only a SHA-256 hash of it is stored with the application.
/// </summary>
public static class ApplicantTokens
{
    public const string Prefix = "apt.";

    public static string New(string applicationId) =>
        $"{Prefix}{applicationId}.{Base64UrlEncode(RandomNumberGenerator.GetBytes(32))}";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool LooksLikeApplicantToken(string credential) => credential.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The application the token claims to belong to; whether it really does is <see cref="Matches"/>.</summary>
    public static bool TryReadApplicationId(string token, out string applicationId)
    {
        applicationId = string.Empty;
        if (token.Length > 200 || !LooksLikeApplicantToken(token))
        {
            return false;
        }

        var rest = token[Prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || rest.Length - dot - 1 != 43 || !ApplicationIds.TryParse(rest[..dot], out _, out _))
        {
            return false;
        }

        applicationId = rest[..dot];
        return true;
    }

    public static bool Matches(string token, string storedHash) =>
        storedHash.Length == 64 &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
