using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Demo;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Commission;
using Workflow.Functions.Identity;
using Workflow.Testing;

namespace Workflow.IntegrationTests.Waits;

/// <summary>
/// GET api/ministry/waits on the local host process, the real Durable Task engine and Azurite: a round whose
/// acceptance deadline passes is listed first, overdue, with the deadline it missed, waiting on the ministry while the
/// operator may still accept — what the engine itself says it waits for.
/// </summary>
[Collection("Azurite")]
public sealed class PendingWaitsRouteTests
{
    [Fact]
    public async Task A_round_whose_acceptance_deadline_passed_is_listed_first_as_overdue_with_its_deadline()
    {
        await using var host = new LocalHostProcess(AzuriteFixture.NewPrefix());
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        var now = DateTimeOffset.UtcNow;
        var missed = Whole(now.AddSeconds(2));
        var pending = Whole(now.AddHours(1));
        var overdue = await CreateRoundAsync(http, "期限を過ぎた公募", missed);
        var waiting = await CreateRoundAsync(http, "受諾を待つ公募", pending);

        // Past its deadline the round is overdue at once; the engine then records it and waits on the ministry.
        var items = await PollAsync(http, host, "api/ministry/waits", list =>
            list.Any(i => i.GetProperty("roundId").GetString() == overdue && i.GetProperty("waitingFor").GetProperty("role").GetString() == "ministry")
            && list.Any(i => i.GetProperty("roundId").GetString() == waiting));

        Assert.Equal(2, items.Count);
        var first = items[0];
        Assert.Equal(("round", overdue), (first.GetProperty("kind").GetString(), first.GetProperty("roundId").GetString()));
        Assert.True(first.GetProperty("overdue").GetBoolean());
        Assert.Equal(missed, first.GetProperty("deadline").GetDateTimeOffset());
        // The ministry's wait began when the engine's timer for the deadline fired. A queue's visibility delay is whole
        // seconds, so the provider may deliver a timer up to a second before its time.
        Assert.InRange(first.GetProperty("since").GetDateTimeOffset(), missed.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal("commission", first.GetProperty("step").GetString());
        Assert.Equal((RoundStateMachine.DisplayName(RoundStep.Commission), RoundStateMachine.DisplayName(RoundState.CommissionOverdue)),
            (first.GetProperty("stepName").GetString(), first.GetProperty("stateName").GetString()));
        Assert.Equal("期限を過ぎた公募", first.GetProperty("roundTitle").GetString());
        var ministry = first.GetProperty("waitingFor");
        Assert.Equal(("ministry", $"/ministry?round={overdue}"), (ministry.GetProperty("role").GetString(), ministry.GetProperty("actAt").GetString()));
        var @operator = Assert.Single(first.GetProperty("also").EnumerateArray());
        Assert.Equal(("operator", overdue, "株式会社待ち試験", "/operator"),
            (@operator.GetProperty("role").GetString(), @operator.GetProperty("organisation").GetString(), @operator.GetProperty("organisationName").GetString(), @operator.GetProperty("actAt").GetString()));

        var second = items[1];
        Assert.Equal((waiting, false, pending), (second.GetProperty("roundId").GetString(), second.GetProperty("overdue").GetBoolean(), second.GetProperty("deadline").GetDateTimeOffset()));
        Assert.Equal("operator", second.GetProperty("waitingFor").GetProperty("role").GetString());

        // The dashboard reads the same status: the same party and the same (missed) deadline.
        using (var round = await SendAsync(http, $"api/rounds/{overdue}", ActorRole.Ministry))
        {
            var view = await round.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("ministry", missed, true), (view.GetProperty("waitingFor").GetString(), view.GetProperty("waitingUntil").GetDateTimeOffset(), view.GetProperty("overdue").GetBoolean()));
        }

        // Filters: the operator may act on both; one round; rounds are in no prefecture; the auditor reads the list too.
        Assert.Equal([overdue, waiting], RoundIdsOf(await ReadAsync(http, host, "api/ministry/waits?role=operator")));
        Assert.Equal([overdue], RoundIdsOf(await ReadAsync(http, host, "api/ministry/waits?role=ministry")));
        Assert.Equal([waiting], RoundIdsOf(await ReadAsync(http, host, $"api/ministry/waits?roundId={waiting}")));
        Assert.Empty(RoundIdsOf(await ReadAsync(http, host, "api/ministry/waits?prefecture=" + Uri.EscapeDataString("東京都"))));
        Assert.Equal([overdue, waiting], RoundIdsOf(await ReadAsync(http, host, "api/ministry/waits", ActorRole.Auditor)));

        using var badRole = await SendAsync(http, "api/ministry/waits?role=schedule", ActorRole.Ministry);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        using var asOperator = await SendAsync(http, "api/ministry/waits", ActorRole.Operator, [overdue]);
        Assert.Equal(HttpStatusCode.Forbidden, asOperator.StatusCode);
    }

    private static List<string?> RoundIdsOf(IReadOnlyList<JsonElement> items) => items.Select(i => i.GetProperty("roundId").GetString()).ToList();

    /// <summary>A round the operator has not accepted: the window opens two hours on, so acceptance (or an extension) has room.</summary>
    private static async Task<string> CreateRoundAsync(HttpClient http, string title, DateTimeOffset acceptBy)
    {
        var opens = Whole(DateTimeOffset.UtcNow.AddHours(2));
        var selection = opens.AddHours(2);
        var sessions = Curriculum.DefaultModuleOfSession(Curriculum.MinSessions)
            .Select((module, i) => new TrainingSession(i + 1, module, selection.AddHours(i + 1))).ToList();
        var publication = sessions[^1].StartsAt.AddHours(1);
        var japan = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        var create = new CreateRoundRequest(japan.Month >= 4 ? japan.Year : japan.Year - 1, title, "株式会社待ち試験",
            [new PersonaOpening(Persona.Producer, 1)],
            new RoundSchedule(acceptBy, opens, opens.AddHours(1), selection, sessions, publication, publication.AddDays(30)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/rounds") { Content = JsonContent.Create(create, options: DemoJson.Options) }
            .WithToken(TestSignIn.Token(ActorRole.Ministry));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RoundCreated>(DemoJson.Options))!.RoundId;
    }

    private static async Task<IReadOnlyList<JsonElement>> PollAsync(HttpClient http, LocalHostProcess host, string path, Func<IReadOnlyList<JsonElement>, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        IReadOnlyList<JsonElement> items = [];
        while (DateTime.UtcNow < deadline)
        {
            items = await ReadAsync(http, host, path);
            if (until(items))
            {
                return items;
            }

            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException($"GET {path} never listed what was expected; last: {JsonSerializer.Serialize(items)}\nhost output:\n{host.Output}");
    }

    private static async Task<IReadOnlyList<JsonElement>> ReadAsync(HttpClient http, LocalHostProcess host, string path, ActorRole role = ActorRole.Ministry)
    {
        using var response = await SendAsync(http, path, role);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}\nhost output:\n{host.Output}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Clone()).ToList();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, ActorRole role, IEnumerable<string>? rounds = null) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path).WithToken(TestSignIn.Token(role, rounds)));

    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
