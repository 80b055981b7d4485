using System.Text;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Spreadsheets;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Select;

/// <summary>A round's applications leave the system only as a logged export, to the ministry and the round's operator.</summary>
[Collection("Azurite")]
public sealed class ExportApplicationsTests
{
    private readonly TestStorage _storage = new();

    private async Task<HttpAnswer> ExportAsync(string roundId, string actor, string query = "")
    {
        var request = Requests.Request("GET", actor);
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
        var export = new ExportApplications(new RoundExports(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage)), new ApplicationStore(_storage.Storage),
            new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));
        return await Requests.ExecuteAsync(await export.Run(request, roundId), request);
    }

    private async Task<(string RoundId, string Producer, string Engineer)> RoundWithTwoAsync()
    {
        var roundId = (await Standards.StoredRoundAsync(_storage.Storage, RoundState.Screening)).RoundId;
        var producer = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer("export.producer@example.jp"));
        var engineer = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.IneligibleEngineer("export.engineer@example.jp"));
        return (roundId, producer, engineer);
    }

    [Fact]
    public async Task The_workbook_lists_every_application_with_its_contact_details_and_the_read_is_logged()
    {
        var (roundId, producer, engineer) = await RoundWithTwoAsync();

        var answer = await ExportAsync(roundId, "ministry");

        Assert.Equal(200, answer.Status);
        Assert.Equal(Xlsx.ContentType, answer.ContentType);
        Assert.Contains("filename*=UTF-8''", answer.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString($"応募一覧_{roundId}.xlsx"), answer.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        using var stream = new MemoryStream(answer.Bytes);
        var rows = Xlsx.ReadFirstSheet(stream);
        Assert.Equal("受付番号", rows[0][0]);
        Assert.Equal(new[] { producer, engineer }.Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r[0]));
        var emailColumn = rows[0].ToList().IndexOf("メールアドレス");
        Assert.Contains("export.producer@example.jp", rows.Select(r => r[emailColumn]));

        var logged = (await new BusinessLog(_storage.Storage).ReadAsync(roundId, 100, null)).Entries.Single(e => e.Action == PersonalDataReads.Action);
        Assert.Equal((TestSignIn.LogName("ministry"), "export-xlsx"), (logged.Actor, logged.Detail));
    }

    [Fact]
    public async Task As_csv_it_has_the_same_columns_and_the_byte_order_mark_excel_needs()
    {
        var (roundId, _, _) = await RoundWithTwoAsync();

        var answer = await ExportAsync(roundId, $"operator:{roundId}", "?format=csv");

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("text/csv", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal([0xEF, 0xBB, 0xBF], answer.Bytes[..3]);
        var lines = Encoding.UTF8.GetString(answer.Bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', ExportApplications.Sheet([]).Headings), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Equal("export-csv", (await new BusinessLog(_storage.Storage).ReadAsync(roundId, 100, null)).Entries.Single(e => e.Action == PersonalDataReads.Action).Detail);
    }

    [Theory]
    [InlineData("reviewer", 403)]
    [InlineData("operator:R2099-00000000", 403)]
    [InlineData("auditor", 403)]
    public async Task Others_get_nothing_and_nothing_is_logged(string actor, int status)
    {
        var (roundId, _, _) = await RoundWithTwoAsync();

        var answer = await ExportAsync(roundId, actor.Replace("{round}", roundId, StringComparison.Ordinal));

        Assert.Equal(status, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.DoesNotContain((await new BusinessLog(_storage.Storage).ReadAsync(roundId, 100, null)).Entries, e => e.Action == PersonalDataReads.Action);
    }

    [Fact]
    public async Task An_unknown_format_is_refused_in_japanese()
    {
        var (roundId, _, _) = await RoundWithTwoAsync();

        var answer = await ExportAsync(roundId, "ministry", "?format=pdf");

        Assert.Equal(400, answer.Status);
        Assert.Equal("形式は xlsx または csv を指定してください。", answer.ErrorsFor("format").Single());
    }
}
