using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workflow.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed partial class StorageAndIdentityTests(CompiledTemplate compiled)
{
    private static readonly Dictionary<string, string> DataRoles = new()
    {
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0a8b1",
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
    };

    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    [Fact]
    public void One_storage_account_reachable_only_by_identity_over_tls_1_2()
    {
        var (_, account) = compiled.SingleResource("Microsoft.Storage/storageAccounts");
        var properties = account.GetProperty("properties");

        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
        Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.True(properties.GetProperty("defaultToOAuthAuthentication").GetBoolean());
    }

    [Fact]
    public void Containers_are_private()
    {
        var containers = compiled.Modules
            .SelectMany(m => m.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers")).ToList();

        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal("None", c.GetProperty("properties").GetProperty("publicAccess").GetString()));
    }

    [Fact]
    public void The_business_logs_seals_are_kept_write_once_for_years()
    {
        var storage = compiled.ModuleNamed("storage");
        var container = Assert.Single(storage.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => c.GetProperty("name").GetString()!.Contains("logSealsContainerName", StringComparison.Ordinal));
        Assert.Equal(Workflow.Functions.Audit.LogSeals.ContainerName, storage.Variable("logSealsContainerName").GetString());
        Assert.Equal("None", container.GetProperty("properties").GetProperty("publicAccess").GetString());

        var policy = Assert.Single(storage.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies")).GetProperty("properties");
        Assert.True(storage.Variable("logSealRetentionDays").GetInt32() >= 365 * 5);
        Assert.Equal("[variables('logSealRetentionDays')]", policy.GetProperty("immutabilityPeriodSinceCreationInDays").GetString());

        // Append writes would let a seal blob grow after it was written; seals are single block blobs, never appended to.
        Assert.False(policy.GetProperty("allowProtectedAppendWrites").GetBoolean());
        Assert.False(policy.GetProperty("allowProtectedAppendWritesAll").GetBoolean());
    }

    [Fact]
    public void The_function_app_is_flex_consumption_dotnet_isolated_10_https_only()
    {
        var (_, plan) = compiled.SingleResource("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());

        var (_, site) = compiled.SingleResource("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.GetProperty("kind").GetString());
        var properties = site.GetProperty("properties");
        Assert.True(properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("1.2", properties.GetProperty("siteConfig").GetProperty("minTlsVersion").GetString());
        Assert.Equal("Disabled", properties.GetProperty("siteConfig").GetProperty("ftpsState").GetString());

        var runtime = properties.GetProperty("functionAppConfig").GetProperty("runtime");
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
    }

    [Fact]
    public void The_app_runs_as_its_user_assigned_identity_and_fetches_its_package_with_it()
    {
        var (functions, site) = compiled.SingleResource("Microsoft.Web/sites");
        var identity = site.GetProperty("identity");
        Assert.Equal("UserAssigned", identity.GetProperty("type").GetString());
        var identityKey = Assert.Single(identity.GetProperty("userAssignedIdentities").EnumerateObject()).Name;
        var identityParameter = IdentityParameter(identityKey);

        var package = site.GetProperty("properties").GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", package.GetProperty("type").GetString());
        Assert.Contains(".primaryEndpoints.blob", package.GetProperty("value").GetString(), StringComparison.Ordinal);
        var authentication = package.GetProperty("authentication");
        Assert.Equal("UserAssignedIdentity", authentication.GetProperty("type").GetString());
        Assert.Equal(identityParameter, IdentityParameter(authentication.GetProperty("userAssignedIdentityResourceId").GetString()!));

        // The identity the app runs as is the identity module's.
        Assert.Equal(("identity", "name"), CompiledTemplate.AsModuleOutput(functions.ParameterValue(identityParameter)));
    }

    [Fact]
    public void The_app_identity_holds_blob_queue_and_table_data_roles_on_the_storage_account()
    {
        var rbac = compiled.ModuleNamed("rbac");
        var onStorage = rbac.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.GetProperty("scope").GetString()!.Contains("'Microsoft.Storage/storageAccounts'", StringComparison.Ordinal))
            .ToList();

        var granted = onStorage.SelectMany(a => RoleIds(rbac, a)).ToHashSet();
        foreach (var (role, id) in DataRoles)
        {
            Assert.True(granted.Contains(id), $"{role} ({id}) is not assigned on the storage account");
        }

        Assert.All(onStorage, AssignedToTheAppIdentity);
        // The scope is the account the storage module creates.
        var scopeParameter = ParameterIn(onStorage[0].GetProperty("scope").GetString()!);
        Assert.Equal(("storage", "name"), CompiledTemplate.AsModuleOutput(rbac.ParameterValue(scopeParameter)));
    }

    [Fact]
    public void The_app_identity_may_publish_telemetry()
    {
        var rbac = compiled.ModuleNamed("rbac");
        var assignment = Assert.Single(rbac.ResourcesOfType("Microsoft.Authorization/roleAssignments"),
            a => a.GetProperty("scope").GetString()!.Contains("'Microsoft.Insights/components'", StringComparison.Ordinal));

        Assert.Equal([MonitoringMetricsPublisher], RoleIds(rbac, assignment));
        AssignedToTheAppIdentity(assignment);
    }

    private void AssignedToTheAppIdentity(JsonElement assignment)
    {
        var rbac = compiled.ModuleNamed("rbac");
        var properties = assignment.GetProperty("properties");
        Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());
        var principalParameter = ParameterIn(properties.GetProperty("principalId").GetString()!);
        Assert.Equal(("identity", "principalId"), CompiledTemplate.AsModuleOutput(rbac.ParameterValue(principalParameter)));
    }

    /// <summary>Role definition ids of an assignment: a literal, a variable, or one per element of a copy loop's array.</summary>
    private static List<string> RoleIds(CompiledTemplate.Module module, JsonElement assignment)
    {
        var expression = assignment.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!;
        var loop = CopyLoopRole().Match(expression);
        if (loop.Success)
        {
            return module.Variable(loop.Groups["var"].Value).EnumerateArray()
                .Select(e => e.GetProperty(loop.Groups["prop"].Value).GetString()!).ToList();
        }

        var variable = VariableRole().Match(expression);
        if (variable.Success)
        {
            return [module.Variable(variable.Groups["var"].Value).GetString()!];
        }

        return [Guid().Match(expression).Value];
    }

    private static string IdentityParameter(string expression)
    {
        var match = IdentityReference().Match(expression);
        Assert.True(match.Success, $"not a user-assigned identity of a parameter: {expression}");
        return match.Groups["param"].Value;
    }

    private static string ParameterIn(string expression)
    {
        var match = Parameter().Match(expression);
        Assert.True(match.Success, $"no parameter in {expression}");
        return match.Groups["param"].Value;
    }

    [GeneratedRegex(@"variables\('(?<var>\w+)'\)\[copyIndex\(\)\]\.(?<prop>\w+)")]
    private static partial Regex CopyLoopRole();

    [GeneratedRegex(@"'Microsoft\.Authorization/roleDefinitions', variables\('(?<var>\w+)'\)\)")]
    private static partial Regex VariableRole();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"resourceId\('Microsoft\.ManagedIdentity/userAssignedIdentities', parameters\('(?<param>\w+)'\)\)")]
    private static partial Regex IdentityReference();

    [GeneratedRegex(@"parameters\('(?<param>\w+)'\)")]
    private static partial Regex Parameter();
}
