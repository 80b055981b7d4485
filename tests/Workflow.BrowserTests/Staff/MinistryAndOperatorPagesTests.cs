using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Domain.Rounds;
using Workflow.Functions.Identity;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// The ministry's and the operator's pages in the browser: the panel's decision on one application (declaration
/// first, an error that names its field, then the decision the API records), the rounds dashboard, and the
/// commissioning form with its errors and its success.
/// </summary>
[Collection("Browser")]
public sealed class MinistryAndOperatorPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_operator_declares_no_conflict_and_decides_with_the_panels_scores_in_front_of_them()
    {
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(title: "ブラウザ試験の公募 選定");
        var (applicationId, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(7), RoundSeeder.ResumePdf());
        await browser.Seeder.CloseWindowAndWaitForPanelReviewAsync(roundId);
        await browser.Seeder.ScoreByPanelAsync(roundId);

        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "operator", [roundId]);

        // The operator's rounds: this one, in panel review, with the way to its applications.
        await browser.GotoAsync(page, "/operator");
        var card = page.Locator("section.card").Filter(new() { HasText = "ブラウザ試験の公募 選定" });
        await Expect(card).ToContainTextAsync(RoundStateMachine.DisplayName(RoundState.PanelReview));
        await browser.ScreenshotAsync(page, "operator-1-rounds");
        await browser.AssertAccessibleAsync(page);
        await card.GetByRole(AriaRole.Link, new() { Name = "応募の一覧と選定（ブラウザ試験の公募 選定）" }).ClickAsync();

        // The applications: eligible ones first in panel review, with the screening result.
        await Expect(page).ToHaveURLAsync(new Regex($"/operator/rounds/{Regex.Escape(roundId)}/applications$"));
        var row = page.Locator("#applications-table tbody tr").Filter(new() { HasText = "試験 太郎7" });
        await Expect(row).ToContainTextAsync("通過");
        await Expect(row).ToContainTextAsync("未決定");
        await browser.ScreenshotAsync(page, "operator-2-applications");
        await browser.AssertAccessibleAsync(page);

        // The applications as CSV for Excel: the contact details are there, and the page says the export was logged.
        var export = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "応募一覧をCSVで書き出す" }).ClickAsync());
        Assert.Equal($"応募一覧_{roundId}.csv", export.SuggestedFilename);
        var csv = await File.ReadAllBytesAsync((await export.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        Assert.Contains(System.Text.Encoding.UTF8.GetString(csv).Split("\r\n"), l => l.StartsWith(applicationId, StringComparison.Ordinal) && l.Contains("試験 太郎7", StringComparison.Ordinal));
        await Expect(page.Locator("#status")).ToContainTextAsync("この書き出しは業務ログに記録されました。");
        await row.GetByRole(AriaRole.Link, new() { Name = "審査する（試験 太郎7）" }).ClickAsync();

        // The decision page: no decision before the declaration.
        await Expect(page).ToHaveURLAsync(new Regex($"/applications/{Regex.Escape(applicationId)}$"));
        await Expect(page.Locator("#decision")).ToContainTextAsync("申告した後に記録できます");
        await browser.ScreenshotAsync(page, "operator-3-declaration");
        await browser.AssertAccessibleAsync(page);
        await page.GetByLabel("利益相反なし（審査に加わる）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申告する" }).ClickAsync();
        await Expect(page.Locator("#declared")).ToContainTextAsync("利益相反なしとして記録しました。");
        await Expect(page.Locator("#detail")).ToContainTextAsync("試験 太郎7");
        await Expect(page.Locator("#detail")).ToContainTextAsync("ITストラテジスト");

        // Above the form, the panel's scores for the persona: three members side by side, the mean, the quorum met.
        var result = page.Locator("#panel-result");
        await Expect(result.Locator("table.scores thead th")).ToContainTextAsync(["スキル項目", "試験委員1", "試験委員2", "試験委員3", "平均"]);
        await Expect(result.Locator("dl")).ToContainTextAsync("3.00");
        await Expect(result.Locator("dl")).ToContainTextAsync("採点 3人／定足数 3人（定足数に達しています）");

        // "Not selected" without a reason: the API's error, in Japanese, at the top and beside the reason.
        await page.GetByLabel("選定しない").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "決定を記録する" }).ClickAsync();
        var summary = page.Locator("#decision-form .error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.GetByRole(AriaRole.Link, new() { Name = "選定しない場合は理由を入力してください。" })).ToHaveAttributeAsync("href", "#field-reason");
        await Expect(page.Locator("#field-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#field-reason-error")).ToContainTextAsync("理由を入力してください");
        await browser.ScreenshotAsync(page, "operator-4-decision-error");
        await browser.AssertAccessibleAsync(page);

        // Selected, with a reason: the confirmation.
        await page.GetByLabel("選定する", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("理由").FillAsync("スキル標準の要件を満たし、面談の評価も高いため。");
        await page.GetByRole(AriaRole.Button, new() { Name = "決定を記録する" }).ClickAsync();
        await Expect(page.Locator("#decided-notice")).ToContainTextAsync("「プロデューサー（CIO補佐官等）：選定する」と記録しました。");
        await Expect(page.Locator("#decision-form .error-summary")).ToHaveCountAsync(0);
        await Expect(page.Locator("#status")).ToContainTextAsync("「プロデューサー（CIO補佐官等）：選定する」と記録しました。");
        await browser.ScreenshotAsync(page, "operator-5-decided");
        await browser.AssertAccessibleAsync(page);

        // What the page said is what the API recorded.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/rounds/{roundId}/applications/{applicationId}")
            .WithToken(TestSignIn.Token(ActorRole.Operator, [roundId]));
        using var response = await browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var stored = detail.RootElement.GetProperty("summary");
        var recorded = Assert.Single(stored.GetProperty("decisions").EnumerateArray());
        Assert.Equal("producer", recorded.GetProperty("persona").GetString());
        Assert.Equal("selected", recorded.GetProperty("decision").GetString());
        Assert.Equal("スキル標準の要件を満たし、面談の評価も高いため。", recorded.GetProperty("reason").GetString());

        // Each action carried a command id; the decision refused for its missing reason and then recorded is one command.
        var changes = browser.ChangesSentBy(page);
        Assert.All(changes, c => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", c.CommandId ?? string.Empty));
        var decisions = changes.Where(c => c.Path.EndsWith("/decision", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, decisions.Count);
        Assert.Single(decisions.Select(c => c.CommandId).Distinct());
        Assert.NotEqual(decisions[0].CommandId, Assert.Single(changes, c => c.Path.EndsWith("/conflict-of-interest", StringComparison.Ordinal)).CommandId);

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_who_declared_a_conflict_sees_that_application_by_its_number_only()
    {
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(title: "ブラウザ試験の公募 利益相反");
        var (related, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(31), RoundSeeder.ResumePdf());
        var (other, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(32), RoundSeeder.ResumePdf());
        await browser.Seeder.CloseWindowAndWaitForPanelReviewAsync(roundId);
        await browser.Seeder.SeedPanelAsync(roundId);

        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "reviewer", [roundId], subject: RoundSeeder.SeededReviewers[0]);
        await browser.GotoAsync(page, $"/reviewer/rounds/{roundId}/applications/{related}");
        await page.GetByLabel("利益相反あり（採点に加わらない）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申告する" }).ClickAsync();
        await Expect(page.Locator("#declared")).ToContainTextAsync("利益相反ありとして記録しました。");
        await Expect(page.Locator("#declaration")).ToBeHiddenAsync();
        await Expect(page.Locator("#scoring")).ToContainTextAsync("この応募の採点には加われません");
        await Expect(page.Locator("#scoring form")).ToHaveCountAsync(0);

        // The list: name-blind until the outcome, the other applicant by pseudonym, this one by its number only.
        await browser.GotoAsync(page, $"/operator/rounds/{roundId}/applications");
        var rows = page.Locator("#applications-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var withheld = rows.Filter(new() { HasText = related });
        await Expect(withheld).ToContainTextAsync("利益相反のため非表示");
        await Expect(page.Locator("#applications-table")).Not.ToContainTextAsync("試験 太郎");
        await Expect(rows.Filter(new() { HasText = Workflow.Functions.Select.ReviewPacks.Pseudonym(other) })).ToHaveCountAsync(1);
        await browser.ScreenshotAsync(page, "operator-8-conflict-withheld");
        await browser.AssertAccessibleAsync(page);

        // Back on the application: the declaration stands, and the page does not ask again.
        await withheld.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("#declared")).ToContainTextAsync("利益相反ありと申告済みです。");
        await Expect(page.Locator("#declaration")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/reviewer/rounds/{Regex.Escape(roundId)}/applications/{Regex.Escape(related)}$"));
        await Expect(page.Locator("#scoring form")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("試験 太郎31");
        await browser.AssertAccessibleAsync(page);

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_ministry_dashboard_shows_a_round_with_its_step_whom_it_waits_for_and_the_deadline()
    {
        var roundId = await browser.OpenRoundAsync();
        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "ministry");

        await browser.GotoAsync(page, "/ministry");
        var row = page.Locator("#rounds-table tbody tr").Filter(new() { HasText = roundId });
        await Expect(row).ToContainTextAsync("ブラウザ試験の公募(応募受付中)"); // the API stores titles NFKC-normalized
        await Expect(row.Locator(".badge")).ToHaveTextAsync("応募");
        await Expect(row).ToContainTextAsync("応募受付中");
        await Expect(row).ToContainTextAsync("応募者");
        await Expect(row.Locator(".deadline")).ToContainTextAsync(new Regex("^令和\\d+年（\\d{4}年）"));
        await Expect(page.Locator("#rounds-table caption")).ToContainTextAsync("公募ラウンド");
        await browser.ScreenshotAsync(page, "ministry-1-dashboard");
        await browser.AssertAccessibleAsync(page);

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_ministry_commissions_a_round_after_correcting_the_errors_the_API_names()
    {
        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "ministry");
        await browser.GotoAsync(page, "/ministry/rounds/new");
        await browser.AssertAccessibleAsync(page);

        // A title but no dates and no personas: every error at the top, linked to its field; the title stays.
        const string title = "令和8年度 自治体DX外部人材 確保支援 ブラウザ試験";
        await page.GetByLabel("公募の名称").FillAsync(title);
        await page.GetByLabel("委託先の民間事業者名").FillAsync("株式会社ブラウザ試験");
        await page.GetByRole(AriaRole.Button, new() { Name = "公募ラウンドを作成し、委託する" }).ClickAsync();
        var summary = page.Locator("#create-round .error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.Locator("a[href='#field-personas']")).ToHaveCountAsync(1);
        await Expect(summary.Locator("a[href='#field-schedule-acceptCommissionBy']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#field-schedule-acceptCommissionBy")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("公募の名称")).ToHaveValueAsync(title);
        await browser.ScreenshotAsync(page, "ministry-2-create-errors");
        await browser.AssertAccessibleAsync(page);

        // The same form, completed: the round is created and the page links to the dashboard.
        var japan = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).Date.AddDays(7);
        string At(int days, int hour = 10) => japan.AddDays(days).AddHours(hour).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("#persona-producer").FillAsync("2");
        await page.Locator("#persona-engineer").FillAsync("3");
        await page.GetByLabel("委託の受諾期限").FillAsync(At(0));
        await page.GetByLabel("公募開始日時").FillAsync(At(1));
        await page.GetByLabel("応募締切日時").FillAsync(At(30));
        await page.GetByLabel("選定期限").FillAsync(At(45));
        for (var i = 0; i < 5; i++)
        {
            await page.Locator($"#field-schedule-trainingSessions-{i}-startsAt").FillAsync(At(50 + i));
        }

        await page.GetByLabel("人材リストへの掲載日").FillAsync(At(60));
        await page.GetByLabel("任用の受付期限").FillAsync(At(120));
        await page.GetByRole(AriaRole.Button, new() { Name = "公募ラウンドを作成し、委託する" }).ClickAsync();
        var created = page.Locator("#created-notice");
        await Expect(created).ToContainTextAsync("公募ラウンドを作成しました");
        await Expect(created.Locator(".deadline")).ToContainTextAsync("令和");
        await Expect(created.GetByRole(AriaRole.Link, new() { Name = "公募ラウンドの状況へ" })).ToHaveAttributeAsync("href", "/ministry");
        await browser.ScreenshotAsync(page, "ministry-3-created");
        await browser.AssertAccessibleAsync(page);

        // On the dashboard, waiting for the operator to accept.
        await created.GetByRole(AriaRole.Link, new() { Name = "公募ラウンドの状況へ" }).ClickAsync();
        var row = page.Locator("#rounds-table tbody tr").Filter(new() { HasText = title });
        await Expect(row.Locator(".badge")).ToHaveTextAsync("委託");
        await Expect(row).ToContainTextAsync("委託の受諾待ち");

        // The refused try and the corrected one are one command: had the first created the round, the second could not make another.
        var creations = browser.ChangesSentBy(page).Where(c => c is { Method: "POST", Path: "/api/rounds" }).ToList();
        Assert.Equal(2, creations.Count);
        Assert.NotNull(creations[0].CommandId);
        Assert.Single(creations.Select(c => c.CommandId).Distinct());

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_ministry_imports_municipalities_and_sees_each_bad_row_named_then_imports_a_workbook_and_exports_it()
    {
        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "ministry");
        await browser.GotoAsync(page, "/ministry/municipalities");
        await Expect(page.Locator("#municipality-table caption")).ToContainTextAsync("団体");
        await browser.AssertAccessibleAsync(page);

        var file = page.GetByLabel("団体の一覧（CSV または Excel ブック）");
        await file.SetInputFilesAsync(new FilePayload
        {
            Name = "dantai.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("code,name,prefecture\n131016,千代田区,東京都\n999999,架空市,東京都\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "ファイルを取り込む" }).ClickAsync();
        var summary = page.Locator("#import-form .error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary).ToContainTextAsync("3行目");
        await Expect(page.Locator("#field-csv")).ToHaveAttributeAsync("aria-invalid", "true");
        await browser.ScreenshotAsync(page, "ministry-4-municipalities-error");
        await browser.AssertAccessibleAsync(page);

        // A workbook as Excel saves it, with Japanese headings; the browser is told no type, the page names it by its extension.
        var workbook = Workflow.Functions.Spreadsheets.Xlsx.Write(new("団体", ["団体コード", "団体名", "都道府県名"], [["131016", "千代田区", "東京都"]]));
        await file.SetInputFilesAsync(new FilePayload { Name = "団体一覧.xlsx", MimeType = "application/octet-stream", Buffer = workbook });
        await page.GetByRole(AriaRole.Button, new() { Name = "ファイルを取り込む" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("1件の団体を登録しました。");
        await Expect(page.Locator("#import-form .error-summary")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "ministry-5-municipalities");

        // The registry comes out as a workbook under its Japanese name and reads back with the imported row.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "団体の一覧をExcel（.xlsx）で書き出す" }).ClickAsync());
        Assert.Equal("団体一覧.xlsx", download.SuggestedFilename);
        await using (var saved = File.OpenRead((await download.PathAsync())!))
        {
            var rows = Workflow.Functions.Spreadsheets.Xlsx.ReadFirstSheet(saved);
            Assert.Equal(["団体コード", "団体名", "都道府県名", "メールアドレス"], rows[0]);
            Assert.Contains(rows, r => r[0] == "131016" && r[1] == "千代田区");
        }

        await Expect(page.Locator("#status")).ToContainTextAsync("団体一覧.xlsx を書き出しました。");

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_operator_records_attendance_session_by_session_ends_training_and_sees_the_certificates()
    {
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(title: "ブラウザ試験の公募 研修");
        var (first, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(21), RoundSeeder.ResumePdf());
        var (second, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(22), RoundSeeder.ResumePdf());
        await browser.Seeder.CloseWindowAndWaitForPanelReviewAsync(roundId);
        var operatorToken = TestSignIn.Token(ActorRole.Operator, [roundId]);
        await browser.Seeder.ScoreByPanelAsync(roundId);
        foreach (var applicationId in new[] { first, second })
        {
            await browser.Seeder.DecideAsync(roundId, applicationId, "selected", "要件を満たすため。");
        }

        await SendOkAsync(HttpMethod.Post, $"api/rounds/{roundId}/selection/finalize", operatorToken, null);
        await browser.Seeder.WaitForStateAsync(roundId, "training");

        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "operator", [roundId]);
        await browser.GotoAsync(page, $"/operator/rounds/{roundId}/training");
        var grid = page.Locator("#attendance-table");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(2);
        await browser.AssertAccessibleAsync(page);

        // Everyone attends every session except 試験 太郎22, who misses the third.
        for (var session = 1; session <= 5; session++)
        {
            foreach (var n in new[] { 21, 22 })
            {
                if (n == 22 && session == 3)
                {
                    continue;
                }

                await page.GetByRole(AriaRole.Checkbox, new() { Name = $"試験 太郎{n}" }).And(page.Locator($"[form='attendance-{session}']")).CheckAsync();
            }

            await page.GetByRole(AriaRole.Button, new() { Name = $"第{session}回の出席を保存" }).ClickAsync();
            await Expect(page.Locator("#status")).ToContainTextAsync($"第{session}回の出席を保存しました");
        }

        await browser.ScreenshotAsync(page, "operator-6-attendance");
        await page.GetByRole(AriaRole.Button, new() { Name = "研修を終了し、修了証を交付する" }).ClickAsync();
        await page.Locator("#finalize-form .confirm").GetByRole(AriaRole.Button, new() { Name = "はい、実行する" }).ClickAsync();
        var certificates = page.Locator("#certificates-table tbody tr");
        await Expect(certificates).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(certificates).ToContainTextAsync("試験 太郎21");
        await browser.ScreenshotAsync(page, "operator-7-certificates");
        await browser.AssertAccessibleAsync(page);

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private async Task SendOkAsync(HttpMethod method, string path, string token, object? json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : System.Net.Http.Json.JsonContent.Create(json) }.WithToken(token);
        using var response = await browser.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }


    /// <summary>
    /// Script errors and assets that failed to load: a page that half-works must fail its test. (Answers of the API
    /// such as 409 before a declaration are expected; the browser logs those as failed resources, so they are not counted.)
    /// </summary>
    private static List<string> CollectScriptErrors(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/assets/", StringComparison.Ordinal) && response.Status != 200)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        return errors;
    }
}
