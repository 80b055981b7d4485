using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Workflow.Demo;
using CreateRoundRequest = Workflow.Functions.Commission.CreateRoundRequest;
using Workflow.Domain.Applications;
using PanelDecision = Workflow.Domain.Applications.PanelDecision;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Commission;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests.Concurrency;

/// <summary>
/// Valid requests sent at the same moment, the way people act: twice, together, late. Each race runs
/// <see cref="Runs"/> times, in rounds of their own side by side on one local host. Every run must end with no
/// round failed, every answer given matching what is stored and notified, and counts equal to a recount.
/// </summary>
[Collection("Azurite")]
public sealed class RaceTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Runs = 5;

    /// <summary>The first day of the terms asked for: a month ahead, in Japan.</summary>
    private static DateOnly TermStart => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(30);

    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private LocalHostProcess _host = null!;

    public async Task InitializeAsync()
    {
        _host = new LocalHostProcess(_prefix);
        await _host.StartAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Accept_extend_and_cancel_of_an_overdue_commission_at_once_record_exactly_one()
    {
        using var client = new RaceClient(_host.BaseUrl);
        await Task.WhenAll(Enumerable.Range(0, Runs).Select(run => OverdueCommissionRaceAsync(client, run)));
    }

    private static async Task OverdueCommissionRaceAsync(RaceClient client, int run)
    {
        var now = DateTimeOffset.UtcNow;
        var schedule = Schedule(now, acceptBy: now.AddSeconds(2), opens: now.AddHours(1), publication: now.AddHours(4));
        var roundId = await CreateRoundAsync(client, schedule, run);
        await client.WaitForStateAsync(roundId, "commissionOverdue");

        var extendTo = Whole(now.AddMinutes(30));
        var operatorToken = RaceClient.Operator(roundId);
        var answers = await Task.WhenAll(
            client.PostAsync($"api/rounds/{roundId}/commission/accept", operatorToken),
            client.PostAsync($"api/rounds/{roundId}/commission/accept", operatorToken),
            client.PostAsync($"api/rounds/{roundId}/commission/extend", RaceClient.Ministry, new ExtendCommissionRequest(extendTo)),
            client.PostAsync($"api/rounds/{roundId}/commission/extend", RaceClient.Ministry, new ExtendCommissionRequest(extendTo.AddMinutes(1))),
            client.PostAsync($"api/rounds/{roundId}/cancel", RaceClient.Ministry));
        var late = await client.PostAsync($"api/rounds/{roundId}/commission/extend", RaceClient.Ministry, new ExtendCommissionRequest(now.AddMinutes(-5)));

        var won = Assert.Single(answers.Select((a, i) => (a, i)), x => x.a.Status == 202);
        Assert.All(answers.Where(a => a.Status != 202), a => Assert.Equal(409, a.Status));
        Assert.True(late.Status is 400 or 409, $"an extension into the past must be refused, got {late.Status}");

        var expected = won.i switch { 0 or 1 => "commissionAccepted", 2 or 3 => "awaitingCommissionAcceptance", _ => "cancelled" };
        var round = await client.WaitForStateAsync(roundId, expected);
        if (expected == "awaitingCommissionAcceptance")
        {
            Assert.Equal(won.i == 2 ? extendTo : extendTo.AddMinutes(1), round.GetProperty("schedule").GetProperty("acceptCommissionBy").GetDateTimeOffset());
        }

        var log = await BusinessActionsAsync(client, roundId);
        Assert.Equal(1, log.Count(a => a is "CommissionAccepted" or "CommissionDeadlineExtended" or "RoundCancelled"));
    }

    [Fact]
    public async Task A_whole_round_of_races_leaves_one_true_record_that_every_notice_agrees_with()
    {
        using var client = new RaceClient(_host.BaseUrl);
        await client.GetAsync("api/municipalities", RaceClient.Ministry);
        var results = await Task.WhenAll(Enumerable.Range(0, Runs).Select(run => RoundOfRacesAsync(client, run)));
        foreach (var result in results)
        {
            await CheckStoredAgainstAnswersAsync(client, result);

            // What each run actually raced, for the record (a run where nothing lost a race proves little).
            output.WriteLine($"{result.RoundId}: withdrawn {result.Withdrawn.Count}, decisions recorded {result.DecidedAndTold.Count} / refused {result.DecisionRefused.Count}, "
                + $"last session recorded {result.FullyAttendedAndTold.Count}, appointment {(result.AppointmentAcceptedAndTold is { } a ? a ? "accepted" : "declined" : "none")}");
        }
    }

    /// <summary>What people were told during one round, to be checked against storage and notices at the end.</summary>
    private sealed record RoundRaces(
        string RoundId,
        IReadOnlyDictionary<string, string> Tokens,
        IReadOnlySet<string> Withdrawn,
        IReadOnlyDictionary<string, PanelDecision> DecidedAndTold,
        IReadOnlySet<string> DecisionRefused,
        IReadOnlySet<string> FullyAttendedAndTold,
        string? AppointmentId,
        bool? AppointmentAcceptedAndTold);

    private async Task<RoundRaces> RoundOfRacesAsync(RaceClient client, int run)
    {
        var now = DateTimeOffset.UtcNow;
        var opens = now.AddSeconds(12);
        var roundId = await CreateRoundAsync(client, Schedule(now, opens, opens, now.AddSeconds(110)), run);
        var operatorToken = RaceClient.Operator(roundId);

        // ① A double click on accept, ② and on publish: one each is recorded.
        await OneAcceptedAsync(Enumerable.Range(0, 3).Select(_ => client.PostAsync($"api/rounds/{roundId}/commission/accept", operatorToken)));
        await client.WaitForStateAsync(roundId, "commissionAccepted");
        await OneAcceptedAsync(Enumerable.Range(0, 3).Select(_ => client.PostAsync($"api/rounds/{roundId}/call/publish", operatorToken)));
        await client.WaitForStateAsync(roundId, "acceptingApplications");

        // ③ Applicants, one of them sending the form twice at once with one key and once more without it.
        var people = SyntheticApplicants.Generate(14, [Persona.Producer, Persona.Engineer], seed: 100 + run);
        var tokens = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(people.Skip(1), async (person, _) =>
        {
            var answer = await client.SubmitAsync(roundId, person, key: $"race-{run}-{person.Index}-submit");
            Assert.Equal(201, answer.Status);
            tokens[answer.Text("applicationId")] = answer.Text("accessToken");
        });
        var twice = await Task.WhenAll(
            client.SubmitAsync(roundId, people[0], key: $"race-{run}-double"),
            client.SubmitAsync(roundId, people[0], key: $"race-{run}-double"),
            client.SubmitAsync(roundId, people[0]));
        var created = twice.Where(a => a.Status == 201).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(a => a.Text("applicationId")).Distinct());
        Assert.All(twice.Where(a => a.Status != 201), a => Assert.Equal(409, a.Status));
        tokens[created[0].Text("applicationId")] = created[0].Text("accessToken");

        // Withdrawals racing the early close of the window, then racing the screening it starts.
        var ids = tokens.Keys.Order(StringComparer.Ordinal).ToList();
        var withdrawn = new ConcurrentBag<string>();
        async Task WithdrawAsync(string id)
        {
            var answer = await client.AsApplicantAsync(HttpMethod.Delete, $"api/applications/{id}", tokens[id]);
            Assert.True(answer.Status is 200 or 409, $"withdrawal answered {answer.Status}: {answer.Body}");
            if (answer.Status == 200)
            {
                withdrawn.Add(id);
            }
        }

        var closing = Enumerable.Range(0, 2).Select(_ => client.PostAsync($"api/rounds/{roundId}/call/close", operatorToken)).ToList();
        await Task.WhenAll(ids.Take(2).Select(WithdrawAsync).Concat(closing.Select(c => (Task)c)));
        Assert.Single(await Task.WhenAll(closing), a => a.Status == 202);
        await Task.WhenAll(ids.Skip(2).Take(2).Select(WithdrawAsync));

        // ④ Three reviewers score; one flips to a conflict while scoring; the operator decides while it finalizes:
        // every decision answered 200 must be the outcome told.
        await client.WaitForStateAsync(roundId, "panelReview");
        var reviewers = Enumerable.Range(1, 3).Select(n => RaceClient.Reviewer(roundId, n)).ToList();
        Assert.Equal(200, (await client.PutAsync($"api/rounds/{roundId}/panel", operatorToken,
            new { members = Enumerable.Range(1, 3).Select(n => new { subject = RaceClient.ReviewerSubject(n), name = $"委員{n}" }) })).Status);
        var eligible = (await ApplicationIdsAsync(client, roundId, "eligible")).ToArray();

        // A decision is on one persona: each application's first eligible one.
        var personaOf = await FirstEligiblePersonasAsync(client, roundId, eligible);
        Assert.True(eligible.Length >= 2, $"screening let {eligible.Length} through: too few to race the panel");

        // The second reviewer, having declared no conflict on one application, declares a conflict on it while scoring
        // it: whichever lands first, the conflicted reviewer's scores do not count, and its list hides the person.
        var flipped = eligible[^1];
        var second = reviewers[1];
        await Parallel.ForEachAsync(eligible.SelectMany(id => reviewers.Select(r => (id, r))), async (x, _) =>
        {
            Assert.Equal(200, (await client.PutAsync($"api/rounds/{roundId}/applications/{x.id}/conflict-of-interest", x.r, new { hasConflict = false })).Status);
            var scores = new { items = ProducerOrEngineerItems(personaOf[x.id]), comment = (string?)null };
            if (x.id == flipped && x.r == second)
            {
                var flip = await Task.WhenAll(
                    client.PutAsync($"api/rounds/{roundId}/applications/{x.id}/scores/{personaOf[x.id]}", x.r, scores),
                    client.PutAsync($"api/rounds/{roundId}/applications/{x.id}/conflict-of-interest", x.r, new { hasConflict = true }));
                Assert.True(flip[0].Status is 200 or 409, $"the flipped scoring answered {flip[0].Status}: {flip[0].Body}");
                Assert.Equal(200, flip[1].Status);
                return;
            }

            Assert.Equal(200, (await client.PutAsync($"api/rounds/{roundId}/applications/{x.id}/scores/{personaOf[x.id]}", x.r, scores)).Status);
        });
        var flippedResult = (await client.GetAsync($"api/rounds/{roundId}/applications/{flipped}/scores", operatorToken)).Body.GetProperty("personas")[0].GetProperty("result");
        Assert.Equal(2, flippedResult.GetProperty("scored").GetInt32());
        Assert.Equal(2, flippedResult.GetProperty("quorum").GetInt32());
        var seen = (await client.GetAsync($"api/rounds/{roundId}/applications?status=eligible&pageSize=200", second)).Body.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("applicationId").GetString() == flipped);
        Assert.True(seen.GetProperty("identityWithheld").GetBoolean());

        foreach (var id in eligible)
        {
            Assert.Equal(200, (await client.PutAsync($"api/rounds/{roundId}/applications/{id}/conflict-of-interest", operatorToken, new { hasConflict = false })).Status);
        }

        var decided = new ConcurrentDictionary<string, PanelDecision>(StringComparer.Ordinal);
        var refused = new ConcurrentBag<string>();
        var decisions = eligible.Select(async (id, i) =>
        {
            var decision = i % 3 == 2 ? PanelDecision.NotSelected : PanelDecision.Selected;
            var answer = await client.PutAsync($"api/rounds/{roundId}/applications/{id}/decision", operatorToken,
                new { decision, reason = decision == PanelDecision.NotSelected ? "他の候補者を優先しました。" : null, persona = personaOf[id] });
            Assert.True(answer.Status is 200 or 409, $"decision answered {answer.Status}: {answer.Body}");
            if (answer.Status == 200)
            {
                decided[id] = decision;
            }
            else
            {
                refused.Add(id);
            }
        }).ToList();
        await Task.Delay(eligible.Length * 10);
        var finalizing = Enumerable.Range(0, 2).Select(_ => client.PostAsync($"api/rounds/{roundId}/selection/finalize", operatorToken)).ToList();
        await Task.WhenAll(decisions);
        Assert.Single(await Task.WhenAll(finalizing), a => a.Status == 202);

        // ⑤ Attendance of the last session races the end of the training.
        await client.WaitForStateAsync(roundId, "training");
        var trainees = await ApplicationIdsAsync(client, roundId, "selected");
        var sessions = Curriculum.MaxSessions;
        for (var session = 1; session < sessions; session++)
        {
            var answer = await client.PutAsync($"api/rounds/{roundId}/training/sessions/{session}/attendance", operatorToken, new { attendees = trainees, absentees = Array.Empty<string>() });
            Assert.Equal(200, answer.Status);
        }

        var fullyAttended = new HashSet<string>(StringComparer.Ordinal);
        var lastSession = trainees.Select(id => client.PutAsync($"api/rounds/{roundId}/training/sessions/{sessions}/attendance", operatorToken,
            new { attendees = new[] { id }, absentees = Array.Empty<string>() })).ToList();
        var ending = Enumerable.Range(0, 2).Select(_ => client.PostAsync($"api/rounds/{roundId}/training/finalize", operatorToken)).ToList();
        var lastAnswers = await Task.WhenAll(lastSession);
        for (var i = 0; i < trainees.Count; i++)
        {
            Assert.True(lastAnswers[i].Status is 200 or 409, $"attendance answered {lastAnswers[i].Status}: {lastAnswers[i].Body}");
            if (lastAnswers[i].Status == 200)
            {
                fullyAttended.Add(trainees[i]);
            }
        }

        Assert.Single(await Task.WhenAll(ending), a => a.Status == 202);

        // ⑦ A municipality asks; the person clicks accept and decline at once: one answer is recorded and told.
        await client.WaitForStateAsync(roundId, "appointing", TimeSpan.FromSeconds(240));
        string? appointmentId = null;
        bool? accepted = null;
        var roster = (await client.GetAsync($"api/municipalities/{RaceClient.MunicipalityCode}/roster?roundId={roundId}", RaceClient.Municipality)).Body.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("candidateId").GetString()!).ToList();
        if (roster.FirstOrDefault(tokens.ContainsKey) is { } candidate)
        {
            var asked = await client.PostAsync($"api/rounds/{roundId}/appointments", RaceClient.Municipality, new
            {
                candidateId = candidate, role = "other", roleTitle = "DX推進アドバイザー", employmentForm = "contract",
                startsOn = TermStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), endsOn = TermStart.AddYears(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                daysPerWeek = 2, workStyle = "remote",
            });
            if (asked.Status == 201)
            {
                appointmentId = asked.Text("appointmentId");
                await WaitForAppointmentNoticeAsync(client, candidate, tokens[candidate]);
                var answers = await Task.WhenAll(
                    client.AsApplicantAsync(HttpMethod.Post, $"api/appointments/{appointmentId}/answer", tokens[candidate], new { accept = true }),
                    client.AsApplicantAsync(HttpMethod.Post, $"api/appointments/{appointmentId}/answer", tokens[candidate], new { accept = false }));
                var won = Assert.Single(answers.Select((a, i) => (a, i)), x => x.a.Status == 202);
                Assert.Equal(409, answers[1 - won.i].Status);
                accepted = won.i == 0;
            }
        }

        await OneAcceptedAsync(Enumerable.Range(0, 2).Select(_ => client.PostAsync($"api/rounds/{roundId}/close", RaceClient.Ministry)));
        await client.WaitForRoundAsync(roundId, r => r.GetProperty("runtimeStatus").GetString() == "Completed", "completion");
        return new RoundRaces(roundId, tokens, withdrawn.ToHashSet(StringComparer.Ordinal), decided, refused.ToHashSet(StringComparer.Ordinal),
            fullyAttended, appointmentId, accepted);
    }

    private async Task CheckStoredAgainstAnswersAsync(RaceClient client, RoundRaces races)
    {
        var rows = await ApplicationRowsAsync(races.RoundId);
        var round = (await client.GetAsync($"api/rounds/{races.RoundId}", RaceClient.Ministry)).Body;
        var counts = round.GetProperty("counts");

        // Withdrawals told "done" left nothing; the others are all there, once each, with their claim.
        Assert.Empty(rows.Keys.Intersect(races.Withdrawn));
        Assert.Equal(races.Tokens.Keys.Except(races.Withdrawn).Order(), rows.Keys.Order());
        Assert.Equal(rows.Count, counts.GetProperty("submitted").GetInt32());
        Assert.Equal(rows.Values.Count(r => r.GetString("Status") is "Selected" or "Certified" or "NotCertified"), counts.GetProperty("selected").GetInt32());
        Assert.Equal(rows.Values.Count(r => r.GetString("Status") == "Certified"), counts.GetProperty("certified").GetInt32());

        var listed = (await client.GetAsync($"api/municipalities/{RaceClient.MunicipalityCode}/roster?roundId={races.RoundId}&pageSize=200", RaceClient.Municipality)).Body.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("candidateId").GetString()!, i => i.GetProperty("personas").EnumerateArray().Select(p => p.GetString()!).ToList(), StringComparer.Ordinal);
        foreach (var (id, row) in rows)
        {
            var status = row.GetString("Status")!;
            var selected = status is "Selected" or "Certified" or "NotCertified";

            // The stored decision is the outcome, and a decision the reviewer was told was recorded is that decision.
            var stored = StoredDecisions(row);
            var storedSelected = stored.Where(d => d.Decision == "selected").Select(d => d.Persona).ToList();
            Assert.Equal(storedSelected.Count > 0 && row.GetBoolean("Eligible") == true, selected);
            if (races.DecidedAndTold.TryGetValue(id, out var told))
            {
                Assert.Equal(told.ToString(), Assert.Single(stored).Decision, ignoreCase: true);
            }

            if (races.DecisionRefused.Contains(id))
            {
                Assert.Empty(stored);
            }

            // Selected only as the persona decided on, and listed (if at all) only as that one.
            if (selected)
            {
                var outcomes = JsonDocument.Parse(row.GetString("OutcomesJson")!).RootElement.EnumerateArray()
                    .Where(o => o.GetProperty("selected").GetBoolean()).Select(o => o.GetProperty("persona").GetString()!).ToList();
                Assert.Equal(storedSelected, outcomes);
                if (listed.TryGetValue(id, out var personas))
                {
                    Assert.Equal(outcomes, personas);
                }
            }

            // What the applicant was notified says the same.
            var notices = (await client.GetAsync($"api/applications/{id}/notifications", null, races.Tokens[id])).Body.GetProperty("items").EnumerateArray().ToList();
            var outcome = Assert.Single(notices, n => n.GetProperty("kind").GetString() == "SelectionOutcome");
            Assert.Equal(selected, outcome.GetProperty("title").GetString()!.Contains("（選定）", StringComparison.Ordinal));
            if (selected)
            {
                Assert.Equal(races.FullyAttendedAndTold.Contains(id) ? "Certified" : "NotCertified", status);
                var training = Assert.Single(notices, n => n.GetProperty("kind").GetString() == "TrainingCompleted");
                Assert.Equal(status == "Certified", training.GetProperty("title").GetString()!.Contains("修了証交付", StringComparison.Ordinal));
            }
        }

        if (races.AppointmentId is { } appointmentId)
        {
            var appointment = (await client.GetAsync($"api/appointments/{appointmentId}", RaceClient.Municipality)).Body;
            Assert.Equal(races.AppointmentAcceptedAndTold == true ? "accepted" : "declined", appointment.GetProperty("status").GetString());
            var notices = (await client.GetAsync($"api/municipalities/{RaceClient.MunicipalityCode}/notifications", RaceClient.Municipality)).Body.GetProperty("items").EnumerateArray()
                .Where(n => n.TryGetProperty("subjectId", out var s) && s.GetString() == appointmentId && n.GetProperty("kind").GetString() == "AppointmentAnswered").ToList();
            var notice = Assert.Single(notices);
            Assert.Equal(races.AppointmentAcceptedAndTold == true, notice.GetProperty("title").GetString()!.Contains("承諾", StringComparison.Ordinal));
        }
    }

    private async Task<Dictionary<string, TableEntity>> ApplicationRowsAsync(string roundId)
    {
        var table = azurite.Tables.GetTableClient(_prefix + "Applications");
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {roundId} and PartitionKey lt {roundId + "~"}")))
        {
            if (!row.RowKey.StartsWith('~'))
            {
                rows[row.RowKey] = row;
            }
        }

        return rows;
    }

    private static async Task OneAcceptedAsync(IEnumerable<Task<RaceAnswer>> sent)
    {
        var answers = await Task.WhenAll(sent);
        Assert.Single(answers, a => a.Status == 202);
        Assert.All(answers.Where(a => a.Status != 202), a =>
        {
            Assert.Equal(409, a.Status);
            Assert.StartsWith("この操作は既に記録されています", a.Title);
        });
    }

    /// <summary>Every skill item of the persona at level 3: a scoring the API accepts without reasons.</summary>
    private static object[] ProducerOrEngineerItems(string persona) =>
        [.. SkillStandardCatalog.R3Draft.For(persona == "producer" ? Persona.Producer : Persona.Engineer).AllSkills.Select(i => new { code = i.Code, level = 3 })];

    /// <summary>The panel's decisions stored on an application row: persona and decision, as the API spells them.</summary>
    private static List<(string Persona, string Decision)> StoredDecisions(TableEntity row) =>
        row.GetString("DecisionsJson") is { } json
            ? JsonDocument.Parse(json).RootElement.EnumerateArray().Select(d => (d.GetProperty("persona").GetString()!, d.GetProperty("decision").GetString()!)).ToList()
            : [];

    /// <summary>Each application's first persona that screening found it eligible for, from the operator's list.</summary>
    private static async Task<Dictionary<string, string>> FirstEligiblePersonasAsync(RaceClient client, string roundId, IReadOnlyCollection<string> ids)
    {
        var page = (await client.GetAsync($"api/rounds/{roundId}/applications?status=eligible&pageSize=200", RaceClient.Operator(roundId))).Body;
        return page.GetProperty("items").EnumerateArray()
            .Where(i => ids.Contains(i.GetProperty("applicationId").GetString()!))
            .ToDictionary(i => i.GetProperty("applicationId").GetString()!, i => i.GetProperty("screening").GetProperty("perPersona").EnumerateArray()
                .First(r => r.GetProperty("eligible").GetBoolean()).GetProperty("persona").GetString()!, StringComparer.Ordinal);
    }

    private static async Task<List<string>> ApplicationIdsAsync(RaceClient client, string roundId, string status)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = (await client.GetAsync($"api/rounds/{roundId}/applications?status={status}&pageSize=200"
                + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation)), RaceClient.Operator(roundId))).Body;
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicationId").GetString()!));
            continuation = page.TryGetProperty("continuation", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (continuation is not null);
        return ids;
    }

    private static async Task WaitForAppointmentNoticeAsync(RaceClient client, string applicationId, string token)
    {
        for (var i = 0; i < 200; i++)
        {
            var notices = (await client.GetAsync($"api/applications/{applicationId}/notifications", null, token)).Body.GetProperty("items").EnumerateArray();
            if (notices.Any(n => n.GetProperty("kind").GetString()!.StartsWith("AppointmentRequested", StringComparison.Ordinal)))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The appointment request never reached {applicationId}.");
    }

    private static async Task<List<string>> BusinessActionsAsync(RaceClient client, string roundId)
    {
        var history = (await client.GetAsync($"api/audit/rounds/{roundId}/history?pageSize=200", RaceClient.Ministry)).Body;
        return history.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("source").GetString() == "business")
            .Select(i => i.GetProperty("action").GetString()!)
            .ToList();
    }

    private static async Task<string> CreateRoundAsync(RaceClient client, RoundSchedule schedule, int run)
    {
        var fiscalYear = schedule.ApplicationOpensAt.ToOffset(TimeSpan.FromHours(9)) is { Month: >= 4 } j ? j.Year : schedule.ApplicationOpensAt.Year - 1;
        var request = new CreateRoundRequest(fiscalYear, $"令和{fiscalYear - 2018}年度 同時操作検査 {run + 1}", "株式会社同時操作検査",
            [new PersonaOpening(Persona.Producer, 3), new PersonaOpening(Persona.Engineer, 5)], schedule);
        var created = await client.PostAsync("api/rounds", RaceClient.Ministry, request, key: $"race-create-{Guid.NewGuid():N}");
        Assert.Equal(201, created.Status);
        return created.Text("roundId");
    }

    /// <summary>
    /// A schedule whose deadlines sit far enough ahead that the races, not the dates, end each phase; only the
    /// publication date is waited for.
    /// </summary>
    private static RoundSchedule Schedule(DateTimeOffset now, DateTimeOffset acceptBy, DateTimeOffset opens, DateTimeOffset publication)
    {
        var selection = publication.AddSeconds(-Curriculum.MaxSessions - 1);
        var sessions = Curriculum.DefaultModuleOfSession(Curriculum.MaxSessions)
            .Select((module, i) => new TrainingSession(i + 1, module, Whole(selection.AddSeconds(i + 1))))
            .ToList();
        return new RoundSchedule(Whole(acceptBy), Whole(opens), Whole(publication.AddSeconds(-60)), Whole(selection), sessions, Whole(publication), Whole(publication.AddDays(1)));
    }

    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
