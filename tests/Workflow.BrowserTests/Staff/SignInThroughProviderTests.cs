using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// Each staff role signs in through the real redirect flow (ADR 0023): the sign-in page's MSAL.js, the local host's
/// development OpenID Connect provider (authorization code with PKCE, keys from its discovery document), and back.
/// Each lands on its own home, which loads with its token, and is refused what belongs to another role.
/// </summary>
[Collection("Browser")]
public sealed class SignInThroughProviderTests(BrowserFixture browser)
{
    private const string Chiyoda = "131016";
    private const string Sapporo = "011002";

    /// <param name="home">Where the sign-in page sends the role.</param>
    /// <param name="own">An API route of the role's own pages, which answers it.</param>
    /// <param name="others">API routes of other roles' pages, which refuse it (403, never 401: the token itself is good).</param>
    /// <param name="otherPage">Another role's page that says it is not this role's, or null where none does.</param>
    public static TheoryData<string, string, string, string[], string?> Roles => new()
    {
        { "ministry", "/ministry", "/api/ministry/waits", [$"/api/municipalities/{Chiyoda}/roster"], null },
        { "operator", "/operator", "/api/rounds", ["/api/ministry/waits", $"/api/municipalities/{Chiyoda}/notifications"], "/auditor" },
        { "reviewer", "/operator", "/api/rounds", ["/api/ministry/waits", $"/api/municipalities/{Chiyoda}/roster"], "/auditor" },
        { "municipality", "/municipality", $"/api/municipalities/{Chiyoda}/notifications", ["/api/ministry/waits", $"/api/municipalities/{Sapporo}/notifications", "/api/rounds"], "/auditor" },
        { "auditor", "/auditor", "/api/ministry/waits", [$"/api/municipalities/{Chiyoda}/roster"], null },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_staff_member_signs_in_through_the_providers_redirect_and_reaches_only_the_roles_pages(string role, string home, string own, string[] others, string? otherPage)
    {
        var roundId = await browser.OpenRoundAsync();
        var page = await browser.NewPageAsync();
        var errors = ScriptErrors.Collect(page);

        await browser.SignInThroughProviderAsync(page, role,
            rounds: role is "operator" or "reviewer" ? [roundId] : null,
            municipality: role == "municipality" ? Chiyoda : null);

        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(home)}$"));
        var stored = JsonDocument.Parse(await page.EvaluateAsync<string>("() => sessionStorage.getItem('workflow.staff.token.claims')")).RootElement;
        Assert.Equal(role, stored.GetProperty("role").GetString());
        var token = await page.EvaluateAsync<string>("() => sessionStorage.getItem('workflow.staff.token')");
        Assert.Equal("RS256", JsonDocument.Parse(Base64Url(token.Split('.')[0])).RootElement.GetProperty("alg").GetString());
        if (role is "operator" or "reviewer")
        {
            Assert.Equal([roundId], stored.GetProperty("rounds").EnumerateArray().Select(r => r.GetString()));
        }

        Assert.Equal(200, await StatusAsync(page, own));
        foreach (var other in others)
        {
            Assert.True(await StatusAsync(page, other) == 403, $"{role} reached {other}");
        }

        if (otherPage is not null)
        {
            await browser.GotoAsync(page, otherPage);
            await Expect(page.Locator("#app")).ToContainTextAsync("このページは");
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_providers_page_says_in_Japanese_what_a_role_needs_and_keeps_what_was_chosen()
    {
        var page = await browser.NewPageAsync();
        await browser.GotoAsync(page, "/staff");
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/oidc/authorize"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await browser.ScreenshotAsync(page, "staff-sign-in-provider-1-form");

        await page.GetByLabel("役割").SelectOptionAsync("municipality");
        await page.GetByLabel("団体コード", new() { Exact = false }).FillAsync("131017");
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();

        await Expect(page.Locator("#error")).ToContainTextAsync("検査数字つき6桁の団体コード");
        await Expect(page.GetByLabel("役割")).ToHaveValueAsync("municipality");
        await Expect(page.GetByLabel("団体コード", new() { Exact = false })).ToHaveValueAsync("131017");
        await browser.ScreenshotAsync(page, "staff-sign-in-provider-2-error");
    }

    /// <summary>What the API answers the page's stored token, fetched from the page as its scripts do.</summary>
    private static Task<int> StatusAsync(IPage page, string path) => page.EvaluateAsync<int>(
        "async (path) => (await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem('workflow.staff.token')}` } })).status", path);

    private static string Base64Url(string part) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(part.Replace('-', '+').Replace('_', '/').PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=')));
}
