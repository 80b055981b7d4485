using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// The auditor follows one person from the application to the appointment: from the round's timeline to the person's
/// story, each step's records with who acted, the appointment's orchestration among them, nobody else's; the CSV
/// download, and the reads themselves in the story.
/// </summary>
[Collection("Browser")]
public sealed class AuditorStoryPageTests(BrowserFixture browser)
{
    private const string Chiyoda = "131016";

    [Fact]
    public async Task An_auditor_follows_one_applicant_from_application_to_appointment()
    {
        // Short phases: the panel has some twelve seconds after the window's early close; publication follows the sessions by two.
        await browser.Seeder.ImportSampleMunicipalitiesAsync();
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(
            new RoundTiming(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2)), "ブラウザ試験 監査の応募者記録");
        var (followed, token) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(91), RoundSeeder.ResumePdf());
        var (other, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(92), RoundSeeder.ResumePdf());
        Assert.Equal(2, (await browser.Seeder.RunToAppointingAsync(roundId)).Count);
        var appointmentId = await browser.Seeder.AppointAsync(roundId, followed, token, Chiyoda);

        var page = await browser.NewPageAsync();
        var errors = ScriptErrors.Collect(page);
        await browser.SignInAsync(page, "auditor");

        // From the round's timeline: the person's application id leads to their story.
        await browser.GotoAsync(page, $"/auditor/rounds/{roundId}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"{followed} の応募者の記録" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/auditor/rounds/{Regex.Escape(roundId)}/applications/{Regex.Escape(followed)}$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("応募者の記録");
        var summary = page.Locator("#story-summary");
        await Expect(summary).ToContainTextAsync("試験 太郎91");
        await Expect(summary).ToContainTextAsync(appointmentId);
        await Expect(summary).ToContainTextAsync("ブラウザ試験 監査の応募者記録");

        // Each step with what happened and who acted, in the order of the round.
        await Expect(page.Locator("section h2")).ToHaveTextAsync(["応募", "選定", "研修", "掲載・周知", "任用", "閲覧・消去"]);
        var apply = page.Locator("#group-apply tbody tr");
        await Expect(apply.Filter(new() { HasText = "応募の受付" })).ToContainTextAsync("応募者");
        var select = page.Locator("#group-select tbody tr");
        await Expect(select.Filter(new() { HasText = "選定委員の採点" })).ToHaveCountAsync(3);
        await Expect(select.Filter(new() { HasText = "選定委員会の判定" })).ToContainTextAsync("受託事業者");
        await Expect(select.Filter(new() { HasText = "書類選考の結果" })).ToContainTextAsync("段階の終了時刻");
        await Expect(page.Locator("#group-train tbody tr").Filter(new() { HasText = "修了証の交付" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#group-publish tbody tr").Filter(new() { HasText = "人材リストへの掲載" })).ToHaveCountAsync(1);
        var appoint = page.Locator("#group-appoint tbody tr");
        await Expect(appoint.Filter(new() { HasText = "任用の申込み" }).First).ToContainTextAsync($"municipality:{Chiyoda}");
        await Expect(appoint.Filter(new() { HasText = "任用の申込みへの回答" })).ToContainTextAsync("応募者");
        await Expect(appoint.Filter(new() { HasText = "任用の結果の記録" })).ToContainTextAsync("承諾（任用）");
        await Expect(appoint.Filter(new() { HasText = "外部イベントの受信：AppointmentAnswered" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#group-oversight tbody tr").Filter(new() { HasText = "個人情報の閲覧" }).Last).ToContainTextAsync("監査（auditor:browser-test）");

        // In time order within each step, and nothing of the other applicant.
        foreach (var table in await page.Locator("table.story-table").AllAsync())
        {
            var times = await table.Locator("tbody time").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('datetime'))");
            var instants = times.Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(instants.Order().ToList(), instants);
        }

        await Expect(page.Locator("#story")).Not.ToContainTextAsync(other);
        await Expect(page.Locator("#story")).Not.ToContainTextAsync("試験 太郎92");
        await browser.ScreenshotAsync(page, "auditor-story-1-from-application-to-appointment");
        await browser.AssertAccessibleAsync(page);

        // The CSV from the server: a BOM for Excel, Japanese headers, a line per record.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "この応募者の記録をCSVで書き出す" }).ClickAsync());
        Assert.Equal($"story-{followed}.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("日時（日本時間）,日時（UTC）", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("任用の結果の記録", StringComparison.Ordinal) && l.Contains(appointmentId, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(other, StringComparison.Ordinal));
        await Expect(page.Locator("#status")).ToContainTextAsync("CSVで書き出しました");

        // Both reads are in the business log: the story shows them on its next opening.
        await page.ReloadAsync();
        var reads = page.Locator("#group-oversight tbody tr").Filter(new() { HasText = "監査（auditor:browser-test）" });
        await Expect(reads.Filter(new() { HasText = "応募者の記録のCSV（監査）" })).ToHaveCountAsync(1);
        await Expect(reads.Filter(new() { HasText = "応募者の記録（監査）" })).ToHaveCountAsync(2);
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        // The municipality's evidence for this fiscal year's 特別交付税 claim: the accepted CIO補佐官 is in it, signed.
        var city = await browser.NewPageAsync();
        var cityErrors = ScriptErrors.Collect(city);
        await browser.SignInAsync(city, "municipality", municipality: Chiyoda);
        await browser.GotoAsync(city, "/municipality/appointments");
        // The page says when its rounds have loaded; the message appears above the form and moves it, so wait for it.
        await Expect(city.Locator("#status")).ToContainTextAsync("件の公募ラウンドの任用の申込みを表示しています");
        var pack = await city.RunAndWaitForDownloadAsync(() => city.GetByRole(AriaRole.Button, new() { Name = "根拠資料（PDF）を作成してダウンロード" }).ClickAsync());
        Assert.StartsWith("特別交付税措置根拠資料_令和", pack.SuggestedFilename, StringComparison.Ordinal);
        var text = string.Join("\n", Workflow.Testing.PdfPages.PagesText(await File.ReadAllBytesAsync((await pack.PathAsync())!)));
        Assert.Contains(appointmentId, text, StringComparison.Ordinal);
        // 千代田区 may have appointed others in this run (the browser tests share their storage): at least this one.
        Assert.Matches(@"対象の任用: [1-9]\d*件", text);
        await Expect(city.Locator("#evidence-result")).ToContainTextAsync(new Regex(@"対象の任用 [1-9]\d*件"));
        await browser.AssertAccessibleAsync(city);

        // A need for a CIO補佐官 in 東京都: the roster ranked for it (this round's two producers among whoever other tests listed), each with its reasons.
        await browser.GotoAsync(city, "/municipality/needs");
        await city.GetByLabel("人材像").SelectOptionAsync(new SelectOptionValue { Label = "プロデューサー（CIO補佐官等）" });
        var start = RoundSeeder.StartOfTerm;
        await city.GetByLabel("期間の開始日").FillAsync(start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await city.GetByLabel("期間の終了日").FillAsync(start.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await city.GetByRole(AriaRole.Button, new() { Name = "候補者を探す" }).ClickAsync();
        var ranked = city.Locator("#candidates-table tbody tr");
        await Expect(ranked.First).ToContainTextAsync("重視するスキル項目の選定委員会の評価");
        await Expect(city.Locator($"#candidates-table tr[data-candidate-id='{followed}']")).ToContainTextAsync("勤務地と同じ都道府県（東京都）の方です。");
        await Expect(city.Locator($"#candidates-table tr[data-candidate-id='{other}']")).ToHaveCountAsync(1);
        await Expect(city.Locator("#needs-table tbody tr").First).ToContainTextAsync("プロデューサー");
        await browser.ScreenshotAsync(city, "municipality-need-candidates");
        await browser.AssertAccessibleAsync(city);
        Assert.True(cityErrors.Count == 0, string.Join("\n", cityErrors));

        // The ministry's overview: this round's funnel ends in one appointment, and 東京都 shows it.
        var ministry = await browser.NewPageAsync();
        var ministryErrors = ScriptErrors.Collect(ministry);
        await browser.SignInAsync(ministry, "ministry");
        await browser.GotoAsync(ministry, "/ministry/overview");
        var round = ministry.Locator($"#round-funnels tr[data-round-id='{roundId}'] td");
        await Expect(round).ToHaveTextAsync(["2", "2", "2", "2", "2", "1", "50%"]);
        await Expect(ministry.Locator("#funnel tr[data-stage='appointed'] td").First).ToHaveTextAsync(new Regex(@"^[1-9]\d*人$"));
        var tokyo = ministry.Locator("#prefectures tbody tr").Filter(new() { HasText = "東京都" });
        await Expect(tokyo.Locator("td").Nth(2)).Not.ToHaveTextAsync("0");
        await Expect(ministry.Locator("#needs tbody tr").Filter(new() { HasText = "千代田区" }).First).ToContainTextAsync(new Regex(@"\d+人（\d+人）"));
        await browser.ScreenshotAsync(ministry, "ministry-overview");
        await browser.AssertAccessibleAsync(ministry);
        Assert.True(ministryErrors.Count == 0, string.Join("\n", ministryErrors));
    }
}
