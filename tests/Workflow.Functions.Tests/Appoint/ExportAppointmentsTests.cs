using Workflow.Domain.Appointments;
using Workflow.Domain.Rounds;
using Workflow.Functions.Appoint;
using Workflow.Functions.Rounds;
using Workflow.Functions.Spreadsheets;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>The ministry's record of a round's appointments, as a sheet.</summary>
[Collection("Azurite")]
public sealed class ExportAppointmentsTests
{
    private readonly TestStorage _storage = new();

    [Fact]
    public async Task Each_request_is_a_row_with_its_municipality_role_measure_status_and_dates_in_japan_time()
    {
        var round = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var store = new AppointmentStore(_storage.Storage);
        var terms = new AppointmentTerms(AppointmentRole.CioAdvisor, "CIO補佐官", EmploymentForm.Contract, new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31), 2, WorkStyle.Remote);
        var accepted = new AppointmentRecord(AppointmentIds.For(round.RoundId, "131016", "C1"), round.RoundId, "131016", "千代田区", "C1",
            AppointmentRole.CioAdvisor, "CIO補佐官", true, AppointmentStatus.Requested, Samples.Now, Samples.Now.AddDays(14), null,
            terms, SpecialTaxMeasure.Assess("131016", terms, [Domain.SkillStandard.Persona.Producer]));
        var pending = accepted with
        {
            AppointmentId = AppointmentIds.For(round.RoundId, "011002", "C2"), MunicipalityCode = "011002", MunicipalityName = "札幌市", CandidateId = "C2",
            Role = AppointmentRole.Other, RoleTitle = "DX推進アドバイザー", WithinSpecialTaxMeasure = false, Status = AppointmentStatus.Requested,
            RequestedAt = Samples.Now.AddHours(1), Terms = null, Measure = null,
        };
        Assert.True(await store.TryCreateAsync(accepted));
        Assert.True(await store.TryCreateAsync(pending));
        Assert.True((await store.RecordAnswerAsync(accepted.AppointmentId, AppointmentAnswer.Accepted, Samples.Now.AddDays(2))).Recorded);
        var request = Requests.Request("GET", "ministry");

        var answer = await Requests.ExecuteAsync(await new ExportAppointments(new RoundExports(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage)), store).Run(request, round.RoundId), request);

        Assert.Equal(200, answer.Status);
        using var stream = new MemoryStream(answer.Bytes);
        var rows = Xlsx.ReadFirstSheet(stream);
        Assert.Equal(3, rows.Count);
        Assert.Equal([accepted.AppointmentId, "131016", "千代田区", "C1", "CIO補佐官", "CIO補佐官", "対象", "承諾（任用）", TableDownloads.Jst(Samples.Now)!,
            TableDownloads.Jst(Samples.Now.AddDays(14))!, TableDownloads.Jst(Samples.Now.AddDays(2))!, "業務委託", "2027-04-01", "2028-03-31", "2", "リモート"], rows[1].Take(16));
        Assert.StartsWith("○ 任用する団体が市区町村であること（市区町村による任用です） / ○ CIO補佐官等としての任用であること", rows[1][16], StringComparison.Ordinal);
        Assert.Equal(["札幌市", "その他", "DX推進アドバイザー", "対象外", "回答待ち", string.Empty], [rows[2][2], rows[2][4], rows[2][5], rows[2][6], rows[2][7], rows[2][10]]);
    }
}
