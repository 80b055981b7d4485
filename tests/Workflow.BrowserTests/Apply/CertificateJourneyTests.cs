using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Staff;
using Workflow.BrowserTests.Support;
using Workflow.Testing;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Apply;

/// <summary>
/// A certified applicant who lost the access key gets a new one by mail, opens the status page with it, downloads the
/// 修了証, and whoever holds the paper verifies it through the URL its QR code carries; a QR code with another
/// signature is told it does not match the record.
/// </summary>
[Collection("Browser")]
public sealed class CertificateJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_certified_applicant_with_a_new_key_downloads_the_certificate_and_its_qr_code_verifies_it()
    {
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(
            new RoundTiming(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2)), "ブラウザ試験 修了証");
        var form = RoundSeeder.EligibleProducer(95);
        var (applicationId, _) = await browser.Seeder.SubmitApplicationAsync(roundId, form, RoundSeeder.ResumePdf());
        Assert.Contains(applicationId, await browser.Seeder.RunToAppointingAsync(roundId));
        var sessions = (await browser.Seeder.GetRoundAsync(roundId)).GetProperty("schedule").GetProperty("trainingSessions").GetArrayLength();

        var page = await browser.NewPageAsync();
        var errors = ScriptErrors.Collect(page);

        // The key is lost: a new one comes by mail.
        await browser.GotoAsync(page, "/applications/status/access-key");
        await page.Locator("#field-applicationId").FillAsync(applicationId);
        await page.Locator("#field-email").FillAsync(form.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "新しいアクセスキーを送る" }).ClickAsync();
        await Expect(page.Locator("#reissue-result")).ToContainTextAsync("新しいアクセスキーをメールでお送りします");
        var mails = await browser.Mail.WaitForAsync(m => m.Any(x => x.To == form.Email && x.Subject.Contains("アクセスキー再発行", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        var newKey = Regex.Match(mails.Single(m => m.To == form.Email && m.Subject.Contains("アクセスキー再発行", StringComparison.Ordinal)).Text,
            @"新しいアクセスキー: (apt\.[A-Za-z0-9_\-\.]+)").Groups[1].Value;

        // The status page with the new key names the certificate and hands out its PDF.
        await browser.GotoAsync(page, "/applications/status");
        await page.Locator("#field-applicationId").FillAsync(applicationId);
        await page.Locator("#field-accessToken").FillAsync(newKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.Locator("#status-title")).ToBeVisibleAsync();
        var summary = page.Locator("section[aria-labelledby='status-title'] dl.summary");
        await Expect(summary).ToContainTextAsync("修了証番号");
        var number = Regex.Match(await summary.InnerTextAsync(), "C[0-9A-F]{15}").Value;
        Assert.NotEmpty(number);
        await browser.AssertAccessibleAsync(page);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "修了証（PDF）をダウンロード" }).ClickAsync());
        Assert.Equal($"certificate-{number}.pdf", download.SuggestedFilename);
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);

        // The paper's QR code leads to the public page, which finds it valid and the paper matching.
        var url = await PdfPages.ReadQrCodeAsync(pdf);
        Assert.NotNull(url);
        Assert.StartsWith(new Uri(browser.BaseUrl, $"certificates/{number}?s=").AbsoluteUri, url);
        var verifier = await browser.NewPageAsync();
        await verifier.GotoAsync(url);
        var result = verifier.Locator("#certificate-result");
        await Expect(result).ToContainTextAsync("有効な修了証です。署名と交付記録が一致しています。");
        await Expect(result).ToContainTextAsync("ブラウザ試験 修了証");
        await Expect(result).ToContainTextAsync($"全{sessions}回の全課程を修了");
        await Expect(result).ToContainTextAsync("試＊　太＊＊＊");
        await Expect(result).Not.ToContainTextAsync(form.FullName);
        await browser.ScreenshotAsync(verifier, "certificate-1-verified");
        await browser.AssertAccessibleAsync(verifier);

        // The page on paper, for whoever files the check: the result on one page, without the menus and the form.
        await verifier.EmulateMediaAsync(new() { Media = Media.Print });
        var printed = PdfPages.PagesText(await verifier.PdfAsync(new() { Format = "A4", PrintBackground = false, PreferCSSPageSize = true }));
        Assert.Single(printed);
        Assert.Contains("有効な修了証です。署名と交付記録が一致しています。", printed[0]);
        Assert.Contains(number, printed[0]);
        Assert.DoesNotContain("外部デジタル人材の確保支援", printed[0]); // the footer, on screen only
        await verifier.EmulateMediaAsync(new() { Media = Media.Screen });

        // A QR code that carries another signature (a forged paper with a real number) is told it does not match.
        var forged = Regex.Replace(url!, "s=(.)", m => "s=" + (m.Groups[1].Value == "A" ? "B" : "A"));
        await verifier.GotoAsync(forged);
        await Expect(verifier.Locator("#certificate-result")).ToContainTextAsync("お手元の修了証のQRコードは、この番号の交付記録の署名と一致しません。");
        await browser.ScreenshotAsync(verifier, "certificate-2-paper-mismatch");

        // A number typed by hand is checked too, without the paper's signature.
        await verifier.GotoAsync(new Uri(browser.BaseUrl, "certificates").AbsoluteUri);
        await verifier.Locator("#field-number").FillAsync(number.ToLowerInvariant());
        await verifier.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(verifier.Locator("#certificate-result")).ToContainTextAsync("有効な修了証です。");
        await verifier.Locator("#field-number").FillAsync("C000000000000000");
        await verifier.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(verifier.Locator("#field-number-error")).ToContainTextAsync("この番号の修了証は交付されていません。");
        await browser.AssertAccessibleAsync(verifier);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
