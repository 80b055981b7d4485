using System.Text;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Spreadsheets;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Publish;

/// <summary>The roster and the registry as sheets: what the pages show, in files Excel opens.</summary>
[Collection("Azurite")]
public sealed class ExportRosterTests
{
    private readonly TestStorage _storage = new();

    private static async Task<IReadOnlyList<IReadOnlyList<string>>> SheetOfAsync(Task<Microsoft.AspNetCore.Mvc.IActionResult> result, Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var answer = await Requests.ExecuteAsync(await result, request);
        Assert.Equal(200, answer.Status);
        using var stream = new MemoryStream(answer.Bytes);
        return Xlsx.ReadFirstSheet(stream);
    }

    [Fact]
    public async Task A_rounds_roster_lists_each_published_person_under_the_personas_they_were_selected_as()
    {
        var round = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("roster.export@example.jp"), nameof(ApplicationStatus.Certified));
        var applied = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        await SeededApplications.SetAsync(_storage.Storage, new Azure.Data.Tables.TableEntity(applied.PartitionKey, applied.RowKey)
        {
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn([new PersonaOutcome(Persona.Producer, true, "理由")]),
        });
        await new RosterStore(_storage.Storage).PublishAsync([(await new ApplicationStore(_storage.Storage).GetAsync(id))!], Samples.Now);
        var request = Requests.Request("GET", $"operator:{round.RoundId}");
        var export = new ExportRoster(new RoundExports(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage)), new RosterStore(_storage.Storage));

        var rows = await SheetOfAsync(export.Run(request, round.RoundId), request);

        Assert.Equal(ExportRoster.Sheet([]).Headings, rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal(id, row[0]);
        Assert.Equal(applied.FullName, row[1]);
        Assert.Equal(SkillStandardCatalog.DisplayName(Persona.Producer), row[3]);
        Assert.Equal(ListingNames.DisplayName(ListingTier.Public), row[7]);
        Assert.Equal(TableDownloads.Jst(Samples.Now), row[8]);
    }

    [Fact]
    public async Task The_registry_exports_with_the_headings_its_import_reads_so_it_can_be_edited_and_imported_again()
    {
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
        var request = Requests.Request("GET", "ministry");
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?format=csv");
        var answer = await Requests.ExecuteAsync(await new ExportMunicipalities(TestSignIn.Gate(_storage.Storage), new MunicipalityStore(_storage.Storage)).Run(request), request);

        var reading = MunicipalityCsv.Read(MunicipalityCsv.Decode(answer.Bytes)!);

        Assert.Empty(reading.Errors);
        Assert.Equal(MunicipalityCsv.Sample.OrderBy(m => m.Code, StringComparer.Ordinal), reading.Rows);
        Assert.StartsWith("\uFEFF団体コード,団体名,都道府県名,メールアドレス\r\n", Encoding.UTF8.GetString(answer.Bytes), StringComparison.Ordinal);
    }
}
