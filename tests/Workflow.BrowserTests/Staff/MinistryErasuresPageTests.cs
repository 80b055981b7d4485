using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Domain.Applications;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Testing;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// The ministry's erasures after the retention period, on its dashboard: one person is held for a dispute with the
/// form, the round's list is approved without them, the schedule erases the other, and the hold is released, which
/// puts the person back to wait for a new approval.
/// </summary>
[Collection("Browser")]
public sealed class MinistryErasuresPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_ministry_holds_one_person_approves_the_rest_and_releases_the_hold()
    {
        var (roundId, held, erased) = await SeedRoundPastRetentionAsync();
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "ministry");

        // The schedule proposes both people within seconds of the round being there.
        var row = page.Locator("#erasures tbody tr").Filter(new() { HasText = roundId });
        await EventuallyShownAsync(page, row, "2人");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("2人");

        var form = page.Locator("#erasure-hold-form");
        await form.GetByLabel("公募ラウンド").SelectOptionAsync(roundId);
        await form.GetByLabel("受付番号").FillAsync(held);
        await form.GetByLabel("理由").SelectOptionAsync(new SelectOptionValue { Label = ErasureStates.HoldReasonName(ErasureHoldReason.Dispute) });
        await form.GetByRole(AriaRole.Button, new() { Name = "削除を保留する" }).ClickAsync();
        await Expect(page.Locator("#erasure-holds tbody tr").Filter(new() { HasText = held })).ToContainTextAsync(ErasureStates.HoldReasonName(ErasureHoldReason.Dispute));
        row = page.Locator("#erasures tbody tr").Filter(new() { HasText = roundId });
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1人");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("1人");
        await browser.ScreenshotAsync(page, "ministry-erasures-1-held");
        await browser.AssertAccessibleAsync(page);

        // A number that is not in the round: the API's reason, beside the form, and nothing held.
        await form.GetByLabel("受付番号").FillAsync(roundId + "_000000000000");
        await form.GetByRole(AriaRole.Button, new() { Name = "削除を保留する" }).ClickAsync();
        await Expect(form.Locator(".error-summary")).ToContainTextAsync("削除の対象");

        // Approved without the held person: nothing of the round waits for approval any more.
        await row.GetByRole(AriaRole.Button, new() { Name = "削除を承認する" }).ClickAsync();
        row = page.Locator("#erasures tbody tr").Filter(new() { HasText = roundId });
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("0人");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "削除を承認する" })).ToHaveCountAsync(0);

        // The next runs erase the approved person only; the held one stays.
        await EventuallyShownAsync(page, page.Locator("#erasures tbody tr").Filter(new() { HasText = roundId }).Locator("td").Nth(4), "1人");
        await Expect(page.Locator("#erasure-holds tbody tr").Filter(new() { HasText = held })).ToHaveCountAsync(1);
        await browser.ScreenshotAsync(page, "ministry-erasures-2-erased");

        await page.Locator("#erasure-holds tbody tr").Filter(new() { HasText = held }).GetByRole(AriaRole.Button, new() { Name = "保留を解除する" }).ClickAsync();
        row = page.Locator("#erasures tbody tr").Filter(new() { HasText = roundId });
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1人");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("0人");
        await Expect(page.Locator("#erasure-holds")).ToHaveCountAsync(0);

        // What the page said is what storage holds: the approved person's data gone, the held one's kept.
        var applications = new ApplicationStore(Storage);
        Assert.Null(await applications.GetAsync(erased));
        Assert.NotNull(await applications.GetAsync(held));
        await page.Context.CloseAsync();
    }

    private WorkflowStorage Storage => new(new TableServiceClient(AzuriteFixture.ConnectionString), new BlobServiceClient(AzuriteFixture.ConnectionString), browser.Host.StoragePrefix);

    /// <summary>Reloads the dashboard until <paramref name="cell"/> shows <paramref name="text"/>: the schedule acts on its own time.</summary>
    private async Task EventuallyShownAsync(IPage page, ILocator cell, string text)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            await browser.GotoAsync(page, "/ministry");
            if (await cell.CountAsync() > 0 && (await cell.First.InnerTextAsync()).Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                await Expect(cell).ToContainTextAsync(text);
                return;
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>
    /// A round whose appointments closed two years ago, with two applicants, written to the host's storage as the
    /// round would have left it: past the retention period, so the schedule proposes both.
    /// </summary>
    private async Task<(string RoundId, string Held, string Erased)> SeedRoundPastRetentionAsync()
    {
        var storage = Storage;
        var start = DateTimeOffset.UtcNow.AddYears(-2);
        var round = new RoundRecord(RoundIds.NewRoundId(start.Year), start.Year, "保存期間の過ぎた公募（ブラウザ試験）", "株式会社テスト総研", [new PersonaOpening(Persona.Producer, 2)],
            new RoundSchedule(start.AddDays(7), start.AddDays(10), start.AddDays(30), start.AddDays(45),
                [.. new[] { 1, 2, 3, 4, 4 }.Select((module, i) => new TrainingSession(i + 1, module, start.AddDays(50 + i)))], start.AddDays(60), start.AddDays(90)),
            RoundState.Completed, start, false, new RoundCounts(), new Dictionary<RoundState, DateTimeOffset>(), new SkillStandardVersions().Current.Id);
        await new RoundStore(storage).CreateAsync(round, "ministry");
        var ids = new List<string>();
        foreach (var n in new[] { 1, 2 })
        {
            using var resume = new MemoryStream(RoundSeeder.ResumePdf());
            var form = new ApplicationForm($"保存 太郎{n}", null, $"retention{n}@example.jp", "03-0000-0000", "東京都", [Persona.Producer], [], [], [], [], ListingTier.NotListed);
            ids.Add((await new ApplicationStore(storage).SubmitAsync(round.RoundId, form, resume, start.AddDays(12))).ApplicationId!);
        }

        return (round.RoundId, ids[0], ids[1]);
    }
}
