using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Identity;

/// <summary>
/// Who issues staff tokens, for which audience, and where its OpenID Connect metadata is. In Azure: Microsoft
/// Entra ID. Locally: the local host's development provider (ADR 0023), served over https with a certificate the
/// local host made, which the app trusts by its SHA-256 thumbprint and nothing else. Keys come from the metadata in
/// both places; there is no shared symmetric key anywhere.
/// </summary>
public sealed record SignInSettings(string Issuer, string Audience, string MetadataAddress, string? DevelopmentCertificateThumbprint = null)
{
    /// <summary>Azure App Service sets this on every instance; a development setting there means a misconfiguration.</summary>
    private const string AzureInstanceVariable = "WEBSITE_INSTANCE_ID";

    /// <summary>Whether the metadata comes from the local host's development provider.</summary>
    public bool IsDevelopment => DevelopmentCertificateThumbprint is not null;

    /// <param name="runningInAzure">Whether this is an App Service instance; read from its environment unless given.</param>
    public static SignInSettings FromConfiguration(IConfiguration configuration, bool? runningInAzure = null)
    {
        var issuer = configuration[SettingNames.SignInIssuer];
        var audience = configuration[SettingNames.SignInAudience];
        var metadata = configuration[SettingNames.SignInMetadataAddress];
        var thumbprint = configuration[SettingNames.SignInDevelopmentCertificate];
        if (string.IsNullOrWhiteSpace(issuer) || string.IsNullOrWhiteSpace(audience))
        {
            throw new InvalidOperationException($"Sign-in is not configured: set {SettingNames.SignInIssuer} and {SettingNames.SignInAudience}.");
        }

        if (string.IsNullOrWhiteSpace(metadata) || !metadata.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Sign-in is not configured: set {SettingNames.SignInMetadataAddress} to the issuer's https OpenID Connect metadata.");
        }

        if (string.IsNullOrWhiteSpace(thumbprint))
        {
            return new SignInSettings(issuer, audience, metadata);
        }

        if (runningInAzure ?? !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzureInstanceVariable)))
        {
            throw new InvalidOperationException($"{SettingNames.SignInDevelopmentCertificate} must not be set in Azure: staff tokens come from Entra ID there.");
        }

        var normalized = thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();
        if (normalized.Length != SHA256.HashSizeInBytes * 2 || !normalized.All(char.IsAsciiHexDigit))
        {
            throw new InvalidOperationException($"{SettingNames.SignInDevelopmentCertificate} must be a SHA-256 certificate thumbprint (64 hex digits).");
        }

        return new SignInSettings(issuer, audience, metadata, normalized);
    }
}
