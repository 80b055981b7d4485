using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Public;

/// <summary>The pages anyone reaches without signing in: Japanese, one heading, nothing an assistive technology trips on.</summary>
[Collection("Browser")]
public sealed class PublicPagesTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("/", "public-open-calls")]
    [InlineData("/roster", "public-roster")]
    [InlineData("/staff", "public-staff-sign-in")]
    public async Task A_public_page_is_Japanese_has_a_heading_and_passes_the_accessibility_check(string path, string screenshot)
    {
        var page = await browser.NewPageAsync();
        await browser.GotoAsync(page, path);

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(".+"));

        await browser.ScreenshotAsync(page, screenshot);
        await browser.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }
}
