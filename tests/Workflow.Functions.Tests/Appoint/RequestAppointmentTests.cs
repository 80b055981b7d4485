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
        await new RosterStore(_storage.Storage).UpsertAsync([RosterStore.ToEntity(application!, Samples.Now.AddDays(30))]);
        return (round, id);
    }

    private async Task<HttpAnswer> RequestAsync(string roundId, string candidateId, string key, AppointmentRole role = AppointmentRole.CioAdvisor)
    {
        var request = Requests.JsonOf("POST", City, new AppointmentRequest(candidateId, role, role == AppointmentRole.Other ? "DX推進アドバイザー" : null));
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
            new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage), _storage.Certificates(), new BusinessLog(_storage.Storage), new FixedClock(DuringAppointments));
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
}
