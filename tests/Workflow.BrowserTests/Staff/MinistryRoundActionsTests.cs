using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Domain.Rounds;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// The ministry acts on its dashboard: an overdue commission is extended with a new deadline, another is cancelled
/// after the confirmation that it cannot be undone; a date in the past is refused with the API's reason.
/// </summary>
[Collection("Browser")]
public sealed class MinistryRoundActionsTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_ministry_extends_one_overdue_commission_and_cancels_another_from_the_dashboard()
    {
        var extended = await browser.Seeder.CreateOverdueRoundAsync("ブラウザ試験 延長する公募");
        var cancelled = await browser.Seeder.CreateOverdueRoundAsync("ブラウザ試験 中止する公募");
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "ministry");
        await browser.GotoAsync(page, "/ministry");

        var row = page.Locator("#rounds-table tbody tr").Filter(new() { HasText = extended });
        await Expect(row).ToContainTextAsync(RoundStateMachine.DisplayName(RoundState.CommissionOverdue));
        await Expect(row).ToContainTextAsync("総務省");
        await browser.ScreenshotAsync(page, "ministry-2-overdue");
        await browser.AssertAccessibleAsync(page);

        // A deadline in the past: the API's reason is shown and nothing changes.
        var japanNow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        await row.GetByLabel("新しい受諾期限").FillAsync(japanNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm"));
        await row.GetByRole(AriaRole.Button, new() { Name = "受諾期限を延長する" }).ClickAsync();
        await Expect(row.Locator(".error-summary")).ToContainTextAsync("新しい受諾期限は現在より後の日時にしてください。");

        await row.GetByLabel("新しい受諾期限").FillAsync(japanNow.AddMinutes(30).ToString("yyyy-MM-ddTHH:mm"));
        await row.GetByRole(AriaRole.Button, new() { Name = "受諾期限を延長する" }).ClickAsync();
        await browser.Seeder.WaitForStateAsync(extended, "awaitingCommissionAcceptance");

        var other = page.Locator("#rounds-table tbody tr").Filter(new() { HasText = cancelled });
        await other.GetByRole(AriaRole.Button, new() { Name = "公募ラウンドを中止する" }).ClickAsync();
        await Expect(other.Locator(".confirm")).ToContainTextAsync("元に戻せません");
        await other.GetByRole(AriaRole.Button, new() { Name = "はい、実行する" }).ClickAsync();
        await browser.Seeder.WaitForStateAsync(cancelled, "cancelled");

        await browser.GotoAsync(page, "/ministry");
        await Expect(page.Locator("#rounds-table tbody tr").Filter(new() { HasText = extended })).ToContainTextAsync(new Regex("委託の受諾待ち"));
        await Expect(page.Locator("#rounds-table tbody tr").Filter(new() { HasText = cancelled })).ToContainTextAsync("中止");
        await page.Context.CloseAsync();
    }
}
