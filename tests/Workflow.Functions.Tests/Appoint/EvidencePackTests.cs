using System.Text;
using Azure.Data.Tables;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>
/// The evidence pack of a fiscal year: the municipality's accepted appointments under the 特別交付税措置, signed, as a
/// PDF and a CSV, and checked by the ministry against its record.
/// </summary>
[Collection("Azurite")]
public sealed class EvidencePackTests
{
    private const int FiscalYear = 2027;
    private const string Chiyoda = "131016";

    private static readonly DateTimeOffset Now = new(2027, 5, 10, 1, 0, 0, TimeSpan.Zero);

    private readonly TestStorage _storage = new();

    private EvidencePackStore Packs => new(_storage.Storage, TestCertificateKeys.Shared, new RosterStore(_storage.Storage));

    private async Task<HttpAnswer> IssueAsync(string actor, string code, int? year = FiscalYear)
    {
        var request = Requests.JsonOf("POST", actor, new EvidencePackRequest(year));
        var issue = new IssueEvidencePack(TestSignIn.Gate(_storage.Storage), new MunicipalityStore(_storage.Storage), Packs, new FixedClock(Now));
        return await Requests.ExecuteAsync(await issue.Run(request, code), request);
    }

    private async Task<HttpAnswer> DownloadAsync(string actor, string packId, string format)
    {
        var request = Requests.Request("GET", actor);
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?format=" + format);
        return await Requests.ExecuteAsync(await new GetEvidencePack(TestSignIn.Gate(_storage.Storage), Packs).Run(request, packId), request);
    }

    private async Task<HttpAnswer> VerifyAsync(string actor, string packId)
    {
        var request = Requests.Request("GET", actor);
        return await Requests.ExecuteAsync(await new VerifyEvidencePack(TestSignIn.Gate(_storage.Storage), Packs).Run(request, packId), request);
    }

    /// <summary>A certified producer on the roster, and appointments of them by 千代田区 with these terms, answered as given.</summary>
    private async Task<(string RoundId, string CandidateId)> AppointedAsync(params (string Code, AppointmentTerms Terms, AppointmentStatus Answer)[] appointments)
    {
        var round = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("evidence.person@example.jp"), nameof(ApplicationStatus.Certified));
        var row = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        await SeededApplications.SetAsync(_storage.Storage, new TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn([new PersonaOutcome(Persona.Producer, true, "理由")]),
            [nameof(ApplicationEntity.CertificateId)] = "C0123456789ABCDE",
        });
        await new RosterStore(_storage.Storage).PublishAsync([(await new ApplicationStore(_storage.Storage).GetAsync(id))!], Now.AddDays(-60));
        var store = new AppointmentStore(_storage.Storage);
        foreach (var (code, terms, answer) in appointments)
        {
            var municipality = MunicipalityCsv.Sample.Single(m => m.Code == code);
            var record = new AppointmentRecord(AppointmentIds.For(round.RoundId, code, id), round.RoundId, code, municipality.Name, id, terms.Post, terms.PostTitle,
                false, AppointmentStatus.Requested, Now.AddDays(-30), Now.AddDays(-16), null, terms, SpecialTaxMeasure.Assess(code, terms, [Persona.Producer]));
            Assert.True(await store.TryCreateAsync(record));
            var recorded = await store.RecordAnswerAsync(record.AppointmentId, answer == AppointmentStatus.Accepted ? AppointmentAnswer.Accepted : AppointmentAnswer.Declined, Now.AddDays(-20));
            Assert.True(recorded.Recorded, recorded.Refusal);
        }

        return (round.RoundId, id);
    }

    private static AppointmentTerms Terms(DateOnly start, DateOnly end, EmploymentForm form = EmploymentForm.SpecialPartTime, int days = 2) =>
        new(AppointmentRole.CioAdvisor, "CIO補佐官", form, start, end, days, WorkStyle.Hybrid);

    [Fact]
    public async Task The_pack_lists_the_years_qualifying_appointments_once_and_asking_again_gives_the_same_signed_pack()
    {
        var (_, candidateId) = await AppointedAsync(
            (Chiyoda, Terms(new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)), AppointmentStatus.Accepted),
            ("011002", Terms(new DateOnly(2027, 6, 1), new DateOnly(2028, 5, 31), days: 1), AppointmentStatus.Accepted));

        var first = await IssueAsync("municipality:131016", Chiyoda);
        var again = await IssueAsync("municipality:131016", Chiyoda);

        Assert.Equal((200, 200), (first.Status, again.Status));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(1, first.Json.GetProperty("appointments").GetInt32());
        Assert.Equal("令和9年度", first.Json.GetProperty("fiscalYearName").GetString());
        var packId = first.Json.GetProperty("packId").GetString()!;
        Assert.StartsWith("EP2027-131016-", packId, StringComparison.Ordinal);
        Assert.Single(await _storage.RowsAsync(Storage.Tables.EvidencePacks));

        var line = Assert.Single((await Packs.GetAsync(packId))!.Facts.Lines);
        Assert.Equal((candidateId, "C0123456789ABCDE", new DateOnly(2027, 4, 1), new DateOnly(2027, 12, 31)), (line.CandidateId, line.CertificateId, line.CountedFrom, line.CountedTo));
    }

    [Fact]
    public async Task Declined_appointments_and_forms_outside_the_measure_are_not_in_it()
    {
        await AppointedAsync(
            (Chiyoda, Terms(new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31), EmploymentForm.FixedTerm), AppointmentStatus.Accepted),
            ("011002", Terms(new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31)), AppointmentStatus.Declined));

        var pack = await IssueAsync("ministry", Chiyoda);

        Assert.Equal(200, pack.Status);
        Assert.Equal(0, pack.Json.GetProperty("appointments").GetInt32());
    }

    [Fact]
    public async Task The_pdf_and_the_csv_carry_the_person_the_certificate_the_terms_and_the_signature_the_ministry_checks()
    {
        var (_, candidateId) = await AppointedAsync((Chiyoda, Terms(new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31)), AppointmentStatus.Accepted));
        var packId = (await IssueAsync("municipality:131016", Chiyoda)).Json.GetProperty("packId").GetString()!;
        var signature = (await VerifyAsync("ministry", packId)).Json.GetProperty("signature").GetString()!;

        var pdf = await DownloadAsync("municipality:131016", packId, "pdf");
        var csv = await DownloadAsync("auditor", packId, "csv");

        Assert.Equal(("application/pdf", 200), (pdf.ContentType, pdf.Status));
        // Read back as NFKC, as PdfPages gives it: （ is (.
        var text = string.Join("\n", PdfPages.PagesText(pdf.Bytes));
        Assert.Contains("令和9年度 特別交付税措置(CIO補佐官等の外部人材の任用)根拠資料", text, StringComparison.Ordinal);
        Assert.Contains("千代田区(団体コード 131016)", text, StringComparison.Ordinal);
        Assert.Contains("C0123456789ABCDE", text, StringComparison.Ordinal);
        Assert.Contains(packId, text, StringComparison.Ordinal);
        Assert.Contains(signature[..20], text.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Bytes[..3]);
        var lines = Encoding.UTF8.GetString(csv.Bytes[3..]).Split("\r\n");
        Assert.StartsWith("申込番号,氏名,修了証番号,選定の記録（受付番号）", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(candidateId, StringComparison.Ordinal) && l.Contains("特別職非常勤職員,2027-04-01,2028-03-31,2", StringComparison.Ordinal));
        Assert.Contains($"署名（ES256、16進）,{signature}", lines);
        Assert.Matches("^[0-9A-F]{128}$", signature);
    }

    [Fact]
    public async Task A_pack_whose_record_was_altered_no_longer_verifies_and_another_municipality_cannot_read_it()
    {
        await AppointedAsync((Chiyoda, Terms(new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31)), AppointmentStatus.Accepted));
        var packId = (await IssueAsync("municipality:131016", Chiyoda)).Json.GetProperty("packId").GetString()!;
        Assert.True((await VerifyAsync("ministry", packId)).Json.GetProperty("intact").GetBoolean());

        Assert.Equal(403, (await DownloadAsync("municipality:011002", packId, "pdf")).Status);
        Assert.Equal(403, (await IssueAsync("municipality:011002", Chiyoda)).Status);

        var table = _storage.Storage;
        var row = Assert.Single(await _storage.RowsAsync(Storage.Tables.EvidencePacks));
        var altered = row.GetString("FactsJson")!.Replace("\"daysPerWeek\":2", "\"daysPerWeek\":4", StringComparison.Ordinal);
        Assert.NotEqual(row.GetString("FactsJson"), altered);
        await (await table.TableAsync(Storage.Tables.EvidencePacks)).UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["FactsJson"] = altered }, Azure.ETag.All);

        var check = await VerifyAsync("ministry", packId);
        Assert.False(check.Json.GetProperty("intact").GetBoolean());
        Assert.Contains("記録が書き換えられたおそれがあります", check.Json.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2020)]
    [InlineData(2029)]
    [InlineData(null)]
    public async Task A_year_outside_the_measure_or_ahead_is_refused_in_japanese(int? year)
    {
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);

        var answer = await IssueAsync("municipality:131016", Chiyoda, year);

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("年度は2021（令和3年度）から2028（令和10年度）までの西暦で指定してください。", answer.ErrorsFor("fiscalYear").Single(), StringComparison.Ordinal);
    }
}
