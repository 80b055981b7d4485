using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Domain.Calendar;
using Workflow.Domain.Rounds;
using Workflow.Functions.Identity;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// The ministry's list of every wait on people: an overdue commission acceptance comes first with the deadline it
/// missed, and its link opens the dashboard at that round, where the ministry extends the deadline or cancels.
/// </summary>
[Collection("Browser")]
public sealed class MinistryWaitsPageTests(BrowserFixture browser)
{
    private const string Title = "ブラウザ試験 対応待ちの一覧 受諾期限超過";

    [Fact]
    public async Task An_overdue_commission_comes_first_and_links_to_where_the_ministry_extends_or_cancels_it()
    {
        var roundId = await browser.Seeder.CreateOverdueRoundAsync(Title);
        await browser.OpenRoundAsync();
        var missed = (await browser.Seeder.GetRoundAsync(roundId)).GetProperty("schedule").GetProperty("acceptCommissionBy").GetDateTimeOffset();
        await WaitUntilTheEngineWaitsOnTheMinistryAsync(roundId);

        var page = await browser.NewPageAsync();
        var errors = ScriptErrors.Collect(page);
        await browser.SignInAsync(page, "ministry");
        await browser.GotoAsync(page, "/ministry");
        await page.GetByRole(AriaRole.Link, new() { Name = "対応待ちの一覧（期限超過を先頭に）" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ministry/waits$"));

        // Overdue rows lead the list, the first an overdue commission; none is listed after a row that is not overdue.
        var rows = page.Locator("#waits-table tbody tr");
        await Expect(rows.First).ToContainTextAsync("期限超過");
        await Expect(rows.First).ToContainTextAsync(RoundStateMachine.DisplayName(RoundState.CommissionOverdue));
        var overdueFlags = await rows.EvaluateAllAsync<bool[]>("rows => rows.map(r => r.querySelector('.flag') !== null)");
        Assert.Equal(overdueFlags.OrderByDescending(f => f), overdueFlags);
        Assert.Contains(false, overdueFlags);

        var row = rows.Filter(new() { HasText = Title });
        await Expect(row).ToContainTextAsync("期限超過");
        await Expect(row).ToContainTextAsync($"{JapaneseDates.EraYear(missed)}（{JapaneseDates.InJapan(missed).Year}年）");
        await Expect(row).ToContainTextAsync($"{JapaneseDates.InJapan(missed):HH:mm}");
        await Expect(row).ToContainTextAsync("総務省");
        await Expect(row).ToContainTextAsync("ほかに操作できる相手：受託事業者（株式会社ブラウザ試験）");
        await browser.ScreenshotAsync(page, "ministry-waits-1-overdue-first");
        await browser.AssertAccessibleAsync(page);

        // Where the ministry acts: the dashboard opened at this round, with its extend and cancel controls in reach.
        await row.GetByRole(AriaRole.Link, new() { Name = "公募ラウンドの状況（総務省の操作）" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/ministry\\?round={Regex.Escape(roundId)}$"));
        var dashboardRow = page.Locator($"#rounds-table tbody tr[data-round-id='{roundId}']");
        await Expect(dashboardRow.Locator("th")).ToBeFocusedAsync();
        await Expect(dashboardRow).ToContainTextAsync("期限超過");
        await Expect(dashboardRow.GetByLabel("新しい受諾期限")).ToBeVisibleAsync();
        await Expect(dashboardRow.GetByRole(AriaRole.Button, new() { Name = "受諾期限を延長する" })).ToBeVisibleAsync();
        await Expect(dashboardRow.GetByRole(AriaRole.Button, new() { Name = "公募ラウンドを中止する" })).ToBeVisibleAsync();
        await browser.AssertAccessibleAsync(page);

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    /// <summary>The row moves to commissionOverdue first; the orchestrator then says it waits on the ministry.</summary>
    private async Task WaitUntilTheEngineWaitsOnTheMinistryAsync(string roundId)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/ministry/waits?roundId={roundId}").WithToken(TestSignIn.Token(ActorRole.Ministry));
            using var response = await browser.Http.SendAsync(request);
            var list = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (list.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("waitingFor").GetProperty("role").GetString() == "ministry"))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"the round never waited on the ministry: {list}");
            await Task.Delay(200);
        }
    }
}
