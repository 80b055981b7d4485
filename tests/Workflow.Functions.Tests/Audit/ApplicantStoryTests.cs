using Workflow.Domain.Appointments;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Configuration;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;
using Workflow.Functions.Train;

namespace Workflow.Functions.Tests.Audit;

/// <summary>
/// The auditor's story of one person, on Azurite: a round in which two people went all the way to an appointment
/// (the appointments requested, answered and recorded by their own endpoints and activity), each with log lines, records
/// and an appointment orchestration's history. The story of one must hold all of theirs and none of the other's.
/// </summary>
[Collection("Azurite")]
public sealed class ApplicantStoryTests
{
    private const string City = "municipality:131016";
    private const string Auditor = "auditor";

    private static readonly DateTimeOffset Day0 = Samples.Now;
    private static readonly DateTimeOffset ReadAt = Day0.AddDays(50);

    private readonly TestStorage _storage = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly TaskHub _hub;

    public ApplicantStoryTests() => _hub = new TaskHub(_storage.Prefix + "Hub");

    private GetApplicantStory Function(DateTimeOffset? now = null) => new(
        TestSignIn.Gate(_storage.Storage),
        new RoundStore(_storage.Storage),
        new ApplicantStoryReader(new ApplicationStore(_storage.Storage), new AppointmentStore(_storage.Storage), _storage.Certificates(),
            new RosterStore(_storage.Storage), new BusinessLog(_storage.Storage), new OrchestrationHistoryReader(_storage.Storage, _hub)),
        new BusinessLog(_storage.Storage),
        new FixedClock(now ?? ReadAt));

    private async Task<HttpAnswer> ReadAsync(string roundId, string applicationId, string? actor = Auditor, string? format = null, DateTimeOffset? now = null)
    {
        var request = Requests.Request("GET", actor);
        if (format is not null)
        {
            request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?format=" + format);
        }

        return await Requests.ExecuteAsync(await Function(now).Run(request, roundId, applicationId), request);
    }

    private sealed record Person(string ApplicationId, string Token, ApplicationForm Form, string AppointmentId)
    {
        public string InstanceId(string roundId) => AppointmentIds.InstanceId(roundId, AppointmentId);
    }

    /// <summary>
    /// A round in ⑦任用 whose state times are those its orchestration would have recorded, with two people selected,
    /// trained, listed and asked for by the same municipality; each answered, and the answer recorded.
    /// </summary>
    private async Task<(RoundRecord Round, Person Yamada, Person Suzuki)> RoundWithTwoAppointedAsync()
    {
        var rounds = new RoundStore(_storage.Storage);
        var created = Samples.Round(RoundState.AcceptingApplications);
        await rounds.CreateAsync(created, "ministry");
        var roundId = created.RoundId;
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);

        var yamada = await SelectedAndListedAsync(roundId, Samples.EligibleProducer("yamada.story@example.jp"), Day0.AddDays(2), "reviewer-1");
        var suzuki = await SelectedAndListedAsync(roundId, Samples.EligibleProducerAndEngineer("suzuki.story@example.jp"), Day0.AddDays(3), "reviewer-2");

        await rounds.MoveAsync(roundId, RoundState.Screening, Day0.AddDays(10), null);
        await rounds.MoveAsync(roundId, RoundState.PanelReview, Day0.AddDays(10).AddHours(1), null);
        await rounds.MoveAsync(roundId, RoundState.Training, Day0.AddDays(20), null);
        await rounds.MoveAsync(roundId, RoundState.Publishing, Day0.AddDays(26), null);
        await rounds.MoveAsync(roundId, RoundState.Appointing, Day0.AddDays(30), null);

        var a = await AppointedAsync(roundId, yamada.Id, yamada.Token, Day0.AddDays(40));
        var b = await AppointedAsync(roundId, suzuki.Id, suzuki.Token, Day0.AddDays(41));
        var round = (await rounds.GetAsync(roundId))!;
        return (round, new Person(yamada.Id, yamada.Token, yamada.Form, a), new Person(suzuki.Id, suzuki.Token, suzuki.Form, b));
    }

    /// <summary>What the steps ③–⑥ leave about one person: log lines as their writers word them, and the rows.</summary>
    private async Task<(string Id, string Token, ApplicationForm Form)> SelectedAndListedAsync(string roundId, ApplicationForm form, DateTimeOffset submittedAt, string reviewer)
    {
        var store = new ApplicationStore(_storage.Storage);
        using var pdf = new MemoryStream(Samples.Pdf());
        var submitted = await store.SubmitAsync(roundId, form, pdf, submittedAt);
        var id = submitted.ApplicationId!;
        var log = new BusinessLog(_storage.Storage);
        await log.WriteAsync(roundId, submittedAt, Actor.ApplicantLogName, BusinessLogActions.ApplicationSubmitted, id, string.Join(',', form.Personas));
        await log.WriteAsync(roundId, Day0.AddDays(12), $"reviewer:{reviewer}", BusinessLogActions.NoConflictOfInterestDeclared, id);
        await log.WriteAsync(roundId, Day0.AddDays(13), $"reviewer:{reviewer}", BusinessLogActions.ScoresRecorded, id, $"{Persona.Producer}:P-T1=3,P-T2=4");
        await log.WriteAsync(roundId, Day0.AddDays(14), "operator:test-user", BusinessLogActions.PanelDecisionRecorded, id, $"{Persona.Producer}:{PanelDecision.Selected}");
        await log.WriteAsync(roundId, Day0.AddDays(15), "operator:test-user", PersonalDataReads.Action, id, "detail");

        var application = (await store.GetAsync(id))!;
        var screening = new ApplicationScreening(true, form.Personas.Select(p => new ScreeningResult(p, true, ["要件を満たす"])).ToList());
        var decisions = new[] { new PersonaDecision(Persona.Producer, PanelDecision.Selected, "書類・面接とも良好", "operator:test-user", Day0.AddDays(14)) };
        var outcomes = form.Personas.Select(p => new PersonaOutcome(p, p == Persona.Producer, "選定委員会の判定による")).ToList();
        await SeededApplications.SetAsync(_storage.Storage, new TableEntity(application.PartitionKey, id)
        {
            [nameof(ApplicationEntity.Status)] = nameof(ApplicationStatus.Certified),
            [nameof(ApplicationEntity.Eligible)] = true,
            [nameof(ApplicationEntity.ScreeningJson)] = JsonSerializer.Serialize(screening, Functions.Http.Json.Options),
            [nameof(ApplicationEntity.DecisionsJson)] = ApplicationEntity.DecisionsColumn(decisions),
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn(outcomes),
            [ApplicationEntity.AttendedColumn(1)] = true,
            [ApplicationEntity.AttendedColumn(2)] = true,
            [ApplicationEntity.AttendedColumn(3)] = true,
            [ApplicationEntity.AttendedColumn(4)] = true,
            [ApplicationEntity.AttendedColumn(5)] = true,
            [nameof(ApplicationEntity.CertificateId)] = CertificateStore.IdFor(id),
            [nameof(ApplicationEntity.Published)] = true,
        });
        application = (await store.GetAsync(id))!;
        await _storage.Certificates().IssueAsync(application, (await new RoundStore(_storage.Storage).GetAsync(roundId))!, Day0.AddDays(26).AddMinutes(-1));
        await new RosterStore(_storage.Storage).PublishAsync([application], Day0.AddDays(30).AddMinutes(-1));
        return (id, submitted.AccessToken!, form);
    }

    /// <summary>⑦: the municipality asks, the person accepts, the orchestration records it and leaves its history.</summary>
    private async Task<string> AppointedAsync(string roundId, string candidateId, string token, DateTimeOffset at)
    {
        var request = Requests.JsonOf("POST", City, Samples.AppointmentAsked(candidateId, AppointmentRole.CioAdvisor, at));
        var requested = await Requests.ExecuteAsync(await new RequestAppointment(TestSignIn.Gate(_storage.Storage), new IdempotentRequests(_storage.Storage, new FixedClock(at)),
            new RoundStore(_storage.Storage), new RosterStore(_storage.Storage), new MunicipalityStore(_storage.Storage), new AppointmentStore(_storage.Storage),
            new BusinessLog(_storage.Storage), new FixedClock(at)).Run(request, _client.Object, roundId), request);
        Assert.Equal(201, requested.Status);
        var appointmentId = requested.Json.GetProperty("appointmentId").GetString()!;

        var answer = Requests.JsonOf("POST", null, new AnswerRequest(true));
        answer.Headers[AccessGate.ApplicantTokenHeader] = token;
        var answered = await Requests.ExecuteAsync(await new AnswerAppointment(TestSignIn.Gate(_storage.Storage), new AppointmentStore(_storage.Storage),
            TestPolicies.Limits(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(at.AddHours(1))).Run(answer, _client.Object, appointmentId), answer);
        Assert.Equal(202, answered.Status);

        await new RecordAppointmentAnswer(new AppointmentStore(_storage.Storage), new NotificationStore(_storage.Storage), new BusinessLog(_storage.Storage), TestPolicies.Limits(_storage.Storage))
            .Run(new AppointmentAnswerInput(roundId, appointmentId, AppointmentAnswer.Accepted, at.AddHours(1).AddSeconds(2)), CancellationToken.None);

        // The appointment orchestration's history as the Azure Storage provider keeps it: a partition per instance.
        var instanceId = AppointmentIds.InstanceId(roundId, appointmentId);
        await HistoryAsync(instanceId, (at.AddSeconds(1), "ExecutionStarted", nameof(AppointmentOrchestration)), (at.AddSeconds(2), "TaskScheduled", nameof(NotifyCandidateOfAppointment)),
            (at.AddSeconds(3), "TimerCreated", null), (at.AddHours(1).AddSeconds(1), "EventRaised", AppointmentIds.AnsweredEvent),
            (at.AddHours(1).AddSeconds(3), "ExecutionCompleted", null));
        return appointmentId;
    }

    private async Task HistoryAsync(string instanceId, params (DateTimeOffset At, string Type, string? Name)[] events)
    {
        var table = _storage.Storage.TableService.GetTableClient(_hub.HistoryTable);
        await table.CreateIfNotExistsAsync();
        for (var i = 0; i < events.Length; i++)
        {
            await table.AddEntityAsync(new TableEntity(instanceId, i.ToString("D16", System.Globalization.CultureInfo.InvariantCulture))
            {
                ["EventType"] = events[i].Type,
                ["Name"] = events[i].Name,
                ["_Timestamp"] = events[i].At.UtcDateTime,
                ["ExecutionId"] = "execution-" + instanceId,
                ["EventId"] = i - 1,
            });
        }
    }

    private static List<JsonElement> Events(HttpAnswer answer) => answer.Json.GetProperty("events").EnumerateArray().ToList();

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    [Fact]
    public async Task The_story_holds_every_event_of_the_person_in_time_order_with_who_acted_and_none_of_anyone_else()
    {
        var (round, yamada, suzuki) = await RoundWithTwoAppointedAsync();
        // The round's own orchestration shares the instance prefix of its appointments; it is not this person's.
        await HistoryAsync(RoundIds.InstanceId(round.RoundId), (Day0.AddDays(1), "ExecutionStarted", nameof(RecruitingRoundOrchestration)));

        var answer = await ReadAsync(round.RoundId, yamada.ApplicationId);

        Assert.Equal(200, answer.Status);
        Assert.Equal("present", Str(answer.Json, "state"));
        Assert.Equal(yamada.Form.FullName, answer.Json.GetProperty("person").GetProperty("fullName").GetString());
        Assert.Equal([yamada.AppointmentId], answer.Json.GetProperty("appointmentIds").EnumerateArray().Select(i => i.GetString()).ToList());
        var events = Events(answer);
        var times = events.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order().ToList(), times);

        // Who acted, from each source: the applicant, the reviewer, the operator, the municipality, the system.
        string Kinds(string source) => string.Join(",", events.Where(e => Str(e, "source") == source).Select(e => Str(e, "kind")));
        Assert.Equal(
            $"{BusinessLogActions.ApplicationSubmitted},{BusinessLogActions.NoConflictOfInterestDeclared},{BusinessLogActions.ScoresRecorded},"
            + $"{BusinessLogActions.PanelDecisionRecorded},{PersonalDataReads.Action},{BusinessLogActions.AppointmentRequested},"
            + $"{BusinessLogActions.AppointmentAnswerGiven},{BusinessLogActions.AppointmentAnswered},{PersonalDataReads.Action}",
            Kinds("business"));
        Assert.Equal("Submitted,Screened,Decision,Outcome,Attendance,Certificate,Listed,Appointment", Kinds("record"));
        Assert.Equal("ExecutionStarted,TaskScheduled,TimerCreated,EventRaised,ExecutionCompleted", Kinds("orchestration"));

        JsonElement One(string kind) => Assert.Single(events, e => Str(e, "kind") == kind);
        Assert.Equal("applicant", Str(One(BusinessLogActions.ApplicationSubmitted), "actor"));
        Assert.Equal("reviewer:reviewer-1", Str(One(BusinessLogActions.ScoresRecorded), "actor"));
        Assert.Equal("選定委員（reviewer:reviewer-1）", Str(One(BusinessLogActions.ScoresRecorded), "actorName"));
        Assert.Equal($"{SkillStandardCatalog.DisplayName(Persona.Producer)}：選定する", Str(One(BusinessLogActions.PanelDecisionRecorded), "detail"));
        Assert.Equal("Producer:Selected", Str(One(BusinessLogActions.PanelDecisionRecorded), "recorded"));
        Assert.Equal("operator:test-user", Str(One("Decision"), "actor"));
        Assert.Contains("書類・面接とも良好", Str(One("Decision"), "detail"), StringComparison.Ordinal);
        Assert.Equal(TestSignIn.LogName(City), Str(One(BusinessLogActions.AppointmentRequested), "actor"));
        Assert.Equal("CIO補佐官", Str(One(BusinessLogActions.AppointmentRequested), "detail"));
        Assert.Equal("applicant", Str(One(BusinessLogActions.AppointmentAnswerGiven), "actor"));
        Assert.Equal("system", Str(One(BusinessLogActions.AppointmentAnswered), "actor"));
        Assert.Equal(yamada.AppointmentId, Str(One(BusinessLogActions.AppointmentAnswered), "subject"));
        Assert.Contains("承諾", Str(One("Appointment"), "detail"), StringComparison.Ordinal);
        Assert.Equal("外部イベントの受信：AppointmentAnswered", Str(One("EventRaised"), "what"));
        Assert.All(events.Where(e => Str(e, "source") == "orchestration"), e => Assert.Equal(yamada.InstanceId(round.RoundId), Str(e, "subject")));

        // Records without a time of their own sit at the end of the step that wrote them, and say so.
        Assert.True(One("Screened").GetProperty("atIsStepEnd").GetBoolean());
        Assert.Equal(round.StateTimes[RoundState.PanelReview], One("Screened").GetProperty("at").GetDateTimeOffset());
        Assert.Equal(round.StateTimes[RoundState.Training], One("Outcome").GetProperty("at").GetDateTimeOffset());
        Assert.False(One("Certificate").GetProperty("atIsStepEnd").GetBoolean());
        Assert.Equal("第1回: 出席、第2回: 出席、第3回: 出席、第4回: 出席、第5回: 出席", Str(One("Attendance"), "detail"));

        // Grouped by the round's steps, in their order, the reads apart.
        Assert.Equal(["応募", "選定", "研修", "掲載・周知", "任用", "閲覧・消去"],
            answer.Json.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("appoint", Str(One("EventRaised"), "group"));

        // Nothing of the other person: not their ids, their appointment, its orchestration, nor their name.
        foreach (var other in new[] { suzuki.ApplicationId, suzuki.AppointmentId, suzuki.Form.FullName, "reviewer-2", nameof(RecruitingRoundOrchestration) })
        {
            Assert.DoesNotContain(other, answer.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_read_of_the_story_is_logged_and_the_next_read_shows_it()
    {
        var (round, yamada, suzuki) = await RoundWithTwoAppointedAsync();

        var json = await ReadAsync(round.RoundId, yamada.ApplicationId, now: ReadAt);
        var csv = await ReadAsync(round.RoundId, yamada.ApplicationId, "ministry", "csv", ReadAt.AddMinutes(1));
        var again = await ReadAsync(round.RoundId, yamada.ApplicationId, now: ReadAt.AddMinutes(2));

        Assert.Equal([200, 200, 200], new[] { json.Status, csv.Status, again.Status });
        var reads = (await _storage.RowsAsync(Storage.Tables.AuditLog))
            .Where(r => r.GetString("Action") == PersonalDataReads.Action && r.GetString("Detail") is StoryReads.Json or StoryReads.Csv)
            .Select(r => (Actor: r.GetString("Actor"), Subject: r.GetString("Subject"), Detail: r.GetString("Detail")))
            .ToList();
        Assert.Equal(
            [(TestSignIn.LogName(Auditor), yamada.ApplicationId, StoryReads.Json), (TestSignIn.LogName("ministry"), yamada.ApplicationId, StoryReads.Csv),
                (TestSignIn.LogName(Auditor), yamada.ApplicationId, StoryReads.Json)],
            reads);

        // Each answer shows its own read (logged before it was answered); the last shows all three.
        var shown = Events(again).Where(e => Str(e, "kind") == PersonalDataReads.Action && Str(e, "recorded") is StoryReads.Json or StoryReads.Csv).ToList();
        Assert.Equal(3, shown.Count);
        Assert.Equal("監査（auditor:test-user）", Str(shown[^1], "actorName"));
        Assert.Equal("応募者の記録（監査）", Str(shown[^1], "detail"));
        Assert.Single(Events(json), e => Str(e, "recorded") == StoryReads.Json);

        // Another person's story is untouched by these reads.
        var others = await ReadAsync(round.RoundId, suzuki.ApplicationId);
        Assert.Single(Events(others), e => Str(e, "recorded") == StoryReads.Json);
    }

    [Fact]
    public async Task The_csv_opens_in_Excel_in_Japanese_one_line_per_event()
    {
        var (round, yamada, _) = await RoundWithTwoAppointedAsync();
        var json = await ReadAsync(round.RoundId, yamada.ApplicationId);

        var request = Requests.Request("GET", Auditor);
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?format=csv");
        await (await Function().Run(request, round.RoundId, yamada.ApplicationId)).ExecuteResultAsync(
            new Microsoft.AspNetCore.Mvc.ActionContext(request.HttpContext, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        var bytes = ((MemoryStream)request.HttpContext.Response.Body).ToArray();

        Assert.Equal("text/csv; charset=utf-8", request.HttpContext.Response.ContentType);
        Assert.Contains($"filename=\"story-{yamada.ApplicationId}.csv\"", request.HttpContext.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal(string.Empty, lines[^1]);
        Assert.Equal(string.Join(',', StoryCsv.Header), lines[0]);

        // The JSON read before and this read itself are events too: one more than the JSON answer showed.
        Assert.Equal(Events(json).Count + 1, lines.Length - 2);
        Assert.Contains(lines, l => l.Contains("応募の受付", StringComparison.Ordinal) && l.Contains(",応募,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("外部イベントの受信：AppointmentAnswered", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("段階の終了時刻", StringComparison.Ordinal) && l.Contains("書類選考の結果", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(StoryReads.Csv, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("第1回: 出席、第2回: 欠席", "第1回: 出席、第2回: 欠席")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void A_csv_field_is_quoted_when_it_must_be_and_never_a_formula(string value, string field) =>
        Assert.Equal(field, StoryCsv.Field(value));

    [Fact]
    public async Task After_erasure_the_story_shows_the_tombstone_and_ids_only()
    {
        var (round, yamada, _) = await RoundWithTwoAppointedAsync();

        // The engine's purge removes the instance's history; the client here does what it would on this storage.
        async Task<PurgeResult> PurgeAsync(string instanceId)
        {
            var table = _storage.Storage.TableService.GetTableClient(_hub.HistoryTable);
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}")))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }

            return new PurgeResult(1);
        }

        _client.Setup(c => c.PurgeInstanceAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string instanceId, CancellationToken _) => PurgeAsync(instanceId));
        _client.Setup(c => c.PurgeInstanceAsync(It.IsAny<string>(), It.IsAny<PurgeInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((string instanceId, PurgeInstanceOptions? _, CancellationToken _) => PurgeAsync(instanceId));
        var erasedAt = Day0.AddDays(500);
        var erasure = new ApplicantErasure(_storage.Storage, new ApplicationStore(_storage.Storage), new AppointmentStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage), _storage.Certificates(), new ContactStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(erasedAt));
        Assert.Equal(ErasureOutcome.Erased, await erasure.EraseAsync(yamada.ApplicationId, _client.Object, "ministry:eraser", ErasureReason.RetentionPeriodEnded, CancellationToken.None));

        var answer = await ReadAsync(round.RoundId, yamada.ApplicationId);
        var csv = await ReadAsync(round.RoundId, yamada.ApplicationId, format: "csv");

        Assert.Equal(200, answer.Status);
        Assert.Equal("erased", Str(answer.Json, "state"));
        Assert.Contains("個人情報は消去されました", Str(answer.Json, "notice"), StringComparison.Ordinal);
        Assert.False(answer.Json.TryGetProperty("person", out _));
        var tombstone = answer.Json.GetProperty("tombstone");
        Assert.Equal("ministry:eraser", Str(tombstone, "actor"));
        Assert.Equal("総務省（ministry:eraser）", Str(tombstone, "actorName"));
        Assert.Equal(erasedAt, tombstone.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("保存期間の満了", Str(tombstone, "reasonName"));

        // What remains: the log's lines about the person and their appointment, by id; no record, no history.
        Assert.Equal([yamada.AppointmentId], answer.Json.GetProperty("appointmentIds").EnumerateArray().Select(i => i.GetString()).ToList());
        var events = Events(answer);
        Assert.All(events, e => Assert.Equal("business", Str(e, "source")));
        Assert.Contains(events, e => Str(e, "kind") == BusinessLogActions.AppointmentAnswered && Str(e, "subject") == yamada.AppointmentId);
        Assert.Contains(events, e => Str(e, "kind") == BusinessLogActions.AppointmentErased && Str(e, "recorded") == yamada.AppointmentId);
        Assert.Contains(events, e => Str(e, "kind") == ApplicantErasure.TombstoneAction && Str(e, "detail") == "保存期間の満了");

        // Nothing personal in either form of the answer.
        foreach (var personal in new[] { yamada.Form.FullName, yamada.Form.FullNameKana!, yamada.Form.Email, yamada.Form.Phone, "書類・面接とも良好" })
        {
            Assert.DoesNotContain(personal, answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(personal, csv.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_story_that_is_not_there_is_404_in_Japanese_and_reading_nothing_logs_nothing()
    {
        var (round, yamada, _) = await RoundWithTwoAppointedAsync();
        var logged = (await _storage.RowsAsync(Storage.Tables.AuditLog)).Count;
        var other = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(other, "ministry");

        foreach (var (roundId, applicationId) in new[]
                 {
                     (round.RoundId, ApplicationIds.PrefixOf(round.RoundId, 3) + new string('a', 20)),  // well formed, never applied
                     (round.RoundId, "not-an-application"),
                     (other.RoundId, yamada.ApplicationId),                                               // a real id under another round
                     ("R2025-00000000", yamada.ApplicationId),                                              // no such round
                 })
        {
            var answer = await ReadAsync(roundId, applicationId);
            Assert.Equal(404, answer.Status);
            Assert.True(answer.IsProblem, answer.ContentType);
            Assert.EndsWith("が見つかりません。", answer.Json.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(logged, (await _storage.RowsAsync(Storage.Tables.AuditLog)).Count);
    }

    [Fact]
    public async Task Only_auditors_and_the_ministry_read_a_story_and_a_refusal_logs_nothing()
    {
        var (round, yamada, _) = await RoundWithTwoAppointedAsync();
        var logged = (await _storage.RowsAsync(Storage.Tables.AuditLog)).Count;

        Assert.Equal(401, (await ReadAsync(round.RoundId, yamada.ApplicationId, actor: null)).Status);
        foreach (var refused in new[] { $"operator:{round.RoundId}", $"reviewer:{round.RoundId}", City })
        {
            var answer = await ReadAsync(round.RoundId, yamada.ApplicationId, refused);
            Assert.True(answer.Status == 403 && answer.IsProblem, $"{refused}: {answer.Status} {answer.Body}");
        }

        var applicant = Requests.Request("GET");
        applicant.Headers[AccessGate.ApplicantTokenHeader] = yamada.Token;
        Assert.Equal(403, (await Requests.ExecuteAsync(await Function().Run(applicant, round.RoundId, yamada.ApplicationId), applicant)).Status);
        Assert.Equal(logged, (await _storage.RowsAsync(Storage.Tables.AuditLog)).Count);

        var bad = await ReadAsync(round.RoundId, yamada.ApplicationId, format: "xlsx");
        Assert.Equal(400, bad.Status);
        Assert.NotEmpty(bad.ErrorsFor("format"));
        Assert.Equal(logged, (await _storage.RowsAsync(Storage.Tables.AuditLog)).Count);

        Assert.Equal(200, (await ReadAsync(round.RoundId, yamada.ApplicationId, "ministry")).Status);
        Assert.Equal(logged + 1, (await _storage.RowsAsync(Storage.Tables.AuditLog)).Count);
    }
}
