using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.BrowserTests.Support;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Commission;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using static Microsoft.Playwright.Assertions;

namespace Workflow.BrowserTests.Staff;

/// <summary>
/// The operator's rounds page (/operator) and its buttons: a round the ministry has just commissioned is accepted,
/// published (and so listed on the public page) and, once its window has opened, closed early, each with the
/// button the page shows for the round's state; the page and the API agree on every state.
/// </summary>
[Collection("Browser")]
public sealed class OperatorRoundActionsTests(BrowserFixture browser)
{
    /// <summary>Time for the operator to accept and publish in the browser before the window opens.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_operator_accepts_publishes_and_closes_a_round_with_the_buttons_of_the_rounds_page()
    {
        const string title = "ブラウザ試験の公募 受託事業者の操作";
        var roundId = await CreateRoundAwaitingAcceptanceAsync(title);
        Assert.Equal("awaitingCommissionAcceptance", await StateAsync(roundId));

        var page = await browser.NewPageAsync();
        var errors = CollectScriptErrors(page);
        await browser.SignInAsync(page, "operator", [roundId]);

        // ① The commission, waiting for this operator: only the button to accept it.
        await browser.GotoAsync(page, "/operator");
        var card = page.Locator("section.card").Filter(new() { Has = page.Locator($"[id='round-{roundId}']") });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator("h2")).ToHaveTextAsync(title);
        await Expect(card).ToContainTextAsync("委託の受諾待ち");
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(1);
        var accept = card.GetByRole(AriaRole.Button, new() { Name = "委託を受諾する" });
        await Expect(accept).ToHaveAccessibleDescriptionAsync("受諾すると公募を公開できるようになります。");
        await browser.ScreenshotAsync(page, "operator-actions-1-awaiting-acceptance");
        await browser.AssertAccessibleAsync(page);

        await accept.ClickAsync();
        await Expect(card).ToContainTextAsync("委託受諾済み");
        await Expect(page.Locator("#status")).ToContainTextAsync("現在の段階：委託受諾済み");
        await Expect(page.Locator($"[id='round-{roundId}']")).ToBeFocusedAsync();
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "委託を受諾する" })).ToHaveCountAsync(0);
        Assert.Equal("commissionAccepted", await StateAsync(roundId));
        await browser.ScreenshotAsync(page, "operator-actions-2-commission-accepted");
        await browser.AssertAccessibleAsync(page);

        // ② Publishing the call: published, or already accepting applications if the opening date has come.
        await card.GetByRole(AriaRole.Button, new() { Name = "公募を公開する" }).ClickAsync();
        var published = Either(RoundState.CallPublished, RoundState.AcceptingApplications);
        await Expect(card).ToContainTextAsync(new Regex(published));
        await Expect(page.Locator("#status")).ToContainTextAsync(new Regex($"現在の段階：({published})"));
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "公募を公開する" })).ToHaveCountAsync(0);
        Assert.Contains(await StateAsync(roundId), new[] { "callPublished", "acceptingApplications" });
        await browser.ScreenshotAsync(page, "operator-actions-3-call-published");
        await browser.AssertAccessibleAsync(page);

        // The public list, to anyone without a sign-in, now has the call.
        var visitor = await browser.NewPageAsync();
        var visitorErrors = CollectScriptErrors(visitor);
        await browser.GotoAsync(visitor, "/");
        var call = visitor.Locator("section.card").Filter(new() { Has = visitor.Locator($"[id='call-{roundId}']") });
        await Expect(call).ToHaveCountAsync(1);
        await Expect(call.GetByRole(AriaRole.Link, new() { Name = title })).ToHaveAttributeAsync("href", $"/calls/{roundId}");
        await Expect(call.Locator(".badge")).ToHaveTextAsync(new Regex("^(公開中（受付開始前）|応募受付中)$"));
        await Expect(call).ToContainTextAsync("株式会社ブラウザ試験");
        await browser.ScreenshotAsync(visitor, "operator-actions-4-public-list");
        await browser.AssertAccessibleAsync(visitor);
        Assert.Empty(visitorErrors);
        await visitor.Context.CloseAsync();

        // ③ Once the window has opened, the page offers to close it early.
        await browser.Seeder.WaitForStateAsync(roundId, "acceptingApplications", Lead + TimeSpan.FromSeconds(30));
        await browser.GotoAsync(page, "/operator");
        await Expect(card).ToContainTextAsync("応募受付中");
        var close = card.GetByRole(AriaRole.Button, new() { Name = "応募の受付を今すぐ締め切る" });
        await Expect(close).ToHaveAccessibleDescriptionAsync(new Regex("元に戻せません"));
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = $"応募の一覧と選定（{title}）" })).ToHaveAttributeAsync("href", $"/operator/rounds/{roundId}/applications");
        await browser.ScreenshotAsync(page, "operator-actions-5-accepting-applications");
        await browser.AssertAccessibleAsync(page);

        // What cannot be undone is asked twice; "やめる" leaves the round as it was.
        await close.ClickAsync();
        var confirm = card.Locator(".confirm");
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(confirm).ToContainTextAsync("元に戻せません。よろしいですか？");
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "はい、実行する" })).ToBeFocusedAsync();
        await browser.AssertAccessibleAsync(page);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "やめる" }).ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(close).ToBeFocusedAsync();
        Assert.Equal("acceptingApplications", await StateAsync(roundId));

        await close.ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "はい、実行する" }).ClickAsync();
        var selecting = Either(RoundState.Screening, RoundState.PanelReview);
        await Expect(card).ToContainTextAsync(new Regex(selecting));
        await Expect(page.Locator("#status")).ToContainTextAsync(new Regex($"現在の段階：({selecting})"));
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "応募の受付を今すぐ締め切る" })).ToHaveCountAsync(0);
        Assert.Contains(await StateAsync(roundId), new[] { "screening", "panelReview" });
        await browser.ScreenshotAsync(page, "operator-actions-6-window-closed");
        await browser.AssertAccessibleAsync(page);

        // Screening with no applications ends at once: the panel's step, with the button to finalize it.
        await browser.Seeder.WaitForStateAsync(roundId, "panelReview");
        await browser.GotoAsync(page, "/operator");
        await Expect(card).ToContainTextAsync(RoundStateMachine.DisplayName(RoundState.PanelReview));
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "選定を確定する" })).ToHaveCountAsync(1);
        await browser.ScreenshotAsync(page, "operator-actions-7-panel-review");
        await browser.AssertAccessibleAsync(page);

        // No longer on the public list.
        using (var calls = await browser.Http.GetAsync(new Uri("api/calls", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, calls.StatusCode);
            Assert.DoesNotContain(roundId, await calls.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Three actions, three commands; the cancelled confirmation sent nothing.
        var actions = browser.ChangesSentBy(page).Where(c => c.Path.StartsWith($"/api/rounds/{roundId}/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["commission/accept", "call/publish", "call/close"], actions.Select(c => c.Path[$"/api/rounds/{roundId}/".Length..]));
        Assert.All(actions, c => Assert.NotNull(c.CommandId));
        Assert.Equal(3, actions.Select(c => c.CommandId).Distinct().Count());

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// POST /api/rounds as the ministry, as <see cref="RoundSeeder"/> does, but left waiting for the operator: the
    /// window opens <see cref="Lead"/> from now and stays open ten minutes (it is closed early by the button).
    /// </summary>
    private async Task<string> CreateRoundAwaitingAcceptanceAsync(string title)
    {
        var now = DateTimeOffset.UtcNow;
        var opens = now + Lead;
        opens = new DateTimeOffset(opens.UtcTicks - (opens.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var closes = opens.AddMinutes(10);
        var selection = closes.AddMinutes(10);
        var sessions = Curriculum.DefaultModuleOfSession(Curriculum.MinSessions)
            .Select((module, i) => new TrainingSession(i + 1, module, selection.AddSeconds(i + 1))).ToList();
        var publication = sessions[^1].StartsAt.AddMinutes(10);
        var schedule = new RoundSchedule(opens, opens, closes, selection, sessions, publication, publication.AddDays(30));

        var japan = now.ToOffset(TimeSpan.FromHours(9));
        var fiscalYear = japan.Month >= 4 ? japan.Year : japan.Year - 1;
        var create = new CreateRoundRequest(fiscalYear, title, "株式会社ブラウザ試験",
            Enum.GetValues<Persona>().Select(p => new PersonaOpening(p, 2)).ToList(), schedule);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/rounds", UriKind.Relative))
        {
            Content = JsonContent.Create(create, options: Json.Options),
        }.WithToken(TestSignIn.Token(ActorRole.Ministry));
        using var response = await browser.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/rounds answered {(int)response.StatusCode}: {body}");
        var roundId = JsonDocument.Parse(body).RootElement.GetProperty("roundId").GetString()!;

        // The round is stored before its orchestration has started: wait until the API reports it waiting.
        await browser.Seeder.WaitForStateAsync(roundId, "awaitingCommissionAcceptance");
        return roundId;
    }

    /// <summary>The domain's names of either state, as a pattern: the orchestration may already have moved on.</summary>
    private static string Either(RoundState first, RoundState second) =>
        $"{Regex.Escape(RoundStateMachine.DisplayName(first))}|{Regex.Escape(RoundStateMachine.DisplayName(second))}";

    private async Task<string?> StateAsync(string roundId) =>
        (await browser.Seeder.GetRoundAsync(roundId)).GetProperty("state").GetString();

    /// <summary>Script errors and assets that failed to load, as in the other staff pages' tests.</summary>
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
