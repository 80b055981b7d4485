using Azure;
using Azure.Data.Tables;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Functions.Audit;
using Workflow.Testing;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// An auditor verifies a round's business log from the rounds list: intact at first; after a row is edited directly
/// in storage (as someone with access to the table could), the page names the entry where the chain breaks.
/// </summary>
[Collection("Browser")]
public sealed class AuditorLogVerificationTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_auditor_verifies_a_rounds_log_and_sees_where_an_edited_row_breaks_it()
    {
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(title: "ブラウザ試験 記録の検証");
        var (applicationId, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(81), RoundSeeder.ResumePdf());

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "auditor");
        await browser.GotoAsync(page, "/auditor");
        await page.GetByRole(AriaRole.Link, new() { Name = $"{roundId} の記録を検証" }).ClickAsync();

        await Expect(page.Locator("#verdict")).ToContainTextAsync("改ざんは見つかりませんでした");
        await Expect(page.Locator("#intact-up-to")).Not.ToHaveTextAsync("第0件まで");
        await browser.ScreenshotAsync(page, "auditor-log-1-intact");
        await browser.AssertAccessibleAsync(page);

        // The application's line, changed in the table the way an insider could: the row stays, its subject does not.
        var table = new TableServiceClient(AzuriteFixture.ConnectionString).GetTableClient(browser.Host.StoragePrefix + "AuditLog");
        TableEntity? line = null;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                           $"PartitionKey eq {roundId} and Action eq {BusinessLogActions.ApplicationSubmitted} and Subject eq {applicationId}")))
        {
            line = row;
        }

        Assert.NotNull(line);
        var seq = line.GetInt64("Seq")!.Value;
        line["Subject"] = "app-forged";
        await table.UpdateEntityAsync(line, ETag.All, TableUpdateMode.Replace);

        await page.GetByRole(AriaRole.Button, new() { Name = "もう一度検証する" }).ClickAsync();

        await Expect(page.Locator("#verdict")).ToContainTextAsync("記録の連鎖が切れています");
        await Expect(page.Locator("#verdict")).ToContainTextAsync($"第{seq}件の内容が記録後に書き換えられています");
        var broken = page.Locator("#break tbody tr");
        await Expect(broken).ToContainTextAsync($"第{seq}件");
        await Expect(broken).ToContainTextAsync("内容の書き換え");
        await Expect(broken).ToContainTextAsync("応募の受付");
        await Expect(broken).ToContainTextAsync(line.RowKey);
        await Expect(page.Locator("#intact-up-to")).ToHaveTextAsync($"第{seq - 1}件まで");
        await browser.ScreenshotAsync(page, "auditor-log-2-broken");
        await browser.AssertAccessibleAsync(page);
    }
}
