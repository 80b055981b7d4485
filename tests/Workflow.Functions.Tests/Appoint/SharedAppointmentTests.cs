using System.Text;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Spreadsheets;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>
/// A shared (広域) appointment: one person for several municipalities, each with its share. It is one job for the
/// person, each partner reads it, is told of the acceptance and claims the measure on its own share.
/// </summary>
[Collection("Azurite")]
public sealed class SharedAppointmentTests
{
    private const string Chiyoda = "131016";
    private const string Sapporo = "011002";
    private const string Sendai = "041009";
    private const string Osaka = "271004";

    /// <summary>Within the appointment window of <see cref="Samples.Schedule"/>.</summary>
    private static readonly DateTimeOffset DuringAppointments = Samples.Now.AddDays(40);

    private readonly TestStorage _storage = new();
    private readonly Mock<DurableTaskClient> _client = new("test");

    private AppointmentStore Store => new(_storage.Storage);

    private async Task<(string RoundId, string CandidateId)> PublishedProducerAsync()
    {
        var round = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("shared.person@example.jp"), nameof(ApplicationStatus.Certified));
        var row = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        await SeededApplications.SetAsync(_storage.Storage, new TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn([new PersonaOutcome(Persona.Producer, true, "理由")]),
            [nameof(ApplicationEntity.CertificateId)] = "C0123456789ABCDE",
        });
        await new RosterStore(_storage.Storage).PublishAsync([(await new ApplicationStore(_storage.Storage).GetAsync(id))!], Samples.Now.AddDays(30));
        return (round.RoundId, id);
    }

    private async Task<HttpAnswer> AskAsync(string roundId, string candidateId, string key, params PartnerAsked?[] partners)
    {
        var request = Requests.JsonOf("POST", $"municipality:{Chiyoda}",
            Samples.AppointmentAsked(candidateId, AppointmentRole.CioAdvisor, DuringAppointments) with { Partners = partners });
        request.Headers[IdempotencyKey.Header] = key;
        var function = new RequestAppointment(TestSignIn.Gate(_storage.Storage), new IdempotentRequests(_storage.Storage, new FixedClock(DuringAppointments)),
            new RoundStore(_storage.Storage), new RosterStore(_storage.Storage), new MunicipalityStore(_storage.Storage), Store, new BusinessLog(_storage.Storage),
            new FixedClock(DuringAppointments));
        return await Requests.ExecuteAsync(await function.Run(request, _client.Object, roundId), request);
    }

    private async Task<HttpAnswer> ReadAsync(string code, string appointmentId)
    {
        var request = Requests.Request("GET", $"municipality:{code}");
        return await Requests.ExecuteAsync(await new GetAppointment(TestSignIn.Gate(_storage.Storage), Store).Run(request, appointmentId), request);
    }

    private async Task<HttpAnswer> ListAsync(string code, string roundId)
    {
        var request = Requests.Request("GET", $"municipality:{code}");
        return await Requests.ExecuteAsync(await new ListAppointments(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), Store).Run(request, roundId), request);
    }

    [Fact]
    public async Task Partners_are_checked_field_by_field_against_the_registry_and_nothing_is_stored_when_one_is_wrong()
    {
        var (roundId, candidateId) = await PublishedProducerAsync();

        var wrong = await AskAsync(roundId, candidateId, "shared-key-0001", new PartnerAsked("012025", 30), new PartnerAsked(Sapporo, 80), null);

        Assert.Equal(400, wrong.Status);
        Assert.Equal(["partners[0].municipalityCode", "partners[2].municipalityCode", "partners[2].percent"], wrong.ErrorFields.Order(StringComparer.Ordinal));
        Assert.Equal("団体コード「012025」の団体は登録されていません。", wrong.ErrorsFor("partners[0].municipalityCode").Single());
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Appointments));
    }

    [Fact]
    public async Task A_shared_request_stores_each_share_and_its_measure_and_only_the_partners_read_it()
    {
        var (roundId, candidateId) = await PublishedProducerAsync();

        var asked = await AskAsync(roundId, candidateId, "shared-key-0002", new PartnerAsked(Sapporo, 30), new PartnerAsked(Sendai, 20));

        Assert.Equal(201, asked.Status);
        var shares = asked.Json.GetProperty("shares").EnumerateArray().Select(s => (s.GetProperty("municipalityCode").GetString(), s.GetProperty("percent").GetInt32())).ToList();
        Assert.Equal([(Chiyoda, 50), (Sapporo, 30), (Sendai, 20)], shares);
        Assert.All(asked.Json.GetProperty("shares").EnumerateArray(), s => Assert.True(s.GetProperty("measure").GetProperty("qualifies").GetBoolean()));
        var id = asked.Json.GetProperty("appointmentId").GetString()!;

        Assert.Equal(200, (await ReadAsync(Sapporo, id)).Status);
        Assert.Equal(404, (await ReadAsync(Osaka, id)).Status);
        Assert.Single((await ListAsync(Sendai, roundId)).Json.GetProperty("items").EnumerateArray());
        Assert.Empty((await ListAsync(Osaka, roundId)).Json.GetProperty("items").EnumerateArray());

        // The person is told who shares it and that it is one job.
        var notice = NoticeTexts(await Store.GetAsync(id));
        Assert.Contains("共同で任用する団体と負担割合: 千代田区 50%、札幌市 30%、仙台市 20%", notice, StringComparison.Ordinal);
    }

    private static string NoticeTexts(AppointmentRecord? a) =>
        Domain.Mail.NoticeTexts.AppointmentRequested(a!.MunicipalityName, a.RoleTitle, a.Terms, a.AnswerBy, a.AppointmentId, a.Shares).Body;

    [Fact]
    public async Task Accepted_it_counts_once_for_the_person_each_partner_is_told_and_claims_its_own_share_in_its_pack()
    {
        var (roundId, candidateId) = await PublishedProducerAsync();
        var id = (await AskAsync(roundId, candidateId, "shared-key-0003", new PartnerAsked(Sapporo, 40))).Json.GetProperty("appointmentId").GetString()!;
        var at = DuringAppointments.AddHours(1);

        Assert.True((await Store.RecordAnswerAsync(id, AppointmentAnswer.Accepted, at, 5)).Recorded);
        Assert.Equal(2, Assert.Single(await Store.AcceptedTermsAsync(roundId, candidateId)).DaysPerWeek);

        await new RecordAppointmentAnswer(Store, new NotificationStore(_storage.Storage), new BusinessLog(_storage.Storage), TestPolicies.Limits(_storage.Storage))
            .Run(new AppointmentAnswerInput(roundId, id, AppointmentAnswer.Accepted, at), CancellationToken.None);
        var (told, _) = await new NotificationStore(_storage.Storage).ForPartitionAsync(NotificationStore.MunicipalityPartition(Sapporo), 10, null);
        var notice = Assert.Single(told);
        Assert.Equal("共同で任用する申込みが承諾されました", notice.Title);
        Assert.Contains("負担割合: 40%（千代田区 60%、札幌市 40%）", notice.Body, StringComparison.Ordinal);
        Assert.Single((await new NotificationStore(_storage.Storage).ForPartitionAsync(NotificationStore.MunicipalityPartition(Chiyoda), 10, null)).Items);

        // Each pack lists the appointment with that municipality's share (the year of the term's start).
        var packs = new EvidencePackStore(_storage.Storage, TestCertificateKeys.Shared, new RosterStore(_storage.Storage));
        var year = Domain.Calendar.JapaneseDates.DayInJapan(DuringAppointments).AddDays(30) is var start && start.Month >= 4 ? start.Year : start.Year - 1;
        var partnerPack = await packs.IssueAsync(MunicipalityCsv.Sample.Single(m => m.Code == Sapporo), year, at);
        var requesterPack = await packs.IssueAsync(MunicipalityCsv.Sample.Single(m => m.Code == Chiyoda), year, at);
        var osakaPack = await packs.IssueAsync(MunicipalityCsv.Sample.Single(m => m.Code == Osaka), year, at);

        Assert.Equal(40, Assert.Single(partnerPack.Facts.Lines).SharePercent);
        Assert.Equal(60, Assert.Single(requesterPack.Facts.Lines).SharePercent);
        Assert.Empty(osakaPack.Facts.Lines);
        Assert.Equal(EvidencePackFacts.FormatV2, partnerPack.Facts.Format);
        Assert.True((await packs.CheckAsync(partnerPack.Facts.PackId))!.Intact);
        var csv = Encoding.UTF8.GetString(EvidencePackSheet.Of(partnerPack).ToCsv()[3..]).Split("\r\n");
        Assert.EndsWith(",負担割合（%）", csv[0], StringComparison.Ordinal);
        Assert.EndsWith(",40", csv[1], StringComparison.Ordinal);
        var pdf = string.Join("\n", PdfPages.PagesText(EvidencePackPdf.Render(partnerPack)));
        Assert.Contains("40%", pdf, StringComparison.Ordinal);

        // The ministry's export names every share.
        var sheet = ExportAppointments.Sheet(await Store.ListAsync(roundId));
        Assert.Equal("131016 千代田区 60%(特別交付税措置対象) / 011002 札幌市 40%(特別交付税措置対象)".Replace('(', '（').Replace(')', '）'), sheet.Rows[0][^1]);
    }
}
