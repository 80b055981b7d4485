using System.Text.Json;

namespace Workflow.Infra.Tests;

/// <summary>
/// Platform sign-in (App Service Authentication) in front of the app: Entra ID for staff, public routes open.
/// The contract with the app is in infra/README.md and docs/decisions/0002-platform-authentication.md.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class AuthenticationTests(CompiledTemplate compiled)
{
    /// <summary>Routes anyone may call without signing in (applicants prove themselves with a receipt code).</summary>
    public static TheoryData<string> PublicRoutes() => new(
        "/",
        "/api/health",
        "/api/openapi.json",
        "/api/skill-standard",
        "/api/calls",
        "/api/calls/{roundId}",
        "/api/rounds/{roundId}/applications",
        "/api/applications/{applicationId}",
        "/api/applications/{applicationId}/notifications",
        "/api/appointments/{appointmentId}/answer",
        "/api/roster",
        "/api/certificates/{certificateId}/verification");

    [Fact]
    public void Entra_id_sign_in_is_on_for_the_parameterized_app_registration_and_tenant()
    {
        var auth = AuthSettings();
        var functions = compiled.ModuleNamed("functions");
        Assert.True(auth.GetProperty("platform").GetProperty("enabled").GetBoolean());
        Assert.True(auth.GetProperty("httpSettings").GetProperty("requireHttps").GetBoolean());

        var entra = auth.GetProperty("identityProviders").GetProperty("azureActiveDirectory");
        Assert.True(entra.GetProperty("enabled").GetBoolean());
        var registration = entra.GetProperty("registration");
        Assert.Equal("[parameters('authClientId')]", registration.GetProperty("clientId").GetString());
        // The issuer (Entra ID's v2.0 issuer of the tenant) is evaluated, and compared with the app's, in SignInSettingsTests.
        Assert.False(string.IsNullOrEmpty(registration.GetProperty("openIdIssuer").GetString()));
        // The audience the platform accepts is the one the app checks: the app registration's client id.
        Assert.Equal(["[parameters('authClientId')]"],
            entra.GetProperty("validation").GetProperty("allowedAudiences").EnumerateArray().Select(a => a.GetString()));
        // No client secret: nothing to store, rotate or leak.
        Assert.False(registration.TryGetProperty("clientSecretSettingName", out _));

        Assert.Equal("[parameters('authClientId')]", functions.ParameterValue("authClientId"));
        Assert.Equal("[variables('tenantId')]", functions.ParameterValue("authTenantId"));
        var tenant = compiled.Main.GetProperty("variables").GetProperty("tenantId").GetString()!;
        Assert.Contains("parameters('authTenantId')", tenant, StringComparison.Ordinal);
        Assert.Contains("tenant().tenantId", tenant, StringComparison.Ordinal);
        Assert.False(compiled.Main.GetProperty("parameters").GetProperty("authClientId").TryGetProperty("defaultValue", out _),
            "a deployment must name its app registration");
    }

    [Theory]
    [MemberData(nameof(PublicRoutes))]
    public void Public_routes_stay_reachable_without_sign_in(string route)
    {
        var validation = AuthSettings().GetProperty("globalValidation");
        var action = validation.GetProperty("unauthenticatedClientAction").GetString();

        if (action == "AllowAnonymous")
        {
            Assert.False(validation.GetProperty("requireAuthentication").GetBoolean());
            return;
        }

        var excluded = validation.TryGetProperty("excludedPaths", out var paths)
            ? paths.EnumerateArray().Select(p => p.GetString()).ToList()
            : [];
        Assert.Contains(route, excluded);
    }

    private JsonElement AuthSettings() => compiled.FunctionAuthSettings();
}
