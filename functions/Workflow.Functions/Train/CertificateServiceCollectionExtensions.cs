using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Train;

public static class CertificateServiceCollectionExtensions
{
    private const string AzureInstanceVariable = "WEBSITE_INSTANCE_ID";

    /// <summary>
    /// 修了証: the store and the key that signs them — the Key Vault key the settings name in Azure, a development key
    /// file locally (ADR 0015). The app refuses to start in Azure with a development key or without a vault key.
    /// </summary>
    public static IServiceCollection AddCertificates(this IServiceCollection services, IConfiguration configuration, bool? runningInAzure = null)
    {
        services.AddSingleton(CertificateKeys(configuration, runningInAzure ?? !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzureInstanceVariable))));
        services.AddSingleton<CertificateStore>();
        return services;
    }

    public static ICertificateKeys CertificateKeys(IConfiguration configuration, bool runningInAzure)
    {
        var developmentKey = configuration[SettingNames.CertificateDevelopmentKeyPath];
        if (runningInAzure && !string.IsNullOrEmpty(developmentKey))
        {
            throw new InvalidOperationException($"{SettingNames.CertificateDevelopmentKeyPath} is for local use only: certificates are signed with the Key Vault key in Azure.");
        }

        if (configuration[SettingNames.CertificateKeyVaultKeyUri] is { Length: > 0 } keyUri)
        {
            // The app's user-assigned identity, the same one that reaches storage and sends mail.
            TokenCredential credential = configuration[SettingNames.StorageClientId] is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential();
            return new KeyVaultCertificateKeys(new HttpClient { Timeout = TimeSpan.FromSeconds(20) }, credential, new Uri(keyUri));
        }

        if (runningInAzure)
        {
            throw new InvalidOperationException($"{SettingNames.CertificateKeyVaultKeyUri} is required in Azure: certificates are signed with a Key Vault key.");
        }

        // Per user, outside the build output: a rebuild keeps the key, so certificates issued yesterday still verify.
        return new DevelopmentCertificateKeys(developmentKey is { Length: > 0 } path ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "workflow", "certificate-signing-dev.pem"));
    }
}
