using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;
using Workflow.Functions.Train;

namespace Workflow.Functions.Tests.Train;

/// <summary>Which key signs 修了証: the vault's wherever its URI is set, a development key only outside Azure.</summary>
public sealed class CertificateKeysConfigurationTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private const string KeyUri = "https://kv-workflow.vault.azure.net/keys/certificate-signing";

    [Fact]
    public void The_vault_key_signs_when_its_uri_is_set()
    {
        Assert.IsType<KeyVaultCertificateKeys>(CertificateServiceCollectionExtensions.CertificateKeys(Settings((SettingNames.CertificateKeyVaultKeyUri, KeyUri)), runningInAzure: true));
    }

    [Fact]
    public void In_azure_the_app_refuses_to_start_without_a_vault_key_or_with_a_development_key()
    {
        var none = Assert.Throws<InvalidOperationException>(() => CertificateServiceCollectionExtensions.CertificateKeys(Settings(), runningInAzure: true));
        Assert.Contains(SettingNames.CertificateKeyVaultKeyUri, none.Message);

        var development = Assert.Throws<InvalidOperationException>(() => CertificateServiceCollectionExtensions.CertificateKeys(
            Settings((SettingNames.CertificateKeyVaultKeyUri, KeyUri), (SettingNames.CertificateDevelopmentKeyPath, "/tmp/key.pem")), runningInAzure: true));
        Assert.Contains(SettingNames.CertificateDevelopmentKeyPath, development.Message);
    }

    [Fact]
    public void Locally_a_development_key_file_is_made_once_and_kept()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dev-{Guid.NewGuid():N}", "certificate.pem");
        try
        {
            var first = Assert.IsType<DevelopmentCertificateKeys>(CertificateServiceCollectionExtensions.CertificateKeys(Settings((SettingNames.CertificateDevelopmentKeyPath, path)), runningInAzure: false));
            var second = Assert.IsType<DevelopmentCertificateKeys>(CertificateServiceCollectionExtensions.CertificateKeys(Settings((SettingNames.CertificateDevelopmentKeyPath, path)), runningInAzure: false));

            Assert.Equal(first.KeyId, second.KeyId);
            Assert.StartsWith("dev-", first.KeyId);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
