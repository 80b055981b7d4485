using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Pages.Staff;

/// <summary>
/// 職員のサインイン: MSAL.js (bundled at build time) sends the browser to the authority — Entra ID in Azure, the local
/// host's development provider locally — and brings back an access token by the authorization code with PKCE (ADR 0023).
/// </summary>
public sealed class ShowStaffSignIn(IConfiguration configuration)
{
    private readonly SignInPageSettings? _settings = SignInPageSettings.FromConfiguration(configuration);

    [Function(nameof(ShowStaffSignIn))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff")] HttpRequest request)
    {
        var page = StaffPage.Render("職員のサインイン", Section.Public, "/staff", "staff-sign-in", Html.Of($"""
            <p class="lead">総務省・受託事業者・選定委員・自治体・監査の職員の方は、組織のアカウントでサインインしてください。</p>
            <script type="application/json" id="sign-in-settings">{Html.Raw(_settings?.Json().Replace("<", "\\u003c", StringComparison.Ordinal) ?? "null")}</script>
            <script src="/assets/msal-browser.js"></script>
            """));
        return _settings is null ? page : page.ConnectingTo(_settings.Origin);
    }
}
