using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Identity;

/// <summary>
/// Who issues staff tokens and for which audience. In Azure: Microsoft Entra ID, keys from its OpenID Connect
/// metadata. Locally: a development issuer whose symmetric key sits in the local host's settings.
/// </summary>
public sealed record SignInSettings(string Issuer, string Audience, string? MetadataAddress, byte[]? DevelopmentSigningKey)
{
    public const string DevelopmentIssuer = "https://workflow.local/dev-issuer";

    /// <summary>Azure App Service sets this on every instance; a development key there means a misconfiguration.</summary>
    private const string AzureInstanceVariable = "WEBSITE_INSTANCE_ID";

    public bool IsDevelopment => DevelopmentSigningKey is not null;

    /// <param name="runningInAzure">Whether this is an App Service instance; read from its environment unless given.</param>
    public static SignInSettings FromConfiguration(IConfiguration configuration, bool? runningInAzure = null)
    {
        var issuer = configuration[SettingNames.SignInIssuer];
        var audience = configuration[SettingNames.SignInAudience];
        var metadata = configuration[SettingNames.SignInMetadataAddress];
        var developmentKey = configuration[SettingNames.SignInDevelopmentKey];
        if (string.IsNullOrWhiteSpace(issuer) || string.IsNullOrWhiteSpace(audience))
        {
            throw new InvalidOperationException($"Sign-in is not configured: set {SettingNames.SignInIssuer} and {SettingNames.SignInAudience}.");
        }

        if (!string.IsNullOrWhiteSpace(developmentKey))
        {
            if (runningInAzure ?? !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzureInstanceVariable)))
            {
                throw new InvalidOperationException($"{SettingNames.SignInDevelopmentKey} must not be set in Azure: staff tokens come from Entra ID there.");
            }

            var key = Convert.FromBase64String(developmentKey);
            if (key.Length < 32)
            {
                throw new InvalidOperationException($"{SettingNames.SignInDevelopmentKey} must be at least 32 bytes (base64).");
            }

            return new SignInSettings(issuer, audience, null, key);
        }

        if (string.IsNullOrWhiteSpace(metadata) || !metadata.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Sign-in is not configured: set {SettingNames.SignInMetadataAddress} to the issuer's https OpenID Connect metadata.");
        }

        return new SignInSettings(issuer, audience, metadata, null);
    }
}
