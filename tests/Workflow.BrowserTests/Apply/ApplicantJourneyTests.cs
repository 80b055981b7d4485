using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Domain.SkillStandard;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Apply;

/// <summary>
/// ③応募 as an applicant does it in the browser: from the call's page through the form, the confirmation with the
/// résumé upload and the receipt, to the status page that the access token opens; and a submission with mistakes,
/// which comes back with every error named and nothing typed lost.
/// </summary>
[Collection("Browser")]
public sealed class ApplicantJourneyTests(BrowserFixture browser)
{
    private const string Name = "山田 花子";
    private const string Kana = "ヤマダ ハナコ";

    [Fact]
    public async Task An_applicant_applies_with_a_resume_sees_the_receipt_and_then_the_status()
    {
        var roundId = await browser.OpenRoundAsync();
        var email = $"hanako.yamada.{Guid.NewGuid():N}"[..28] + "@example.jp";
        var page = await browser.NewPageAsync();

        // The call, and the way into its form.
        await browser.GotoAsync(page, $"/calls/{roundId}");
        await browser.ScreenshotAsync(page, "apply-1-call");
        await browser.AssertAccessibleAsync(page);
        // The call page may offer the way in more than once (above and below the requirements).
        await page.GetByRole(AriaRole.Link, new() { Name = "この公募に応募する" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/calls/{Regex.Escape(roundId)}/apply$"));

        // The form.
        await browser.AssertAccessibleAsync(page);
        await FillFormAsync(page, email, "090-1234-5678");
        await browser.ScreenshotAsync(page, "apply-2-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();

        // The confirmation, where the résumé is attached.
        await Expect(page.Locator("h1")).ToHaveTextAsync("入力内容の確認");
        await Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        var resume = page.GetByLabel("職務経歴書（PDF、10MB以下）");
        await Expect(resume).ToHaveAttributeAsync("id", "field-resume");
        await resume.SetInputFilesAsync(new FilePayload { Name = "shokumu-keirekisho.pdf", MimeType = "application/pdf", Buffer = RoundSeeder.ResumePdf() });
        await browser.ScreenshotAsync(page, "apply-3-confirm");
        await browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "この内容で応募する" }).ClickAsync();

        // The receipt: the application id and the access token, shown once.
        await Expect(page.Locator("h1")).ToHaveTextAsync("応募を受け付けました");
        var applicationId = await ValueOfAsync(page.Locator("#receipt-application-id"));
        var accessToken = await ValueOfAsync(page.Locator("#receipt-access-token"));
        Assert.StartsWith(roundId + "_", applicationId, StringComparison.Ordinal);
        Assert.StartsWith($"apt.{applicationId}.", accessToken, StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "apply-4-receipt");
        await browser.AssertAccessibleAsync(page);

        // On paper (the page asks to print it): the number and the key, without the menus and buttons, on one A4 page.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("#receipt-access-token")).ToBeVisibleAsync();
        await Expect(page.Locator("#receipt-application-id")).ToBeVisibleAsync();
        await Expect(page.Locator(".site-nav")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "応募状況を確認する" })).ToBeHiddenAsync();
        Assert.Equal("rgb(0, 0, 0)", await page.Locator("#receipt-access-token").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false, PreferCSSPageSize = true });
        Assert.Single(Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]"));
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "apply-4-receipt-print.pdf"), pdf);
        await browser.ScreenshotAsync(page, "apply-4-receipt-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // What the page showed is what the API stored: the token opens this very application.
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/applications/{applicationId}"))
        {
            request.Headers.Add("X-Applicant-Token", accessToken);
            using var stored = await browser.Http.SendAsync(request);
            Assert.True(stored.StatusCode == HttpStatusCode.OK, $"the receipt's token does not open the application: {(int)stored.StatusCode} {await stored.Content.ReadAsStringAsync()}");
        }

        // The status, with the id and the key from the receipt.
        await page.GetByRole(AriaRole.Link, new() { Name = "応募状況を確認する" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/applications/status"));
        await browser.AssertAccessibleAsync(page);
        await page.Locator("#field-applicationId").FillAsync(applicationId);
        await page.Locator("#field-accessToken").FillAsync(accessToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する", Exact = true }).ClickAsync();
        await Expect(page.GetByText("受付済み").First).ToBeVisibleAsync();
        await Expect(page.Locator("#resume-replacement")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "apply-5-status");
        await browser.AssertAccessibleAsync(page);

        // The storage's malware scan finds the résumé malicious (as Defender tags it): the status asks for another
        // file, which the applicant sends from there.
        var storage = new Workflow.Functions.Storage.WorkflowStorage(new Azure.Data.Tables.TableServiceClient(Workflow.Testing.AzuriteFixture.ConnectionString),
            new Azure.Storage.Blobs.BlobServiceClient(Workflow.Testing.AzuriteFixture.ConnectionString), browser.Host.StoragePrefix);
        await (await storage.DocumentsAsync()).GetBlobClient(Workflow.Functions.Apply.ApplicationStore.ResumeBlobName(applicationId))
            .SetTagsAsync(new Dictionary<string, string> { [Workflow.Domain.Applications.ResumeScan.TagName] = Workflow.Domain.Applications.ResumeScan.MaliciousValue });
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する", Exact = true }).ClickAsync();
        var replacement = page.Locator("#resume-replacement");
        await Expect(replacement).ToContainTextAsync("ウイルス検査で安全を確認できなかった");
        await browser.AssertAccessibleAsync(page);
        await replacement.GetByLabel("職務経歴書（PDF、10MB以下）").SetInputFilesAsync(
            new FilePayload { Name = "shokumu-keirekisho-2.pdf", MimeType = "application/pdf", Buffer = RoundSeeder.ResumePdf() });
        await replacement.GetByRole(AriaRole.Button, new() { Name = "職務経歴書を差し替える" }).ClickAsync();
        await Expect(page.Locator(".notice.success")).ToContainTextAsync("職務経歴書を差し替えました。");
        await Expect(page.Locator("#resume-replacement")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "apply-6-resume-replaced");
        await browser.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_submission_with_mistakes_shows_each_error_and_keeps_what_was_typed()
    {
        var roundId = await browser.OpenRoundAsync();
        var page = await browser.NewPageAsync();
        await browser.GotoAsync(page, $"/calls/{roundId}/apply");

        await FillFormAsync(page, "taro@", phone: string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();

        var summary = page.Locator(".error-summary");
        if (!await WaitForAsync(summary))
        {
            var blockedByBrowser = await page.EvaluateAsync<bool>("() => [...document.forms].some(f => !f.noValidate && !f.checkValidity())");
            Assert.Fail(blockedByBrowser
                ? "No error summary: the browser's own validation stopped the submission (type=email/required). The form needs novalidate so that the server's Japanese errors are shown."
                : $"No .error-summary after submitting mistakes; the page is {page.Url}:\n{await page.Locator("main").InnerTextAsync()}");
        }

        await Expect(summary).ToHaveAttributeAsync("role", "alert");
        await Expect(summary.Locator("a[href='#field-email']")).ToHaveCountAsync(1);
        await Expect(summary.Locator("a[href='#field-phone']")).ToHaveCountAsync(1);
        Assert.True(await page.Locator(".error-message").CountAsync() >= 2, "each field in error has its own .error-message");

        // Each message is tied to its field: named by the field's aria-describedby, or "<field id>-error" as the shared layout writes it.
        foreach (var field in new[] { "field-email", "field-phone" })
        {
            var described = (await page.Locator($"#{field}").GetAttributeAsync("aria-describedby") ?? string.Empty)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var found = 0;
            foreach (var id in described.Append(field + "-error").Distinct())
            {
                found += await page.Locator($"[id='{id}'].error-message").CountAsync();
            }

            Assert.True(found > 0, $"#{field} has no .error-message of its own (aria-describedby=\"{string.Join(' ', described)}\", no #{field}-error)");
        }

        // Nothing typed is lost.
        await Expect(page.Locator("#field-fullName")).ToHaveValueAsync(Name);
        await Expect(page.Locator("#field-fullNameKana")).ToHaveValueAsync(Kana);
        await Expect(page.Locator("#field-email")).ToHaveValueAsync("taro@");
        await Expect(page.Locator($"#field-personas-{Camel(Persona.Producer)}")).ToBeCheckedAsync();
        await Expect(page.Locator("#field-listing-public")).ToBeCheckedAsync();

        await browser.ScreenshotAsync(page, "apply-invalid-errors");
        await browser.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    /// <summary>Everything a producer applicant enters, every skill item rated; the e-mail and phone as given.</summary>
    private static async Task FillFormAsync(IPage page, string email, string phone)
    {
        await page.Locator("#field-fullName").FillAsync(Name);
        await page.Locator("#field-fullNameKana").FillAsync(Kana);
        await page.Locator("#field-email").FillAsync(email);
        await page.Locator("#field-phone").FillAsync(phone);
        await SelectAsync(page.Locator("#field-prefecture"), "東京都", "13");

        await page.Locator($"#field-personas-{Camel(Persona.Producer)}").CheckAsync();
        var assessments = page.Locator($"#persona-{Camel(Persona.Producer)} select[id^='field-assess-']");
        var count = await assessments.CountAsync();
        Assert.True(count > 0, "the producer's fieldset #persona-producer has no self-assessment select (select[id^=field-assess-])");
        for (var i = 0; i < count; i++)
        {
            await assessments.Nth(i).SelectOptionAsync("3");
        }

        await page.Locator($"#field-qualifications-{Camel(Qualification.ITStrategist)}").CheckAsync();
        await SelectAsync(page.Locator("#field-experiences-0-kind"), Camel(ExperienceKind.DigitalStrategyLeadership),
            "デジタル分野における戦略の立案・推進の責任者として、チームのメンバーをリードした経験");
        await page.Locator("#field-experiences-0-years").FillAsync("8");
        await page.Locator("#field-experiences-0-summary").FillAsync("通信事業者のDX推進室長として全社デジタル戦略を立案し、10名のチームを率いて推進。");
        await page.Locator("#field-listing-public").CheckAsync();
    }

    /// <summary>
    /// An enum value as the API and the form's ids write it (JSON camelCase): Producer is "producer",
    /// ITStrategist is "itStrategist".
    /// </summary>
    private static string Camel<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>Chooses the first option whose value or visible label is one of <paramref name="wanted"/>.</summary>
    private static async Task SelectAsync(ILocator select, params string[] wanted)
    {
        var options = await select.Locator("option").EvaluateAllAsync<string[][]>("os => os.map(o => [o.value, o.label.trim()])");
        var match = wanted.Select(w => options.FirstOrDefault(o => o[0] == w || o[1] == w)).FirstOrDefault(o => o is not null)
            ?? throw new Xunit.Sdk.XunitException($"no option among [{string.Join(", ", options.Select(o => $"{o[0]}={o[1]}"))}] matches any of [{string.Join(", ", wanted)}]");
        await select.SelectOptionAsync(match[0]);
    }

    /// <summary>An input's value, or an element's text: the receipt may show its values either way.</summary>
    private static async Task<string> ValueOfAsync(ILocator locator)
    {
        await Expect(locator).ToBeVisibleAsync();
        var tag = await locator.EvaluateAsync<string>("e => e.tagName");
        var value = tag is "INPUT" or "TEXTAREA" ? await locator.InputValueAsync() : await locator.InnerTextAsync();
        return value.Trim();
    }

    private static async Task<bool> WaitForAsync(ILocator locator)
    {
        try
        {
            await locator.WaitForAsync(new() { Timeout = 10_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
