using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Audit;
using Workflow.Functions.Publish;
using Workflow.Functions.Spreadsheets;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Publish;

/// <summary>The registry import takes the national list in every form the ministry has it in, or stores nothing.</summary>
[Collection("Azurite")]
public sealed class ImportMunicipalitiesTests
{
    private static readonly IReadOnlyList<Municipality> National = SampleMunicipalities.National();

    private readonly TestStorage _storage = new();

    private MunicipalityStore Store => new(_storage.Storage);

    private async Task<HttpAnswer> ImportAsync(byte[] body, string contentType)
    {
        var request = Requests.Request("POST", "ministry");
        request.ContentType = contentType;
        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        var import = new ImportMunicipalities(TestSignIn.Gate(_storage.Storage), Store, new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));
        return await Requests.ExecuteAsync(await import.Run(request), request);
    }

    private async Task AssertNationalListStoredAsync(HttpAnswer answer)
    {
        Assert.Equal(200, answer.Status);
        Assert.Equal(National.Count, answer.Json.GetProperty("imported").GetInt32());
        var stored = await Store.ListAsync();
        Assert.Equal(National.Select(m => (m.Code, m.Name, m.Prefecture)).Order(), stored.Select(m => (m.Code, m.Name, m.Prefecture)).Order());
    }

    [Fact]
    public void The_sample_national_list_has_every_prefecture_and_only_valid_unique_codes()
    {
        Assert.InRange(National.Count, 1_700, 1_900);
        Assert.All(National, m => Assert.True(MunicipalityCode.IsValid(m.Code), m.Code));
        Assert.Equal(National.Count, National.Select(m => m.Code).Distinct().Count());
        Assert.Equal(Prefectures.All.Order(), National.Select(m => m.Prefecture).Distinct().Order());
    }

    [Fact]
    public async Task The_national_list_as_utf8_csv_with_english_headings_is_stored_whole()
    {
        var csv = "code,name,prefecture\n" + string.Concat(National.Select(m => $"{m.Code},{m.Name},{m.Prefecture}\n"));

        await AssertNationalListStoredAsync(await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv"));
    }

    [Fact]
    public async Task The_national_list_as_excel_saves_csv_in_shift_jis_with_japanese_headings_and_codes_without_their_zero()
    {
        // As Excel writes 「CSV（コンマ区切り）」 from a sheet whose codes were typed as numbers: 011002 becomes 11002.
        var csv = "団体コード,団体名,都道府県名\r\n" + string.Concat(National.Select(m => $"{m.Code.TrimStart('0')},{m.Name},{m.Prefecture}\r\n"));
        var shiftJis = CodePagesEncodingProvider.Instance.GetEncoding(932)!.GetBytes(csv);

        // Windows names a .csv file as Excel's when Excel is installed.
        await AssertNationalListStoredAsync(await ImportAsync(shiftJis, "application/vnd.ms-excel"));
    }

    [Fact]
    public async Task The_national_list_in_the_ministrys_xlsx_layout_with_shared_strings_furigana_and_numeric_codes_is_stored_whole()
    {
        var xlsx = OfficialLayoutWorkbook(National);

        var answer = await ImportAsync(xlsx, Xlsx.ContentType);

        await AssertNationalListStoredAsync(answer);
        Assert.Equal(["都道府県名\n（カナ）", "市区町村名\n（カナ）"], answer.Json.GetProperty("ignoredColumns").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("次の列は使っていません: 都道府県名（カナ）、市区町村名（カナ）", answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_of_the_registry_as_xlsx_imports_again_unchanged()
    {
        var table = new SheetTable("団体", ["団体コード", "団体名", "都道府県名", "メールアドレス"],
            [.. MunicipalityCsv.Sample.Select(m => (IReadOnlyList<string?>)[m.Code, m.Name, m.Prefecture, m.Email])]);

        var answer = await ImportAsync(Xlsx.Write(table), Xlsx.ContentType);

        Assert.Equal(200, answer.Status);
        Assert.Equal(MunicipalityCsv.Sample.OrderBy(m => m.Code, StringComparer.Ordinal), await Store.ListAsync());
    }

    [Fact]
    public async Task A_list_without_an_address_column_keeps_the_addresses_on_file_and_one_with_it_says_which_have_none()
    {
        Assert.Equal(200, (await ImportAsync(Encoding.UTF8.GetBytes("code,name,prefecture,email\n131016,千代田区,東京都,dx@chiyoda.example\n011002,札幌市,北海道,dx@sapporo.example\n"), "text/csv")).Status);

        Assert.Equal(200, (await ImportAsync(Encoding.UTF8.GetBytes("団体コード,団体名,都道府県名\n131016,千代田区役所,東京都\n"), "text/csv")).Status);
        Assert.Equal(200, (await ImportAsync(Encoding.UTF8.GetBytes("団体コード,団体名,都道府県名,メールアドレス\n011002,札幌市,北海道,\n"), "text/csv")).Status);

        Assert.Equal(new Municipality("131016", "千代田区役所", "東京都", "dx@chiyoda.example"), await Store.GetAsync("131016"));
        Assert.Equal(new Municipality("011002", "札幌市", "北海道"), await Store.GetAsync("011002"));
    }

    [Fact]
    public async Task A_bad_row_in_an_xlsx_is_named_by_its_row_and_nothing_is_stored()
    {
        var table = new SheetTable("団体", ["団体コード", "団体名", "都道府県名"],
        [
            ["131016", "千代田区", "東京都"],
            ["131017", "千代田区", "東京都"],
        ]);

        var answer = await ImportAsync(Xlsx.Write(table), Xlsx.ContentType);

        Assert.Equal(400, answer.Status);
        Assert.Equal("ファイルに誤りがあるため、1件も登録していません。", answer.Json.GetProperty("detail").GetString());
        Assert.StartsWith("3行目: ", answer.ErrorsFor("rows[1].code").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain(await Store.ListAsync(), m => m.Name == "千代田区" && m.Code == "131017");
    }

    [Theory]
    [InlineData("csv bytes")]
    [InlineData("a zip without a workbook")]
    public async Task What_is_not_a_workbook_is_told_so_in_japanese(string what)
    {
        byte[] body = what == "csv bytes" ? Encoding.UTF8.GetBytes("code,name,prefecture\n") : [0x50, 0x4B, 0x05, 0x06, .. new byte[18]];

        var answer = await ImportAsync(body, Xlsx.ContentType);

        Assert.Equal(400, answer.Status);
        Assert.Contains("Excel ブック（.xlsx）として読み込めませんでした", answer.ErrorsFor("body").Single(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A workbook as the ministry publishes the list: shared strings with ふりがな runs (which Excel does not show),
    /// headings wrapped onto two lines, codes stored as numbers, prefecture rows with no 市区町村名, and カナ columns.
    /// </summary>
    private static byte[] OfficialLayoutWorkbook(IReadOnlyList<Municipality> list)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = new List<string>();
            int Shared(string text)
            {
                strings.Add(text);
                return strings.Count - 1;
            }

            Cell Text(string reference, string text) => new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Shared(text)) };
            var data = new SheetData();
            data.Append(new Row(
                Text("A1", "団体コード"), Text("B1", "都道府県名\n（漢字）"), Text("C1", "市区町村名\n（漢字）"), Text("D1", "都道府県名\n（カナ）"), Text("E1", "市区町村名\n（カナ）"))
            { RowIndex = 1 });
            for (var i = 0; i < list.Count; i++)
            {
                var m = list[i];
                var r = (uint)i + 2;
                var isPrefecture = m.Code[2..5] == "000";
                var row = new Row { RowIndex = r };
                row.Append(new Cell { CellReference = $"A{r}", CellValue = new CellValue(int.Parse(m.Code, System.Globalization.CultureInfo.InvariantCulture)) });
                row.Append(Text($"B{r}", m.Prefecture));
                if (!isPrefecture)
                {
                    row.Append(Text($"C{r}", m.Name));
                }

                row.Append(Text($"D{r}", "ｶﾅ"));
                data.Append(row);
            }

            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(data);
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable(strings.Select(s =>
                new SharedStringItem(new Text(s), new PhoneticRun(new Text("ふりがな")) { BaseTextStartIndex = 0, EndingBaseIndex = 1 })));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "R6.1.1現在の団体" }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }
}
