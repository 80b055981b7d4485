using System.Text;
using Workflow.Functions.Spreadsheets;

namespace Workflow.Functions.Tests.Spreadsheets;

/// <summary>The files every export writes: CSV that Excel opens in Japanese, and a workbook that reads back as written.</summary>
public sealed class SheetFilesTests
{
    private static readonly SheetTable Table = new("人材リスト：令和8年度/第1回",
        ["団体コード", "氏名", "備考"],
        [
            ["011002", "山田 太郎", "=HYPERLINK(\"http://x.example/\")"],
            ["131016", "鈴木, 花子", "改行\nあり"],
            ["401307", null, "  前後の空白  "],
        ]);

    [Fact]
    public void Csv_starts_with_the_byte_order_mark_ends_lines_with_crlf_quotes_what_it_must_and_never_starts_a_formula()
    {
        var bytes = Table.ToCsv();

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal(
            "団体コード,氏名,備考\r\n" +
            "011002,山田 太郎,\"'=HYPERLINK(\"\"http://x.example/\"\")\"\r\n" +
            "131016,\"鈴木, 花子\",\"改行\nあり\"\r\n" +
            "401307,,  前後の空白  \r\n",
            text);
    }

    [Fact]
    public void A_workbook_reads_back_cell_for_cell_with_leading_zeros_japanese_and_spaces_kept()
    {
        var bytes = Xlsx.Write(Table);

        Assert.True(Xlsx.LooksLikeXlsx(bytes));
        using var stream = new MemoryStream(bytes);
        var rows = Xlsx.ReadFirstSheet(stream);
        Assert.Equal(
            [
                ["団体コード", "氏名", "備考"],
                ["011002", "山田 太郎", "=HYPERLINK(\"http://x.example/\")"],
                ["131016", "鈴木, 花子", "改行\nあり"],
                ["401307", string.Empty, "  前後の空白  "],
            ],
            rows);
    }

    [Fact]
    public void The_sheet_is_named_within_excels_rules_and_the_headings_are_bold_and_frozen()
    {
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(Xlsx.Write(Table)), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single();
        Assert.Equal("人材リスト：令和8年度_第1回", sheet.Name!.Value);

        var worksheet = ((DocumentFormat.OpenXml.Packaging.WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
        var pane = worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Pane>().Single();
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.PaneStateValues.Frozen, pane.State!.Value);
        var headingStyle = worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().First().StyleIndex!.Value;
        var format = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>().ElementAt((int)headingStyle);
        Assert.NotNull(workbook.WorkbookStylesPart.Stylesheet.Fonts!.Elements<DocumentFormat.OpenXml.Spreadsheet.Font>().ElementAt((int)format.FontId!.Value).Bold);
    }
}
