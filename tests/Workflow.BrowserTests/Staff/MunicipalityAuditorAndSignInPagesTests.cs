using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// The staff sign-in page (through the development provider's page to the actor's home, who is signed in, the way
/// out), the municipality's pages (the roster's notice in the inbox, the request to appoint a person from the
/// roster, the request's status with its answer-by date) and the auditor's timeline (filtered by applicant and by
/// actor, exported as CSV).
/// </summary>
[Collection("Browser")]
public sealed class MunicipalityAuditorAndSignInPagesTests(BrowserFixture browser)
{
    private const string Chiyoda = "131016";
    private const string Sapporo = "011002";

    [Fact]
    public async Task A_ministry_user_signs_in_through_the_sign_in_page_and_signs_out()
    {
        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.GotoAsync(page, "/staff");
        await Expect(page.Locator("h1")).ToHaveTextAsync("職員のサインイン");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true })).ToBeEnabledAsync();
        await browser.ScreenshotAsync(page, "staff-sign-in-1-page");
        await browser.AssertAccessibleAsync(page);

        // 総務省: through the provider's page and back, on to the ministry's pages.
        await browser.SignInThroughProviderAsync(page, "ministry");
        await Expect(page).ToHaveURLAsync(new Regex("/ministry$"));
        Assert.False(string.IsNullOrEmpty(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('workflow.staff.token')")));
        var claims = await page.EvaluateAsync<string>("() => sessionStorage.getItem('workflow.staff.token.claims')");
        Assert.Contains("\"role\":\"ministry\"", claims, StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "staff-sign-in-3-ministry-home");

        // Back on the sign-in page: who is signed in, and the way out.
        await browser.GotoAsync(page, "/staff");
        await Expect(page.Locator("#signed-in")).ToContainTextAsync("総務省としてサインインしています。");
        await browser.ScreenshotAsync(page, "staff-sign-in-4-signed-in");
        await browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("サインアウトしました。");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('workflow.staff.token')"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_municipality_sees_the_roster_notice_and_requests_an_appointment()
    {
        // Municipalities hear of the roster only if registered before it is published.
        await browser.Seeder.ImportSampleMunicipalitiesAsync();
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(RoundTiming.ToAppointing, "ブラウザ試験 任用の公募");
        var (applicationId, accessToken) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(61), RoundSeeder.ResumePdf());
        // A second person who chose signed-in municipalities only: on the municipality's roster, never on the public page.
        await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(62) with { Listing = ListingTier.Municipalities }, RoundSeeder.ResumePdf());
        var selected = await browser.Seeder.RunToAppointingAsync(roundId);
        Assert.Equal(2, selected.Count);
        Assert.Contains(applicationId, selected);

        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "municipality", municipality: Chiyoda);

        // The inbox: the notice of the roster, with the round it is about.
        await browser.GotoAsync(page, "/municipality");
        var notice = page.Locator("#inbox tbody tr").Filter(new() { HasText = roundId });
        await Expect(notice).ToContainTextAsync("自治体DX外部人材リスト掲載のお知らせ");
        await Expect(notice).ToContainTextAsync("ブラウザ試験 任用の公募");
        await Expect(notice.Locator("time")).ToContainTextAsync("年");
        await browser.ScreenshotAsync(page, "municipality-1-inbox");
        await browser.AssertAccessibleAsync(page);

        // The roster of that round, one person on it.
        await notice.GetByRole(AriaRole.Link, new() { Name = roundId }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/municipality/roster\\?roundId={Regex.Escape(roundId)}$"));
        await Expect(page.Locator("#field-roundId")).ToHaveValueAsync(roundId);
        var person = page.Locator("#roster tbody tr").Filter(new() { HasText = "試験 太郎61" });
        await Expect(person).ToContainTextAsync("東京都");
        await Expect(person).ToContainTextAsync("ITストラテジスト");
        await browser.ScreenshotAsync(page, "municipality-2-roster");
        await browser.AssertAccessibleAsync(page);

        // The full profile (the panel's scores, the reason for selection) and a contact request; details stay closed until the person accepts.
        await person.GetByRole(AriaRole.Button, new() { Name = "試験 太郎61さんの人材情報を開く" }).ClickAsync();
        await Expect(page.Locator("#profile-title")).ToBeFocusedAsync();
        await Expect(page.Locator("#profile")).ToContainTextAsync("自治体DXへの貢献が期待できるため。");
        await Expect(page.Locator("#profile")).ToContainTextAsync("通信事業者のDX推進室長");
        await page.GetByRole(AriaRole.Button, new() { Name = "連絡を申し出る" }).ClickAsync();
        await Expect(page.Locator("#field-message-error")).ToContainTextAsync("ご相談したい内容");
        await page.GetByLabel("ご相談したい内容").FillAsync("令和9年度からのCIO補佐官について、週2日のリモート勤務でご相談したいです。");
        await page.GetByRole(AriaRole.Button, new() { Name = "連絡を申し出る" }).ClickAsync();
        await Expect(page.Locator("#contact-status")).ToContainTextAsync("回答待ち");
        await Expect(page.Locator("#contact-details")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "municipality-2b-profile");
        await browser.AssertAccessibleAsync(page);

        // Sent with the wrong message, say: the request is withdrawn before the person answers, and made again.
        await page.GetByRole(AriaRole.Button, new() { Name = "申出を取り下げる" }).ClickAsync();
        await Expect(page.Locator("#contact-status")).ToContainTextAsync("取り下げ");
        await Expect(page.Locator("#profile")).ToContainTextAsync("前回の申出を取り下げました。");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "申出を取り下げる" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "municipality-2c-contact-withdrawn");
        await browser.AssertAccessibleAsync(page);
        await page.GetByLabel("ご相談したい内容").FillAsync("令和9年度からのCIO補佐官について、週2日のハイブリッド勤務でご相談したいです。");
        await page.GetByRole(AriaRole.Button, new() { Name = "改めて連絡を申し出る" }).ClickAsync();
        await Expect(page.Locator("#contact-status")).ToContainTextAsync("回答待ち");
        await Expect(page.Locator("#contact-status")).ToContainTextAsync("ハイブリッド勤務");
        await page.GetByRole(AriaRole.Button, new() { Name = "閉じる" }).ClickAsync();

        // The request: "other" without a title and without a term is refused beside each field; CIO補佐官 with its terms goes through.
        await person.GetByRole(AriaRole.Button, new() { Name = "試験 太郎61さんに任用を申し込む" }).ClickAsync();
        await Expect(page.Locator("#request-title")).ToBeFocusedAsync();
        await page.GetByLabel("任用の職").SelectOptionAsync(new SelectOptionValue { Label = "その他" });
        await Expect(page.GetByLabel("職名")).ToBeVisibleAsync();
        await page.Locator("#appointment").GetByRole(AriaRole.Button, new() { Name = "任用を申し込む" }).ClickAsync();
        var summary = page.Locator("#appointment .error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(page.Locator("#field-roleTitle-error")).ToContainTextAsync("職名を入力してください。");
        await Expect(page.Locator("#field-startsOn-error")).ToContainTextAsync("任用の開始日を指定してください。");
        await browser.ScreenshotAsync(page, "municipality-3-request-error");
        await browser.AssertAccessibleAsync(page);

        await page.GetByLabel("任用の職").SelectOptionAsync(new SelectOptionValue { Label = "CIO補佐官" });
        await page.GetByLabel("任用の形態").SelectOptionAsync(new SelectOptionValue { Label = "特別職非常勤職員" });
        var start = Support.RoundSeeder.StartOfTerm;
        await page.GetByLabel("任用の開始日").FillAsync(start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("任用の終了日").FillAsync(start.AddYears(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("週あたりの勤務日数").SelectOptionAsync(new SelectOptionValue { Label = "週2日" });
        await page.GetByLabel("勤務の形").SelectOptionAsync(new SelectOptionValue { Label = "リモート" });
        // Shared (広域) with 札幌市, which bears 30%.
        await page.GetByRole(AriaRole.Button, new() { Name = "共同で任用する団体を追加する" }).ClickAsync();
        await page.Locator("#field-partners-0-municipalityCode").FillAsync(Sapporo);
        await page.Locator("#field-partners-0-percent").FillAsync("30");
        await page.Locator("#appointment").GetByRole(AriaRole.Button, new() { Name = "任用を申し込む" }).ClickAsync();
        var created = page.Locator("#appointment-created");
        await Expect(created).ToContainTextAsync("任用の申込みを送りました。");
        await Expect(created).ToContainTextAsync("回答待ち");
        await Expect(created).ToContainTextAsync("特別交付税措置対象（措置率0.5）");
        await Expect(created).ToContainTextAsync("満たす：特別職非常勤職員としての任用又は業務委託であること");
        await Expect(created).ToContainTextAsync("週2日、リモート、特別職非常勤職員");
        await Expect(created).ToContainTextAsync("千代田区 70%、札幌市 30%");
        var appointmentId = Regex.Match(await created.InnerTextAsync(), Regex.Escape(roundId) + "_[0-9a-f]{12}").Value;
        Assert.NotEmpty(appointmentId);
        await Expect(created.Locator(".deadline")).ToContainTextAsync(new Regex(@"令和\d+年（\d{4}年）\d+月\d+日"));
        await browser.ScreenshotAsync(page, "municipality-4-requested");
        await browser.AssertAccessibleAsync(page);

        // The requests of this municipality: the new one, waiting for the answer by its date.
        await created.GetByRole(AriaRole.Link, new() { Name = "任用の申込み状況を見る" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/municipality/appointments"));
        var request = page.Locator($"#round-{roundId} tbody tr");
        await Expect(request).ToHaveCountAsync(1);
        await Expect(request).ToContainTextAsync(applicationId);
        await Expect(request).ToContainTextAsync("CIO補佐官");
        await Expect(request).ToContainTextAsync("回答待ち");
        await Expect(request.Locator(".deadline")).ToContainTextAsync("令和");
        await browser.ScreenshotAsync(page, "municipality-5-appointments");
        await browser.AssertAccessibleAsync(page);

        // For the file: the requests on paper, without the menus, with the person, the post, the state and the date.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var requestsOnPaper = await page.PdfAsync(new() { Format = "A4", PrintBackground = false, PreferCSSPageSize = true });
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "municipality-6-appointments-print.pdf"), requestsOnPaper);
        // As many pages as the rounds on the page need (other tests' rounds may be listed too), none with a form or the footer.
        var paper = string.Join("\n", Workflow.Testing.PdfPages.PagesText(requestsOnPaper));
        Assert.Contains(applicationId, paper);
        Assert.Contains("CIO補佐官", paper);
        Assert.Contains("回答待ち", paper);
        Assert.DoesNotContain("外部デジタル人材の確保支援", paper); // the footer, on screen only
        Assert.DoesNotContain("根拠資料（PDF）を作成", paper); // the evidence pack's form
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        // The person reads the request on the status page and accepts it there.
        var applicant = await browser.NewPageAsync();
        await browser.GotoAsync(applicant, "/applications/status");
        await applicant.Locator("#field-applicationId").FillAsync(applicationId);
        await applicant.Locator("#field-accessToken").FillAsync(accessToken);
        await applicant.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        var letter = applicant.Locator("article").Filter(new() { HasText = "任用の申込みが届きました" });
        await Expect(letter).ToContainTextAsync("CIO補佐官");
        await browser.ScreenshotAsync(applicant, "municipality-6-applicant-letter");
        await browser.AssertAccessibleAsync(applicant);
        await letter.GetByRole(AriaRole.Button, new() { Name = "任用を承諾する" }).ClickAsync();
        await Expect(applicant.Locator(".notice.success")).ToContainTextAsync("任用の申込みを承諾しました。");
        await browser.ScreenshotAsync(applicant, "municipality-7-applicant-accepted");
        await browser.AssertAccessibleAsync(applicant);

        // The orchestration records the answer; the municipality's page shows it once it has.
        for (var tries = 0; tries < 60 && !(await request.InnerTextAsync()).Contains("承諾", StringComparison.Ordinal); tries++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await Expect(request).ToContainTextAsync("承諾");
        await Expect(request).ToContainTextAsync("千代田区 70%、札幌市 30%");
        await browser.ScreenshotAsync(page, "municipality-8-accepted");

        // The partner sees the same appointment with its own share, and its evidence pack lists it at 30%.
        var partner = await browser.NewPageAsync();
        var partnerErrors = CollectScriptErrors(partner);
        await browser.SignInAsync(partner, "municipality", municipality: Sapporo);
        await browser.GotoAsync(partner, "/municipality/appointments");
        var shared = partner.Locator($"#round-{roundId} tbody tr");
        await Expect(shared).ToHaveCountAsync(1);
        await Expect(shared).ToContainTextAsync("承諾");
        await Expect(shared).ToContainTextAsync("札幌市 30%");
        await Expect(partner.Locator("#status")).ToContainTextAsync("件の公募ラウンドの任用の申込みを表示しています");
        var partnerPack = await partner.RunAndWaitForDownloadAsync(() => partner.GetByRole(AriaRole.Button, new() { Name = "根拠資料（PDF）を作成してダウンロード" }).ClickAsync());
        var packPdf = await File.ReadAllBytesAsync((await partnerPack.PathAsync())!);
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "municipality-10-partner-evidence-pack.pdf"), packPdf);
        var packText = string.Join("\n", Workflow.Testing.PdfPages.PagesText(packPdf));
        Assert.Contains("30%", packText, StringComparison.Ordinal);
        Assert.Contains(appointmentId, packText, StringComparison.Ordinal);
        await browser.ScreenshotAsync(partner, "municipality-9-partner-share");
        await browser.AssertAccessibleAsync(partner);
        Assert.True(partnerErrors.Count == 0, string.Join("\n", partnerErrors));

        // A visitor to the public roster of this round: the totals, and only the person who chose the public page.
        var visitor = await browser.NewPageAsync();
        await browser.GotoAsync(visitor, $"/roster?roundId={roundId}");
        await Expect(visitor.Locator("#roster-totals")).ToContainTextAsync("プロデューサー");
        await Expect(visitor.Locator("#public-roster")).ToContainTextAsync("試験 太郎61");
        await Expect(visitor.Locator("#public-roster")).Not.ToContainTextAsync("試験 太郎62");
        await Expect(visitor.Locator("#public-roster")).Not.ToContainTextAsync("ITストラテジスト");
        await browser.ScreenshotAsync(visitor, "public-roster-tiers");
        await browser.AssertAccessibleAsync(visitor);

        // The operator's view of the round's mail: the registry was imported without addresses, so the roster's
        // notices to municipalities could not be mailed, and say why; the applicant's went out.
        var operatorPage = await browser.NewPageAsync();
        var operatorErrors = CollectScriptErrors(operatorPage);
        await browser.SignInAsync(operatorPage, "operator", rounds: [roundId]);
        await browser.GotoAsync(operatorPage, "/operator");
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "通知メールの送信状況（ブラウザ試験 任用の公募）" }).ClickAsync();
        await Expect(operatorPage).ToHaveURLAsync(new Regex($"/operator/rounds/{Regex.Escape(roundId)}/mail$"));
        var cancelled = operatorPage.Locator("#trouble tbody tr").Filter(new() { HasText = "人材リストの掲載" });
        await Expect(cancelled).ToHaveCountAsync(Workflow.Domain.Municipalities.MunicipalityCsv.Sample.Count);
        await Expect(cancelled.First).ToContainTextAsync("送信取りやめ");
        await Expect(cancelled.First).ToContainTextAsync("地方公共団体（団体コード ");
        await Expect(cancelled.First).ToContainTextAsync("メールアドレスが登録されていない");
        var sent = operatorPage.Locator("#sent tbody tr").Filter(new() { HasText = "選定結果" }).Filter(new() { HasText = applicationId });
        await Expect(sent).ToHaveCountAsync(1);
        await Expect(sent).ToContainTextAsync("応募者");
        await Expect(sent).ToContainTextAsync(applicationId);
        await Expect(operatorPage.Locator("#mail-counts [data-state=cancelled]")).Not.ToHaveTextAsync("0通");
        await browser.ScreenshotAsync(operatorPage, "operator-mail-1-status");
        await browser.AssertAccessibleAsync(operatorPage);
        Assert.True(operatorErrors.Count == 0, string.Join("\n", operatorErrors));
    }

    [Fact]
    public async Task An_auditor_opens_a_round_timeline_filters_it_and_exports_it()
    {
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(title: "ブラウザ試験 監査の公募");
        var (first, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(71), RoundSeeder.ResumePdf());
        var (second, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(72), RoundSeeder.ResumePdf());

        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "auditor");

        // Every round, each with the way to its timeline.
        await browser.GotoAsync(page, "/auditor");
        await Expect(page.Locator("#rounds tbody tr").Filter(new() { HasText = roundId })).ToContainTextAsync("ブラウザ試験 監査の公募");
        await browser.ScreenshotAsync(page, "auditor-1-rounds");
        await browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = $"{roundId} のタイムライン" }).ClickAsync();

        // Both sources in one table, in time order.
        await Expect(page).ToHaveURLAsync(new Regex($"/auditor/rounds/{Regex.Escape(roundId)}$"));
        var rows = page.Locator("#timeline-table tbody tr");
        await Expect(rows.Filter(new() { HasText = "オーケストレーション" }).First).ToBeVisibleAsync();
        await Expect(rows.Filter(new() { HasText = "業務ログ" }).Filter(new() { HasText = "公募ラウンドの委託" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#round-summary")).ToContainTextAsync("ブラウザ試験 監査の公募");
        await browser.ScreenshotAsync(page, "auditor-2-timeline");
        await browser.AssertAccessibleAsync(page);

        // By applicant: only the first application's records.
        await page.GetByLabel("応募者ID").FillAsync(first);
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Expect(rows.First).ToContainTextAsync(first);
        await Expect(rows.Filter(new() { HasText = "応募の受付" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#timeline")).Not.ToContainTextAsync(second);
        Assert.Equal(await rows.CountAsync(), await rows.Filter(new() { HasText = first }).CountAsync());
        await browser.ScreenshotAsync(page, "auditor-3-by-applicant");

        // By actor: the ministry's records only (it commissioned the round).
        await page.GetByRole(AriaRole.Button, new() { Name = "条件をクリア" }).ClickAsync();
        var ministry = await page.Locator("#field-actor option").Filter(new() { HasText = "総務省" }).First.GetAttributeAsync("value");
        await page.GetByLabel("操作者").SelectOptionAsync(ministry!);
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Expect(rows.Filter(new() { HasText = "公募ラウンドの委託" })).ToHaveCountAsync(1);
        Assert.Equal(await rows.CountAsync(), await rows.Filter(new() { HasText = "総務省" }).CountAsync());
        await Expect(page.Locator("#timeline")).Not.ToContainTextAsync("応募の受付");
        await browser.ScreenshotAsync(page, "auditor-4-by-actor");
        await browser.AssertAccessibleAsync(page);

        // The rows shown, as CSV for Excel: a BOM, Japanese headers, one line per row.
        var shown = await rows.CountAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "表示中の記録をCSVで書き出す" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("日時（日本時間）,日時（UTC）,種別,操作者", lines[0], StringComparison.Ordinal);
        Assert.Equal(shown + 1, lines.Length);
        Assert.Contains(lines, l => l.Contains("RoundCommissioned", StringComparison.Ordinal));
        await Expect(page.Locator("#status")).ToContainTextAsync("CSVで書き出しました");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Script errors, failed module loads and missing resources; the 400s the forms provoke on purpose are expected.</summary>
    private static List<string> CollectScriptErrors(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        page.Response += (_, response) =>
        {
            if (response.Status >= 404 && !response.Url.EndsWith("/dev/token", StringComparison.Ordinal))
            {
                errors.Add($"{response.Request.Method} {response.Url} answered {response.Status}");
            }
        };
        page.Console += (_, message) =>
        {
            // The browser's own request for /favicon.ico (the site has none) is no page's doing.
            if (message.Type == "error" && !message.Text.Contains("status of 400", StringComparison.Ordinal)
                && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal) && !message.Location.Contains("/dev/token", StringComparison.Ordinal))
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        return errors;
    }
}
