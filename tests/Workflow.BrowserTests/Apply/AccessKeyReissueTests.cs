using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Staff;
using Workflow.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Apply;

/// <summary>
/// An applicant who lost the access key asks for a new one on the status page, reads the mail the real mail server
/// received, opens the status page with the new key, and finds that the old one no longer opens it.
/// </summary>
[Collection("Browser")]
public sealed class AccessKeyReissueTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_lost_key_comes_back_by_mail_and_the_old_one_stops_working()
    {
        var roundId = await browser.OpenRoundAsync();
        var form = RoundSeeder.EligibleProducer(41);
        var (applicationId, oldKey) = await browser.Seeder.SubmitApplicationAsync(roundId, form, RoundSeeder.ResumePdf());
        var page = await browser.NewPageAsync();
        var errors = ScriptErrors.Collect(page);

        await browser.GotoAsync(page, "/applications/status");
        await page.GetByRole(AriaRole.Link, new() { Name = "アクセスキーをなくした場合（新しいアクセスキーをメールで受け取る）" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/applications/status/access-key$"));
        await browser.AssertAccessibleAsync(page);

        // A malformed receipt number is named beside its field; nothing is asked of the API.
        await page.Locator("#field-applicationId").FillAsync("R2026-違う番号");
        await page.Locator("#field-email").FillAsync(form.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "新しいアクセスキーを送る" }).ClickAsync();
        await Expect(page.Locator("#field-applicationId-error")).ToContainTextAsync("受付番号を、応募完了画面に表示されたとおりに入力してください。");

        await page.Locator("#field-applicationId").FillAsync(applicationId);
        await page.GetByRole(AriaRole.Button, new() { Name = "新しいアクセスキーを送る" }).ClickAsync();
        await Expect(page.Locator("#reissue-result")).ToContainTextAsync("新しいアクセスキーをメールでお送りします");
        await browser.ScreenshotAsync(page, "access-key-1-requested");
        await browser.AssertAccessibleAsync(page);

        // The mail, as the person's mailbox received it.
        var mails = await browser.Mail.WaitForAsync(m => m.Any(x => x.To == form.Email && x.Subject.Contains("アクセスキー再発行", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        var mail = Assert.Single(mails, m => m.To == form.Email && m.Subject.Contains("アクセスキー再発行", StringComparison.Ordinal));
        Assert.Contains($"受付番号: {applicationId}", mail.Text);
        Assert.Contains($"{form.FullName} 様", mail.Text);
        var newKey = Regex.Match(mail.Text, @"新しいアクセスキー: (apt\.[A-Za-z0-9_\-\.]+)").Groups[1].Value;
        Assert.StartsWith($"apt.{applicationId}.", newKey);
        Assert.NotEqual(oldKey, newKey);

        // The old key opens nothing any more.
        await page.GetByRole(AriaRole.Link, new() { Name = "応募状況の確認に戻る" }).ClickAsync();
        await page.Locator("#field-applicationId").FillAsync(applicationId);
        await page.Locator("#field-accessToken").FillAsync(oldKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.Locator("#field-accessToken-error")).ToContainTextAsync("受付番号とアクセスキーの組み合わせが正しくありません。");

        // The new one opens the status, with the notice of the reissue (which does not repeat the key).
        await page.Locator("#field-accessToken").FillAsync(newKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.Locator("#status-title")).ToBeVisibleAsync();
        var notice = page.Locator("article").Filter(new() { HasText = "アクセスキー再発行のお知らせ" });
        await Expect(notice).ToContainTextAsync("以前のアクセスキーは使えなくなりました。");
        await Expect(notice).Not.ToContainTextAsync("apt.");
        await browser.ScreenshotAsync(page, "access-key-2-status-with-new-key");
        await browser.AssertAccessibleAsync(page);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
