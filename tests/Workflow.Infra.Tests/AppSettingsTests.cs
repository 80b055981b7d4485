using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workflow.Functions.Configuration;

namespace Workflow.Infra.Tests;

/// <summary>The app settings the templates give the Function App against the configuration keys the app reads.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class AppSettingsTests(CompiledTemplate compiled)
{
    /// <summary>Settings read by the Functions platform itself rather than by the app's code.</summary>
    private static readonly string[] PlatformSettings =
    [
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// <summary>Flex Consumption refuses these (the runtime is in functionAppConfig, there is no content share).</summary>
    private static readonly string[] RejectedByFlexConsumption =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_NODE_DEFAULT_VERSION",
    ];

    [Fact]
    public void Every_setting_the_app_requires_in_azure_is_set()
    {
        var settings = AppSettings();
        foreach (var key in SettingNames.RequiredInAzure)
        {
            Assert.True(settings.ContainsKey(SettingNames.AsAppSetting(key)),
                $"{key} is required in Azure but the template does not set {SettingNames.AsAppSetting(key)}");
        }
    }

    [Fact]
    public void Every_setting_the_template_sets_is_read_by_the_app_or_the_platform()
    {
        var known = typeof(SettingNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => SettingNames.AsAppSetting((string)f.GetRawConstantValue()!))
            .Concat(PlatformSettings)
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(AppSettings().Keys, name => Assert.True(known.Contains(name),
            $"{name} is set by the template but read by nothing (a typo, or a key missing from SettingNames)"));
    }

    [Fact]
    public void Storage_is_reached_with_the_apps_managed_identity()
    {
        var settings = AppSettings();
        Assert.Equal("managedidentity", settings[SettingNames.AsAppSetting(SettingNames.StorageCredential)]);

        var clientId = settings[SettingNames.AsAppSetting(SettingNames.StorageClientId)];
        var match = IdentityClientId().Match(clientId);
        Assert.True(match.Success, $"the client id is not the identity's: {clientId}");
        Assert.Equal(("identity", "name"),
            CompiledTemplate.AsModuleOutput(compiled.ModuleNamed("functions").ParameterValue(match.Groups["param"].Value)));

        // A connection string would carry a key; shared keys are off anyway.
        Assert.False(settings.ContainsKey(SettingNames.Storage), "AzureWebJobsStorage must not be a connection string in Azure");
    }

    [Theory]
    [InlineData(SettingNames.StorageBlobServiceUri, "blob")]
    [InlineData(SettingNames.StorageQueueServiceUri, "queue")]
    [InlineData(SettingNames.StorageTableServiceUri, "table")]
    public void Each_service_uri_points_at_the_templates_storage_account(string key, string service)
    {
        var value = AppSettings()[SettingNames.AsAppSetting(key)];

        var match = StorageEndpoint().Match(value);
        Assert.True(match.Success, $"{key} is not a storage account endpoint: {value}");
        Assert.Equal(service, match.Groups["service"].Value);

        // functions gets the account name from the storage module, which outputs the name of the account it creates.
        var functions = compiled.ModuleNamed("functions");
        Assert.Equal(("storage", "name"), CompiledTemplate.AsModuleOutput(functions.ParameterValue(match.Groups["param"].Value)));
        var storage = compiled.ModuleNamed("storage");
        var account = Assert.Single(storage.ResourcesOfType("Microsoft.Storage/storageAccounts"));
        Assert.Equal(account.GetProperty("name").GetString(), storage.OutputValue("name"));
    }

    [Fact]
    public void The_test_only_storage_prefix_is_not_set()
    {
        Assert.DoesNotContain(SettingNames.AsAppSetting(SettingNames.StoragePrefix), AppSettings().Keys);
    }

    /// <summary>A crash point kills the app on purpose; it exists for the local crash tests only.</summary>
    [Fact]
    public void The_local_only_crash_point_is_not_set()
    {
        var name = SettingNames.AsAppSetting(SettingNames.CrashAt);
        Assert.DoesNotContain(AppSettings().Keys, key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_task_hub_name_is_host_jsons()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraPaths.RepositoryRoot, "host.json")));
        var hubName = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString();
        Assert.False(string.IsNullOrEmpty(hubName));

        if (AppSettings().TryGetValue(SettingNames.AsAppSetting(SettingNames.TaskHubNameOverride), out var overridden))
        {
            Assert.Equal(hubName, overridden);
        }
    }

    [Fact]
    public void No_setting_flex_consumption_rejects_and_no_key_in_any_value()
    {
        var settings = AppSettings();
        Assert.All(RejectedByFlexConsumption, name => Assert.DoesNotContain(name, settings.Keys));
        Assert.All(settings, s =>
        {
            Assert.DoesNotContain("AccountKey=", s.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature=", s.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("InstrumentationKey=", s.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys(", s.Value, StringComparison.OrdinalIgnoreCase);
        });
    }

    /// <summary>
    /// The worker's OpenTelemetry goes to Application Insights with the identity the app already uses (the worker reads
    /// its client id from the storage connection's), never to a local file or collector; the durable extension traces
    /// orchestrations and activities in W3C context (ADR 0020).
    /// </summary>
    [Fact]
    public void Telemetry_goes_to_application_insights_and_durable_tracing_is_on()
    {
        var settings = AppSettings();
        Assert.Equal("AzureMonitor", settings[SettingNames.AsAppSetting(SettingNames.TelemetryExporter)]);
        Assert.Matches(IdentityClientId(), settings[SettingNames.AsAppSetting(SettingNames.StorageClientId)]);
        Assert.DoesNotContain(SettingNames.AsAppSetting(SettingNames.TelemetryFile), settings.Keys);
        Assert.DoesNotContain(SettingNames.OtlpEndpoint, settings.Keys);

        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraPaths.RepositoryRoot, "host.json")));
        var tracing = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("tracing");
        Assert.True(tracing.GetProperty("distributedTracingEnabled").GetBoolean());
        Assert.Equal("V2", tracing.GetProperty("version").GetString());
    }

    [Fact]
    public void Application_insights_is_wired_with_identity_based_ingestion()
    {
        var settings = AppSettings();
        var functions = compiled.ModuleNamed("functions");

        var connection = ApplicationInsightsConnectionString().Match(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.True(connection.Success, settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal(("monitoring", "applicationInsightsName"),
            CompiledTemplate.AsModuleOutput(functions.ParameterValue(connection.Groups["param"].Value)));

        var authentication = settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD', ", authentication, StringComparison.Ordinal);
        Assert.Matches(IdentityClientId(), authentication);

        var monitoring = compiled.ModuleNamed("monitoring");
        var component = Assert.Single(monitoring.ResourcesOfType("Microsoft.Insights/components"));
        var properties = component.GetProperty("properties");
        Assert.True(properties.GetProperty("DisableLocalAuth").GetBoolean(), "ingestion must require Entra authentication");
        Assert.Contains("'Microsoft.OperationalInsights/workspaces'", properties.GetProperty("WorkspaceResourceId").GetString(), StringComparison.Ordinal);
        Assert.Single(monitoring.ResourcesOfType("Microsoft.OperationalInsights/workspaces"));
        Assert.Equal(component.GetProperty("name").GetString(), monitoring.OutputValue("applicationInsightsName"));
    }

    private Dictionary<string, string> AppSettings() => compiled.FunctionAppSettings();

    [GeneratedRegex(@"^\[reference\(resourceId\('Microsoft\.Storage/storageAccounts', parameters\('(?<param>\w+)'\)\), '[^']+'\)\.primaryEndpoints\.(?<service>blob|queue|table)\]$")]
    private static partial Regex StorageEndpoint();

    [GeneratedRegex(@"reference\(resourceId\('Microsoft\.ManagedIdentity/userAssignedIdentities', parameters\('(?<param>\w+)'\)\), '[^']+'\)\.clientId")]
    private static partial Regex IdentityClientId();

    [GeneratedRegex(@"^\[reference\(resourceId\('Microsoft\.Insights/components', parameters\('(?<param>\w+)'\)\), '[^']+'\)\.ConnectionString\]$")]
    private static partial Regex ApplicationInsightsConnectionString();
}
