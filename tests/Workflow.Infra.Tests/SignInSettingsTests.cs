using Workflow.Functions.Configuration;

namespace Workflow.Infra.Tests;

/// <summary>
/// The settings from which the app validates staff bearer tokens itself (Workflow:SignIn:*), evaluated as ARM would
/// for a deployment: Microsoft Entra ID's v2.0 issuer of the tenant, that issuer's OpenID Connect metadata, and the
/// app registration's client id as audience — and never the local development signing key.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class SignInSettingsTests(CompiledTemplate compiled)
{
    private const string ClientId = "c11e0700-0000-4000-8000-000000000003";
    private const string SubscriptionTenant = "5ab5c410-0000-4000-8000-000000000001";
    private const string OtherTenant = "07e27e00-0000-4000-8000-000000000002";

    public static TheoryData<string, string> Tenants() => new()
    {
        // AUTH_TENANT_ID left empty: the tenant of the subscription deployed to.
        { "", SubscriptionTenant },
        { OtherTenant, OtherTenant },
    };

    public static TheoryData<string> Clouds() => new("AzureCloud", "AzureUSGovernment", "AzureChinaCloud");

    [Fact]
    public void The_app_requires_the_sign_in_settings_in_azure_but_never_the_development_key()
    {
        Assert.Contains(SettingNames.SignInIssuer, SettingNames.RequiredInAzure);
        Assert.Contains(SettingNames.SignInAudience, SettingNames.RequiredInAzure);
        Assert.Contains(SettingNames.SignInMetadataAddress, SettingNames.RequiredInAzure);
        Assert.DoesNotContain(SettingNames.SignInDevelopmentCertificate, SettingNames.RequiredInAzure);
    }

    [Theory]
    [MemberData(nameof(Tenants))]
    public void The_issuer_is_entra_ids_v2_issuer_of_the_tenant(string authTenantId, string expectedTenant)
    {
        var settings = SignInSettings(authTenantId, ArmExpression.Deployment.AzureCloud(SubscriptionTenant));

        Assert.Equal($"https://login.microsoftonline.com/{expectedTenant}/v2.0", settings[SettingNames.SignInIssuer]);
        Assert.Equal($"https://login.microsoftonline.com/{expectedTenant}/v2.0/.well-known/openid-configuration",
            settings[SettingNames.SignInMetadataAddress]);
    }

    /// <summary>The app reads the signing keys from the metadata, and refuses anything but https; both follow the cloud.</summary>
    [Theory]
    [MemberData(nameof(Clouds))]
    public void The_metadata_address_is_the_issuers_openid_configuration_over_https(string cloud)
    {
        var deployment = cloud switch
        {
            "AzureUSGovernment" => ArmExpression.Deployment.AzureUSGovernment(SubscriptionTenant),
            "AzureChinaCloud" => ArmExpression.Deployment.AzureChinaCloud(SubscriptionTenant),
            _ => ArmExpression.Deployment.AzureCloud(SubscriptionTenant),
        };
        var settings = SignInSettings("", deployment);
        var issuer = settings[SettingNames.SignInIssuer];
        var metadata = settings[SettingNames.SignInMetadataAddress];

        Assert.Equal($"{deployment.LoginEndpoint}{SubscriptionTenant}/v2.0", issuer);
        Assert.Equal($"{issuer}/.well-known/openid-configuration", metadata);
        Assert.All([issuer, metadata], address =>
        {
            Assert.True(Uri.TryCreate(address, UriKind.Absolute, out var uri), $"not an absolute URI: {address}");
            Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
            Assert.Equal(new Uri(deployment.LoginEndpoint).Host, uri.Host);
        });
    }

    [Fact]
    public void The_audience_is_the_app_registration_the_deployment_names()
    {
        var settings = SignInSettings("", ArmExpression.Deployment.AzureCloud(SubscriptionTenant));
        Assert.Equal(ClientId, settings[SettingNames.SignInAudience]);

        // main passes on its own required parameter, which azd fills from AUTH_CLIENT_ID (see AzdConventionsTests).
        Assert.Equal("[parameters('authClientId')]", compiled.ModuleNamed("functions").ParameterValue("authClientId"));
        Assert.False(compiled.Main.GetProperty("parameters").GetProperty("authClientId").TryGetProperty("defaultValue", out _),
            "a deployment must name the app registration its tokens are for");
    }

    /// <summary>
    /// The staff sign-in page (MSAL.js, ADR 0023) signs in as the registration, at its tenant's authority in the
    /// deployment's cloud, and asks for the scope whose tokens carry the audience the app checks.
    /// </summary>
    [Theory]
    [MemberData(nameof(Tenants))]
    public void The_sign_in_page_signs_in_as_the_registration_at_the_tenants_authority(string authTenantId, string expectedTenant)
    {
        var settings = SignInSettings(authTenantId, ArmExpression.Deployment.AzureCloud(SubscriptionTenant));

        Assert.Equal(settings[SettingNames.SignInAudience], settings[SettingNames.SignInClientId]);
        Assert.Equal($"https://login.microsoftonline.com/{expectedTenant}", settings[SettingNames.SignInAuthority]);
        Assert.StartsWith(settings[SettingNames.SignInAuthority] + "/", settings[SettingNames.SignInIssuer], StringComparison.Ordinal);
        Assert.Equal($"api://{ClientId}/access_as_user", settings[SettingNames.SignInScope]);
        Assert.Contains("\"value\":\"access_as_user\"", File.ReadAllText(Path.Combine(InfraPaths.Infra, "hooks", "preprovision.sh")).Replace("\\\"", "\"", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>The platform in front checks tokens too (ADR 0002); it must accept exactly what the app accepts.</summary>
    [Theory]
    [MemberData(nameof(Tenants))]
    public void The_platform_checks_the_same_issuer_and_audience_as_the_app(string authTenantId, string expectedTenant)
    {
        var functions = Functions(authTenantId, ArmExpression.Deployment.AzureCloud(SubscriptionTenant));
        var app = SignInSettings(authTenantId, ArmExpression.Deployment.AzureCloud(SubscriptionTenant));
        var entra = compiled.FunctionAuthSettings().GetProperty("identityProviders").GetProperty("azureActiveDirectory");

        var issuer = functions.Evaluate(entra.GetProperty("registration").GetProperty("openIdIssuer").GetString()!);
        Assert.Equal(app[SettingNames.SignInIssuer], issuer);
        Assert.Contains(expectedTenant, issuer, StringComparison.Ordinal);

        var audiences = entra.GetProperty("validation").GetProperty("allowedAudiences").EnumerateArray()
            .Select(a => functions.Evaluate(a.GetString()!));
        Assert.Equal([app[SettingNames.SignInAudience]], audiences);
        Assert.Equal(app[SettingNames.SignInAudience],
            functions.Evaluate(entra.GetProperty("registration").GetProperty("clientId").GetString()!));
    }

    /// <summary>
    /// The development provider's pinned certificate would point the app's trust at a self-signed certificate; the
    /// app refuses to start with it in Azure, and the templates must not give it one — not as an app setting
    /// (configuration keys are case-insensitive), nor as a parameter, variable or output from which one could be made.
    /// </summary>
    [Fact]
    public void The_development_sign_in_certificate_is_never_set_in_azure()
    {
        var name = SettingNames.AsAppSetting(SettingNames.SignInDevelopmentCertificate);
        Assert.DoesNotContain(compiled.FunctionAppSettings().Keys, key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase));

        var lastSegment = SettingNames.SignInDevelopmentCertificate[(SettingNames.SignInDevelopmentCertificate.LastIndexOf(':') + 1)..];
        Assert.DoesNotContain(lastSegment, compiled.Main.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(lastSegment, File.ReadAllText(Path.Combine(InfraPaths.Infra, "main.parameters.json")),
            StringComparison.OrdinalIgnoreCase);
    }

    private ArmExpression Functions(string authTenantId, ArmExpression.Deployment deployment) =>
        ArmExpression.ForMain(compiled.Main, new Dictionary<string, string>
            {
                ["environmentName"] = "test",
                ["location"] = "japaneast",
                ["authClientId"] = ClientId,
                ["authTenantId"] = authTenantId,
            }, deployment)
            .ForModule(compiled.ModuleNamed("functions"));

    /// <summary>The Workflow:SignIn:* app settings as the deployment would write them, by configuration key.</summary>
    private Dictionary<string, string> SignInSettings(string authTenantId, ArmExpression.Deployment deployment)
    {
        var functions = Functions(authTenantId, deployment);
        var settings = compiled.FunctionAppSettings();
        return new[] { SettingNames.SignInIssuer, SettingNames.SignInAudience, SettingNames.SignInMetadataAddress, SettingNames.SignInClientId, SettingNames.SignInAuthority, SettingNames.SignInScope }
            .ToDictionary(key => key, key =>
            {
                Assert.True(settings.TryGetValue(SettingNames.AsAppSetting(key), out var value), $"{key} is not set");
                return functions.Evaluate(value);
            });
    }
}
