using Workflow.Domain.Applications;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
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

    private async Task<(RoundRecord Round, string CandidateId)> PublishedPersonAsync()
    {
        var round = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("appoint.me@example.jp"), nameof(ApplicationStatus.Certified));
        var application = await new ApplicationStore(_storage.Storage).GetAsync(id);
        await new RosterStore(_storage.Storage).UpsertAsync([RosterStore.ToEntity(application!, Samples.Now.AddDays(30))]);
        return (round, id);
    }

    private async Task<HttpAnswer> RequestAsync(string roundId, string candidateId, string key)
    {
        var request = Requests.JsonOf("POST", City, new AppointmentRequest(candidateId, AppointmentRole.CioAdvisor, null));
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
            new ConflictDeclarationStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(DuringAppointments));
        Assert.Equal(ErasureOutcome.Erased, await erasure.EraseAsync(candidateId, _client.Object, "ministry", ErasureReason.RetentionPeriodEnded, CancellationToken.None));

        var afterErasure = await RequestAsync(round.RoundId, candidateId, "appointment-key-0001");
        Assert.Equal(410, afterErasure.Status);
        Assert.True(afterErasure.IsProblem);
        Assert.Equal("この任用の申込みは削除されました。", afterErasure.Json.GetProperty("title").GetString());
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Appointments));
    }
}
