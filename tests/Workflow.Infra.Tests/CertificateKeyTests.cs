using System.Text.Json;
using System.Text.RegularExpressions;
using Workflow.Functions.Configuration;

namespace Workflow.Infra.Tests;

/// <summary>
/// The Key Vault key that signs 修了証: kept in a vault nobody can erase early, usable by the app only to sign and
/// verify, and named to the app by its version-less URI.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class CertificateKeyTests(CompiledTemplate compiled)
{
    private const string KeyVaultCryptoUser = "12338af0-0e69-4776-bea7-57ae8d297424";
    private const string VaultType = "Microsoft.KeyVault/vaults";
    private const string KeyType = "Microsoft.KeyVault/vaults/keys";

    [Fact]
    public void The_vault_uses_rbac_and_cannot_be_erased_before_its_retention_ends()
    {
        var (module, vault) = compiled.SingleResource(VaultType);
        var properties = vault.GetProperty("properties");

        Assert.True(properties.GetProperty("enableRbacAuthorization").GetBoolean(), "access policies instead of Azure RBAC");
        Assert.False(properties.TryGetProperty("accessPolicies", out var policies) && policies.GetArrayLength() > 0, "the vault has access policies");
        Assert.True(properties.GetProperty("enableSoftDelete").GetBoolean());
        Assert.True(properties.GetProperty("enablePurgeProtection").GetBoolean(), "purge protection is off");
        Assert.Equal(90, Resolve(module, properties.GetProperty("softDeleteRetentionInDays")).GetInt32());
        Assert.Equal("[tenant().tenantId]", properties.GetProperty("tenantId").GetString());

        // Reached like the storage account: only at its private endpoint, with Entra tokens only (ADR 0019).
        var (_, account) = compiled.SingleResource("Microsoft.Storage/storageAccounts");
        Assert.Equal(account.GetProperty("properties").GetProperty("publicNetworkAccess").GetString(),
            properties.GetProperty("publicNetworkAccess").GetString());
        Assert.False(properties.GetProperty("enabledForTemplateDeployment").GetBoolean());
    }

    [Fact]
    public void The_vault_name_comes_from_the_abbreviations_and_fits_in_24_characters()
    {
        var vaultModule = compiled.ModuleNamed("keyVault");
        Assert.Equal("[format('{0}{1}', variables('abbrs').keyVaultVaults, variables('resourceToken'))]", vaultModule.ParameterValue("name"));

        using var abbreviations = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraPaths.Infra, "abbreviations.json")));
        var prefix = abbreviations.RootElement.GetProperty("keyVaultVaults").GetString()!;
        Assert.Equal("kv-", prefix);
        // uniqueString() is always 13 characters.
        Assert.True(prefix.Length + 13 <= 24, $"'{prefix}' and the token make a vault name longer than 24 characters");

        var (_, vault) = compiled.SingleResource(VaultType);
        Assert.Equal("[parameters('name')]", vault.GetProperty("name").GetString());
        Assert.Equal("[parameters('name')]", vaultModule.OutputValue("name"));
    }

    [Fact]
    public void The_key_is_ec_p256_for_signing_and_verifying_only_and_cannot_be_exported()
    {
        var (module, key) = compiled.SingleResource(KeyType);
        var properties = key.GetProperty("properties");

        Assert.Equal("EC", properties.GetProperty("kty").GetString());
        Assert.Equal("P-256", properties.GetProperty("curveName").GetString());
        Assert.Equal(["sign", "verify"], properties.GetProperty("keyOps").EnumerateArray().Select(o => o.GetString()!).Order(StringComparer.Ordinal));
        var attributes = properties.GetProperty("attributes");
        Assert.False(attributes.GetProperty("exportable").GetBoolean());
        Assert.True(attributes.GetProperty("enabled").GetBoolean());
        Assert.False(properties.TryGetProperty("release_policy", out _) || properties.TryGetProperty("releasePolicy", out _),
            "a release policy would let the key leave the vault");

        // The key lives in the module's vault, and the module names it to the others.
        var name = KeyName().Match(key.GetProperty("name").GetString()!);
        Assert.True(name.Success, key.GetProperty("name").GetString());
        Assert.Equal("name", name.Groups["vault"].Value);
        Assert.Equal($"[variables('{name.Groups["key"].Value}')]", module.OutputValue("certificateKeyName"));
    }

    [Fact]
    public void The_app_identity_is_key_vault_crypto_user_on_the_certificate_key_and_holds_no_other_vault_role()
    {
        var rbac = compiled.ModuleNamed("rbac");
        var onVault = rbac.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.GetProperty("scope").GetString()!.Contains("'Microsoft.KeyVault/", StringComparison.Ordinal))
            .ToList();
        var assignment = Assert.Single(onVault);

        var scope = KeyScope().Match(assignment.GetProperty("scope").GetString()!);
        Assert.True(scope.Success, $"not scoped to a key: {assignment.GetProperty("scope").GetString()}");
        Assert.Equal(("keyVault", "name"), CompiledTemplate.AsModuleOutput(rbac.ParameterValue(scope.Groups["vault"].Value)));
        Assert.Equal(("keyVault", "certificateKeyName"), CompiledTemplate.AsModuleOutput(rbac.ParameterValue(scope.Groups["key"].Value)));

        var properties = assignment.GetProperty("properties");
        var role = VariableRole().Match(properties.GetProperty("roleDefinitionId").GetString()!);
        Assert.True(role.Success, properties.GetProperty("roleDefinitionId").GetString());
        Assert.Equal(KeyVaultCryptoUser, rbac.Variable(role.Groups["var"].Value).GetString());

        Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());
        var principal = Parameter().Match(properties.GetProperty("principalId").GetString()!);
        Assert.Equal(("identity", "principalId"), CompiledTemplate.AsModuleOutput(rbac.ParameterValue(principal.Groups["param"].Value)));

        // The app starts once its roles exist, the signing key's included.
        var functions = compiled.ModuleNamed("functions").Deployment;
        Assert.Contains(functions.GetProperty("dependsOn").EnumerateArray(),
            d => d.GetString()!.Contains("'rbac'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_app_setting_is_the_certificate_keys_uri_without_a_version()
    {
        var settings = compiled.FunctionAppSettings();
        var value = settings[SettingNames.AsAppSetting(SettingNames.CertificateKeyVaultKeyUri)];

        // keyUri, not keyUriWithVersion: the vault signs with the current version and each certificate keeps the
        // version it was signed with.
        var match = KeyUriReference().Match(value);
        Assert.True(match.Success, $"{SettingNames.CertificateKeyVaultKeyUri} is not the key's version-less URI: {value}");
        var functions = compiled.ModuleNamed("functions");
        Assert.Equal(("keyVault", "name"), CompiledTemplate.AsModuleOutput(functions.ParameterValue(match.Groups["vault"].Value)));
        Assert.Equal(("keyVault", "certificateKeyName"), CompiledTemplate.AsModuleOutput(functions.ParameterValue(match.Groups["key"].Value)));
        Assert.Contains(SettingNames.CertificateKeyVaultKeyUri, SettingNames.RequiredInAzure);
    }

    /// <summary>The development key is a file on a developer's machine; in Azure the app refuses to start with it.</summary>
    [Fact]
    public void The_local_development_key_is_not_set()
    {
        var name = SettingNames.AsAppSetting(SettingNames.CertificateDevelopmentKeyPath);
        Assert.DoesNotContain(compiled.FunctionAppSettings().Keys, key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(SettingNames.CertificateDevelopmentKeyPath, SettingNames.RequiredInAzure);
    }

    private static JsonElement Resolve(CompiledTemplate.Module module, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && Variable().Match(value.GetString()!) is { Success: true } variable)
        {
            return module.Variable(variable.Groups["var"].Value);
        }

        return value;
    }

    [GeneratedRegex(@"^\[format\('\{0\}/\{1\}', parameters\('(?<vault>\w+)'\), variables\('(?<key>\w+)'\)\)\]$")]
    private static partial Regex KeyName();

    [GeneratedRegex(@"^\[resourceId\('Microsoft\.KeyVault/vaults/keys', parameters\('(?<vault>\w+)'\), parameters\('(?<key>\w+)'\)\)\]$")]
    private static partial Regex KeyScope();

    [GeneratedRegex(@"^\[reference\(resourceId\('Microsoft\.KeyVault/vaults/keys', parameters\('(?<vault>\w+)'\), parameters\('(?<key>\w+)'\)\), '[^']+'\)\.keyUri\]$")]
    private static partial Regex KeyUriReference();

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', variables\('(?<var>\w+)'\)\)\]$")]
    private static partial Regex VariableRole();

    [GeneratedRegex(@"^\[variables\('(?<var>\w+)'\)\]$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\[parameters\('(?<param>\w+)'\)\]$")]
    private static partial Regex Parameter();
}
