using Workflow.Domain.Appointments;
using Workflow.Domain.Applications;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>A municipality's request under an Idempotency-Key is answered again as it was, unless its person has since been erased.</summary>
[Collection("Azurite")]
public sealed class RequestAppointmentTests
{
    private const string City = "municipality:131016";

    /// <summary>Within the appointment window of <see cref="Samples.Schedule"/> (publication day 30, end day 60).</summary>
    private static readonly DateTimeOffset DuringAppointments = Samples.Now.AddDays(40);

    private readonly TestStorage _storage = new();
    private readonly Mock<DurableTaskClient> _client = new("test");

    private RequestAppointment Function() => new(TestSignIn.Gate(_storage.Storage), new IdempotentRequests(_storage.Storage, new FixedClock(DuringAppointments)),
        new RoundStore(_storage.Storage), new RosterStore(_storage.Storage), new MunicipalityStore(_storage.Storage), new AppointmentStore(_storage.Storage),
        new BusinessLog(_storage.Storage), new FixedClock(DuringAppointments));

    /// <summary>A certified person on the roster, selected as <paramref name="selectedAs"/> (the producer when not given).</summary>
    private async Task<(RoundRecord Round, string CandidateId)> PublishedPersonAsync(params Persona[] selectedAs)
    {
        var round = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducerAndEngineer("appoint.me@example.jp"), nameof(ApplicationStatus.Certified));
        var applied = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        var outcomes = applied.PersonaList.Select(p => new PersonaOutcome(p, (selectedAs.Length == 0 ? [Persona.Producer] : selectedAs).Contains(p), "理由")).ToList();
        await SeededApplications.SetAsync(_storage.Storage, new Azure.Data.Tables.TableEntity(applied.PartitionKey, applied.RowKey)
        {
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn(outcomes),
        });
        var application = await new ApplicationStore(_storage.Storage).GetAsync(id);
        await new RosterStore(_storage.Storage).PublishAsync([application!], Samples.Now.AddDays(30));
        return (round, id);
    }

    private async Task<HttpAnswer> RequestAsync(string roundId, string candidateId, string key, AppointmentRole role = AppointmentRole.CioAdvisor)
    {
        var request = Requests.JsonOf("POST", City, Samples.AppointmentAsked(candidateId, role, DuringAppointments));
        request.Headers[IdempotencyKey.Header] = key;
        return await Requests.ExecuteAsync(await Function().Run(request, _client.Object, roundId), request);
    }

    [Fact]
    public async Task A_replay_answers_as_the_first_time_while_the_appointment_exists_and_410_once_its_person_is_erased()
    {
        var (round, candidateId) = await PublishedPersonAsync();
        var first = await RequestAsync(round.RoundId, candidateId, "appointment-key-0001");
        Assert.Equal(201, first.Status);

        var again = await RequestAsync(round.RoundId, candidateId, "appointment-key-0001");
        Assert.Equal(201, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal("true", again.Headers["Idempotent-Replayed"].ToString());

        var erasure = new ApplicantErasure(_storage.Storage, new ApplicationStore(_storage.Storage), new AppointmentStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage), _storage.Certificates(), new ContactStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(DuringAppointments));
        Assert.Equal(ErasureOutcome.Erased, await erasure.EraseAsync(candidateId, _client.Object, "ministry", ErasureReason.RetentionPeriodEnded, CancellationToken.None));

        var afterErasure = await RequestAsync(round.RoundId, candidateId, "appointment-key-0001");
        Assert.Equal(410, afterErasure.Status);
        Assert.True(afterErasure.IsProblem);
        Assert.Equal("この任用の申込みは削除されました。", afterErasure.Json.GetProperty("title").GetString());
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Appointments));
    }

    [Fact]
    public async Task Only_someone_selected_as_the_producer_can_be_appointed_as_a_cio_advisor_under_the_special_tax_measure()
    {
        var (round, engineer) = await PublishedPersonAsync(Persona.Engineer);
        var roster = await new RosterStore(_storage.Storage).GetAsync(engineer);
        Assert.Equal([Persona.Engineer], roster!.Personas);

        var refused = await RequestAsync(round.RoundId, engineer, "appointment-key-0002");
        Assert.Equal(400, refused.Status);
        Assert.Contains("CIO補佐官等（特別交付税措置の対象）として任用を申し込むことはできません", refused.Json.GetProperty("errors").GetProperty("role")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Appointments));

        var other = await RequestAsync(round.RoundId, engineer, "appointment-key-0003", AppointmentRole.Other);
        Assert.Equal(201, other.Status);
        Assert.False(other.Json.GetProperty("withinSpecialTaxMeasure").GetBoolean());
    }

    private AnswerAppointment Answer(DateTimeOffset at, int maxDaysPerWeek = 5) =>
        new(TestSignIn.Gate(_storage.Storage), new AppointmentStore(_storage.Storage), TestPolicies.Limits(_storage.Storage, maxDaysPerWeek), new BusinessLog(_storage.Storage), new FixedClock(at));

    private async Task<HttpAnswer> AnswerAsync(string appointmentId, string token, bool accept, int maxDaysPerWeek = 5)
    {
        var request = Requests.JsonOf("POST", null, new AnswerRequest(accept));
        request.Headers[AccessGate.ApplicantTokenHeader] = token;
        return await Requests.ExecuteAsync(await Answer(DuringAppointments.AddHours(1), maxDaysPerWeek).Run(request, _client.Object, appointmentId), request);
    }

    private async Task<HttpAnswer> AskAsync(string roundId, string municipality, AppointmentRequest body, string key)
    {
        var request = Requests.JsonOf("POST", $"municipality:{municipality}", body);
        request.Headers[IdempotencyKey.Header] = key;
        return await Requests.ExecuteAsync(await Function().Run(request, _client.Object, roundId), request);
    }

    /// <summary>A published producer who applied through the store, so that the test holds their access key.</summary>
    private async Task<(RoundRecord Round, string CandidateId, string Token)> PublishedPersonWithKeyAsync()
    {
        var round = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
        using var pdf = new MemoryStream(Samples.Pdf());
        var submitted = await new ApplicationStore(_storage.Storage).SubmitAsync(round.RoundId, Samples.EligibleProducer("terms.person@example.jp"), pdf, Samples.Now);
        var row = (await new ApplicationStore(_storage.Storage).GetAsync(submitted.ApplicationId!))!;
        await SeededApplications.SetAsync(_storage.Storage, new Azure.Data.Tables.TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(ApplicationEntity.Status)] = nameof(ApplicationStatus.Certified),
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn([new PersonaOutcome(Persona.Producer, true, "理由")]),
        });
        await new RosterStore(_storage.Storage).PublishAsync([(await new ApplicationStore(_storage.Storage).GetAsync(row.RowKey))!], Samples.Now.AddDays(30));
        return (round, row.RowKey, submitted.AccessToken!);
    }

    [Fact]
    public async Task The_request_carries_its_terms_and_the_special_tax_measure_assessed_condition_by_condition()
    {
        var (round, candidateId) = await PublishedPersonAsync();

        var partTime = await AskAsync(round.RoundId, "131016", Samples.AppointmentAsked(candidateId, AppointmentRole.CioAdvisor, DuringAppointments), "terms-key-0001");
        var fixedTerm = await AskAsync(round.RoundId, "011002",
            Samples.AppointmentAsked(candidateId, AppointmentRole.CioAdvisor, DuringAppointments, form: EmploymentForm.FixedTerm), "terms-key-0002");

        Assert.Equal((201, 201), (partTime.Status, fixedTerm.Status));
        var terms = partTime.Json.GetProperty("terms");
        Assert.Equal(("specialPartTime", 2, "hybrid"), (terms.GetProperty("form").GetString(), terms.GetProperty("daysPerWeek").GetInt32(), terms.GetProperty("workStyle").GetString()));
        Assert.Equal(Domain.Calendar.JapaneseDates.DayInJapan(DuringAppointments).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            terms.GetProperty("startsOn").GetString());
        Assert.True(partTime.Json.GetProperty("withinSpecialTaxMeasure").GetBoolean());
        Assert.Equal(4, partTime.Json.GetProperty("measure").GetProperty("conditions").EnumerateArray().Count(c => c.GetProperty("met").GetBoolean()));

        Assert.False(fixedTerm.Json.GetProperty("withinSpecialTaxMeasure").GetBoolean());
        var unmet = Assert.Single(fixedTerm.Json.GetProperty("measure").GetProperty("conditions").EnumerateArray(), c => !c.GetProperty("met").GetBoolean());
        Assert.Equal("任期付職員は、公開資料で対象と確認できた形態ではありません", unmet.GetProperty("explanation").GetString());

        // As stored, so the municipality's and the ministry's pages, the export and the notices read the same.
        var stored = (await new AppointmentStore(_storage.Storage).ListAsync(round.RoundId)).Single(a => a.MunicipalityCode == "011002");
        Assert.Equal(EmploymentForm.FixedTerm, stored.Terms!.Form);
        Assert.False(stored.Measure!.Qualifies);
    }

    [Fact]
    public async Task Terms_that_are_missing_or_already_past_are_refused_field_by_field_and_nothing_is_stored()
    {
        var (round, candidateId) = await PublishedPersonAsync();
        var asked = Samples.AppointmentAsked(candidateId, AppointmentRole.CioAdvisor, DuringAppointments);

        var missing = await AskAsync(round.RoundId, "131016", new AppointmentRequest(candidateId, AppointmentRole.CioAdvisor, null), "terms-key-0003");
        var past = await AskAsync(round.RoundId, "131016", asked with { StartsOn = asked.StartsOn!.Value.AddDays(-60), DaysPerWeek = 6 }, "terms-key-0004");

        Assert.Equal(400, missing.Status);
        Assert.Equal(["daysPerWeek", "employmentForm", "endsOn", "startsOn", "workStyle"], missing.ErrorFields.Order(StringComparer.Ordinal));
        Assert.Equal(400, past.Status);
        Assert.Equal("任用の開始日は今日以降の日付にしてください。", past.ErrorsFor("startsOn").Single());
        Assert.Equal("勤務日数は週1日から週5日の間で指定してください。", past.ErrorsFor("daysPerWeek").Single());
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Appointments));
    }

    [Fact]
    public async Task A_person_cannot_accept_more_days_a_week_than_the_ministry_allows_and_the_refused_request_stays_open()
    {
        var (round, candidateId, token) = await PublishedPersonWithKeyAsync();
        var first = await AskAsync(round.RoundId, "131016", Samples.AppointmentAsked(candidateId, AppointmentRole.CioAdvisor, DuringAppointments, daysPerWeek: 3), "limit-key-0001");
        var second = await AskAsync(round.RoundId, "011002", Samples.AppointmentAsked(candidateId, AppointmentRole.Other, DuringAppointments, daysPerWeek: 3), "limit-key-0002");
        var firstId = first.Json.GetProperty("appointmentId").GetString()!;
        var secondId = second.Json.GetProperty("appointmentId").GetString()!;

        Assert.Equal(202, (await AnswerAsync(firstId, token, accept: true)).Status);
        var refused = await AnswerAsync(secondId, token, accept: true);

        Assert.Equal(409, refused.Status);
        Assert.Equal("この任用の申込みは承諾できません。", refused.Json.GetProperty("title").GetString());
        Assert.Contains("週6日の任用を同時に持つことになり、総務省が定める上限（週5日）を超えます", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Requested, (await new AppointmentStore(_storage.Storage).GetAsync(secondId))!.Status);

        // Declining stays possible.
        Assert.Equal(202, (await AnswerAsync(secondId, token, accept: false)).Status);
        Assert.Equal(AppointmentStatus.Declined, (await new AppointmentStore(_storage.Storage).GetAsync(secondId))!.Status);
    }

    /// <summary>Run several times, each with a person of its own: the race must come out the same way every time.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Three_acceptances_at_once_that_together_exceed_the_limit_record_one_and_refuse_the_others(int run)
    {
        var (round, candidateId, _) = await PublishedPersonWithKeyAsync();
        var store = new AppointmentStore(_storage.Storage);
        var ids = new List<string>();
        foreach (var (code, key) in new[] { ("131016", $"race-{run}-key-0001"), ("011002", $"race-{run}-key-0002"), ("041009", $"race-{run}-key-0003") })
        {
            ids.Add((await AskAsync(round.RoundId, code, Samples.AppointmentAsked(candidateId, AppointmentRole.Other, DuringAppointments, daysPerWeek: 3), key))
                .Json.GetProperty("appointmentId").GetString()!);
        }

        var answers = await Task.WhenAll(ids.Select(id => store.RecordAnswerAsync(id, AppointmentAnswer.Accepted, DuringAppointments.AddHours(1), 5)));

        Assert.Single(answers, a => a.Recorded);
        Assert.Equal(2, answers.Count(a => a.Refusal is not null));
        Assert.Single(await store.ListAsync(round.RoundId), a => a.Status == AppointmentStatus.Accepted);
        // The person's row of accepted terms holds the one that was recorded, once.
        Assert.Single(await store.AcceptedTermsAsync(round.RoundId, candidateId));
    }
}
