using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Select;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// The 選定委員会 in the browser, from the operator naming it to the public roster: three reviewers score name-blind
/// on the scoring page (one declares a conflict and is left out), the operator reads the scores side by side with the
/// distribution, decides per persona and finalizes; the applicant reads a reason per persona, and the roster lists the
/// person only under the persona they were selected as. Training and publication are driven through the API.
/// </summary>
[Collection("Browser")]
public sealed class PanelPagesTests(BrowserFixture browser)
{
    private const string Title = "ブラウザ試験 選定委員会";
    private static readonly string Producer = SkillStandardCatalog.DisplayName(Persona.Producer);
    private static readonly string Engineer = SkillStandardCatalog.DisplayName(Persona.Engineer);

    [Fact]
    public async Task Three_reviewers_score_name_blind_and_the_operator_decides_per_persona_from_the_panels_result()
    {
        // The selection deadline leaves the pages time to work; finalizing ends the selection before it.
        var roundId = await browser.Seeder.CreateRoundAcceptingApplicationsAsync(
            new RoundTiming(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(5)), Title);
        var (both, bothToken) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducerAndEngineer(81), RoundSeeder.ResumePdf());
        var (producerOnly, _) = await browser.Seeder.SubmitApplicationAsync(roundId, RoundSeeder.EligibleProducer(82), RoundSeeder.ResumePdf());
        await browser.Seeder.CloseWindowAndWaitForPanelReviewAsync(roundId);

        // The operator names the panel: two are not enough, and the error says so at the top, linked to the members.
        var operatorPage = await browser.NewPageAsync();
        var operatorErrors = ScriptErrors.Collect(operatorPage);
        await browser.SignInAsync(operatorPage, "operator", [roundId]);
        await browser.GotoAsync(operatorPage, "/operator");
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = $"選定委員会：委員の指名と採点の状況（{Title}）" }).ClickAsync();
        await Expect(operatorPage).ToHaveURLAsync(new Regex($"/operator/rounds/{Regex.Escape(roundId)}/panel$"));
        await Expect(operatorPage.Locator("#members")).ToContainTextAsync("選定委員はまだ指名されていません");
        string[] reviewers = ["reviewer-a", "reviewer-b", "reviewer-c"];
        string[] names = ["委員 青木", "委員 馬場", "委員 千葉"];
        for (var i = 0; i < 2; i++)
        {
            await operatorPage.Locator($"#field-members-{i}-subject").FillAsync(reviewers[i]);
            await operatorPage.Locator($"#field-members-{i}-name").FillAsync(names[i]);
        }

        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "選定委員を指名する" }).ClickAsync();
        var summary = operatorPage.Locator("#panel-form .error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.Locator("a[href='#field-members']")).ToContainTextAsync("選定委員は3人以上指名してください。");
        await browser.AssertAccessibleAsync(operatorPage);
        await operatorPage.Locator("#field-members-2-subject").FillAsync(reviewers[2]);
        await operatorPage.Locator("#field-members-2-name").FillAsync(names[2]);
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "選定委員を指名する" }).ClickAsync();
        await Expect(operatorPage.Locator("#members-table")).ToBeFocusedAsync();
        await Expect(operatorPage.Locator("#members-table tbody tr")).ToHaveCountAsync(3);
        await Expect(operatorPage.Locator("#status")).ToContainTextAsync("選定委員を3人指名しました。");
        await browser.AssertAccessibleAsync(operatorPage);

        // Reviewer A finds the round's queue: both applications by pseudonym, nothing scored yet.
        var a = await ReviewerAsync(reviewers[0], roundId);
        await browser.GotoAsync(a.Page, "/operator");
        await a.Page.GetByRole(AriaRole.Link, new() { Name = $"採点する応募（{Title}）" }).ClickAsync();
        var queue = a.Page.Locator("#queue-table tbody tr");
        await Expect(queue).ToHaveCountAsync(2);
        await Expect(queue.Filter(new() { HasText = ReviewPacks.Pseudonym(both) })).ToContainTextAsync($"{Engineer}：未採点");
        await Expect(a.Page.Locator("#queue-table")).Not.ToContainTextAsync("試験 太郎");
        await browser.AssertAccessibleAsync(a.Page);
        await queue.Filter(new() { HasText = ReviewPacks.Pseudonym(both) }).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(a.Page).ToHaveURLAsync(new Regex($"/reviewer/rounds/{Regex.Escape(roundId)}/applications/{Regex.Escape(both)}$"));

        // Declaration first; then the pack under its pseudonym and one form per eligible persona.
        await Expect(a.Page.Locator("#scoring form")).ToHaveCountAsync(0);
        await DeclareAsync(a.Page, conflict: false);
        await Expect(a.Page.Locator("#pack-summary")).ToContainTextAsync(ReviewPacks.Pseudonym(both));
        await Expect(a.Page.Locator("#scoring form")).ToHaveCountAsync(2);

        // A level at an end without its reason, and an item left out: each error at its own field.
        var producerForm = a.Page.Locator("#score-producer");
        await producerForm.Locator(Level("producer", 0, 4)).CheckAsync();
        await producerForm.GetByRole(AriaRole.Button).ClickAsync();
        var errors = producerForm.Locator(".error-summary");
        await Expect(errors).ToBeFocusedAsync();
        await Expect(errors.Locator("a[href='#field-producer-items-0-reason']")).ToHaveCountAsync(1);
        await Expect(errors.Locator("a[href='#field-producer-items-1-level']")).ToHaveCountAsync(1);
        await Expect(a.Page.Locator("#field-producer-items-0-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(a.Page.Locator("#field-producer-items-0-reason")).ToHaveAttributeAsync("aria-required", "true");
        await browser.AssertAccessibleAsync(a.Page);
        await ScoreAsync(a.Page, "producer", 3);

        // The engineer form with the keyboard only: arrow keys choose the level, Enter on the button submits.
        var engineerItems = await a.Page.Locator("#score-engineer fieldset.score-item").CountAsync();
        for (var i = 0; i < engineerItems; i++)
        {
            await a.Page.Locator(Level("engineer", i, 1)).FocusAsync();
            await a.Page.Keyboard.PressAsync("ArrowRight");
        }

        await a.Page.Locator("#score-engineer button[type=submit]").FocusAsync();
        await a.Page.Keyboard.PressAsync("Enter");
        await Expect(a.Page.Locator("#saved-notice-engineer")).ToBeFocusedAsync();
        await Expect(a.Page.Locator("#saved-notice-engineer")).ToContainTextAsync("平均 2.00");
        await AssertNameBlindAsync(a.Page, 81);

        // The other application: A at the top of the scale (with reasons), B two levels lower, C declares a conflict.
        await GotoScoringAsync(a.Page, roundId, producerOnly);
        await DeclareAsync(a.Page, conflict: false);
        await ScoreAsync(a.Page, "producer", 4, "自治体の全体方針を指導できる水準と判断。");

        var b = await ReviewerAsync(reviewers[1], roundId);
        await GotoScoringAsync(b.Page, roundId, both);
        await DeclareAsync(b.Page, conflict: false);
        await ScoreAsync(b.Page, "producer", 3);
        await ScoreAsync(b.Page, "engineer", 2);
        await GotoScoringAsync(b.Page, roundId, producerOnly);
        await DeclareAsync(b.Page, conflict: false);
        await ScoreAsync(b.Page, "producer", 2);
        await AssertNameBlindAsync(b.Page, 82);

        var c = await ReviewerAsync(reviewers[2], roundId);
        await GotoScoringAsync(c.Page, roundId, producerOnly);
        await DeclareAsync(c.Page, conflict: true);
        await Expect(c.Page.Locator("#excluded-notice")).ToContainTextAsync("この応募の採点には加われません");
        await Expect(c.Page.Locator("#scoring form")).ToHaveCountAsync(0);
        await Expect(c.Page.Locator("#pack")).Not.ToContainTextAsync(ReviewPacks.Pseudonym(producerOnly));
        await browser.AssertAccessibleAsync(c.Page);

        // C scores last on the first application, and then sees all three side by side with the panel's result.
        await GotoScoringAsync(c.Page, roundId, both);
        await DeclareAsync(c.Page, conflict: false);
        await ScoreAsync(c.Page, "producer", 4, "戦略立案と推進の経験が具体的で、指導できる水準。");
        await ScoreAsync(c.Page, "engineer", 2);
        var producerResult = c.Page.Locator("#result-producer");
        await Expect(producerResult.Locator("table.scores thead th")).ToContainTextAsync(["スキル項目", $"あなた（{names[2]}）", names[0], names[1], "平均"]);
        await Expect(producerResult.Locator("dl")).ToContainTextAsync("3.33");
        await Expect(producerResult.Locator("dl")).ToContainTextAsync("採点 3人／定足数 3人（定足数に達しています）");
        await AssertNameBlindAsync(c.Page, 81);
        await browser.ScreenshotAsync(c.Page, "panel-1-scoring");
        await browser.AssertAccessibleAsync(c.Page);

        // The overview: every eligible application × persona, the members' means side by side, the flag and the chart.
        await operatorPage.ReloadAsync();
        var rows = operatorPage.Locator("#overview-table tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(operatorPage.Locator("#overview-table thead th")).ToContainTextAsync(["受付番号", "人材像", names[0], names[1], names[2], "委員会の平均"]);
        var disputed = rows.Filter(new() { HasText = producerOnly });
        await Expect(disputed).ToContainTextAsync("要協議");
        await Expect(disputed).ToContainTextAsync("2／2人");
        await Expect(disputed.Locator("td").Nth(1)).ToHaveTextAsync("4.00");
        await Expect(disputed.Locator("td").Nth(3)).ToHaveTextAsync("利益相反");
        var agreed = rows.Filter(new() { HasText = both }).Filter(new() { HasText = Producer });
        await Expect(agreed).ToContainTextAsync("3.33");
        await Expect(agreed).Not.ToContainTextAsync("要協議");
        var charts = operatorPage.Locator("#distribution-charts svg[role=img]");
        await Expect(charts).ToHaveCountAsync(2);
        await Expect(operatorPage.Locator("#distribution-charts svg title").First).ToContainTextAsync($"{Producer}の委員会の平均の分布（2件）");
        await Expect(operatorPage.Locator("#distribution-table tbody tr").Filter(new() { HasText = Engineer })).ToContainTextAsync("1件");
        await browser.ScreenshotAsync(operatorPage, "panel-2-overview");
        await browser.AssertAccessibleAsync(operatorPage);

        // The decisions, per persona, from the overview's link: the panel's result above the form.
        await agreed.GetByRole(AriaRole.Link).ClickAsync();
        await DeclareAsync(operatorPage, conflict: false, label: "利益相反なし（審査に加わる）");
        await Expect(operatorPage.Locator("#field-persona")).ToBeCheckedAsync();
        await Expect(operatorPage.Locator("#panel-result")).ToContainTextAsync("3.33");
        await Decide(operatorPage, Producer, selected: true, "戦略立案の経験と委員会の評価（平均3.33）から、プロデューサーとして選定します。");
        await Decide(operatorPage, Engineer, selected: false, "デジタルツール実装の評価が委員会で基準に届きませんでした（平均2.00）。");
        await Expect(operatorPage.Locator("#panel-result")).ToContainTextAsync($"{Engineer}：選定委員会の採点");
        await Expect(operatorPage.Locator("#panel-result dl")).ToContainTextAsync("2.00");
        await browser.Seeder.DecideAsync(roundId, producerOnly, "selected", "委員会で協議のうえ選定。", "producer");

        // Finalizing on the rounds page, asked twice as every irreversible action is.
        await browser.GotoAsync(operatorPage, "/operator");
        var card = operatorPage.Locator("section.card").Filter(new() { HasText = Title });
        await card.GetByRole(AriaRole.Button, new() { Name = "選定を確定する" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "はい、実行する" }).ClickAsync();
        await browser.Seeder.WaitForStateAsync(roundId, "training");
        Assert.Empty(operatorErrors);

        // The applicant reads one result per persona, each with its reason.
        var applicant = await browser.NewPageAsync();
        await browser.GotoAsync(applicant, "/applications/status");
        await applicant.Locator("#field-applicationId").FillAsync(both);
        await applicant.Locator("#field-accessToken").FillAsync(bothToken);
        await applicant.GetByRole(AriaRole.Button, new() { Name = "確認する", Exact = true }).ClickAsync();
        var results = applicant.Locator("h3:has-text('人材像ごとの選定結果') + table tbody tr");
        await Expect(results).ToHaveCountAsync(2);
        await Expect(results.Filter(new() { HasText = Producer })).ToContainTextAsync(ApplicationNames.Outcome(true));
        await Expect(results.Filter(new() { HasText = Producer })).ToContainTextAsync("プロデューサーとして選定します");
        await Expect(results.Filter(new() { HasText = Engineer })).ToContainTextAsync(ApplicationNames.Outcome(false));
        await Expect(results.Filter(new() { HasText = Engineer })).ToContainTextAsync("デジタルツール実装の評価が委員会で基準に届きませんでした");
        await browser.AssertAccessibleAsync(applicant);

        // That the roster then lists this person as a producer only is PublishActivitiesTests' (waiting here for the
        // publication date, 150 s away so that the panel's pages have time, took two minutes of the suite).
        foreach (var reviewer in new[] { a, b, c })
        {
            Assert.Empty(reviewer.Errors);
            await reviewer.Page.Context.CloseAsync();
        }

        await operatorPage.Context.CloseAsync();
        await applicant.Context.CloseAsync();
    }

    private static string Level(string persona, int item, int level) =>
        level == 1 ? $"#field-{persona}-items-{item}-level" : $"#field-{persona}-items-{item}-level-{level}";

    private async Task<(IPage Page, List<string> Errors)> ReviewerAsync(string subject, string roundId)
    {
        var page = await browser.NewPageAsync();
        var errors = ScriptErrors.Collect(page);
        await browser.SignInAsync(page, "reviewer", [roundId], subject: subject);
        return (page, errors);
    }

    private Task GotoScoringAsync(IPage page, string roundId, string applicationId) =>
        browser.GotoAsync(page, $"/reviewer/rounds/{roundId}/applications/{applicationId}");

    private static async Task DeclareAsync(IPage page, bool conflict, string? label = null)
    {
        await page.GetByLabel(label ?? (conflict ? "利益相反あり（採点に加わらない）" : "利益相反なし（採点に加わる）")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申告する" }).ClickAsync();
        await Expect(page.Locator("#declared-notice")).ToBeFocusedAsync();
    }

    /// <summary>Every item of one persona's form at one level (with a reason where the level needs one), then submits.</summary>
    private static async Task ScoreAsync(IPage page, string persona, int level, string? reason = null)
    {
        var form = page.Locator($"#score-{persona}");
        var count = await form.Locator("fieldset.score-item").CountAsync();
        Assert.True(count > 0, $"no skill items on the {persona} form");
        for (var i = 0; i < count; i++)
        {
            await form.Locator(Level(persona, i, level)).CheckAsync();
            await form.Locator($"#field-{persona}-items-{i}-reason").FillAsync(reason ?? string.Empty);
        }

        await form.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator($"#saved-notice-{persona}")).ToBeFocusedAsync();
        await Expect(page.Locator($"#result-{persona} dl")).ToContainTextAsync("委員会の平均");
    }

    private static async Task Decide(IPage page, string persona, bool selected, string reason)
    {
        await page.Locator("#decision-form").GetByLabel(persona, new() { Exact = true }).CheckAsync();
        await page.GetByLabel(selected ? "選定する" : "選定しない", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("理由").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "決定を記録する" }).ClickAsync();
        await Expect(page.Locator("#decided-notice")).ToBeFocusedAsync();
        await Expect(page.Locator("#decided-notice")).ToContainTextAsync(persona);
    }

    /// <summary>Nothing on the scoring page names the person: no name, kana or e-mail address (n as in the seeder's forms).</summary>
    private static async Task AssertNameBlindAsync(IPage page, int n)
    {
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain($"試験 太郎{n}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("シケン", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"taro.shiken{n:D3}", text, StringComparison.Ordinal);
    }
}

/// <summary>Script errors and failed requests a page reports, for tests to assert there are none.</summary>
internal static class ScriptErrors
{
    public static List<string> Collect(IPage page)
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
        return errors;
    }
}
