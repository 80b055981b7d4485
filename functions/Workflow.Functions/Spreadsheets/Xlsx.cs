using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Workflow.Functions.Spreadsheets;

/// <summary>.xlsx files read and written with the Open XML SDK, row by row (its SAX-style reader and writer).</summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Rows past this many are refused: the national list has about 1,800; this is a guard, not a quota.</summary>
    public const int MaxRows = 20_000;

    /// <summary>Whether the bytes start as a zip archive does (every .xlsx is one), whatever type the client claimed.</summary>
    public static bool LooksLikeXlsx(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\u0003\u0004"u8);

    /// <summary>
    /// The first sheet as rows of text, each row as wide as the widest seen. Rows the sheet skips come back empty, so
    /// that a row's index is its row number less one from the first row that has anything in it. Cells are read as
    /// Excel shows them: shared and inline strings without their ふりがな, numbers in their shortest form (a code typed
    /// as a number, 11002, stays 11002).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a workbook, no sheet, or more than <see cref="MaxRows"/> rows.</exception>
    public static IReadOnlyList<IReadOnlyList<string>> ReadFirstSheet(Stream stream)
    {
        SpreadsheetDocument document;
        try
        {
            // A part's characters are capped so that a small compressed file cannot expand into gigabytes of XML.
            document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = 50_000_000 });
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException)
        {
            throw new InvalidDataException("Not an .xlsx workbook.", e);
        }

        using (document)
        {
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("The workbook has no workbook part.");
            var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("The workbook has no sheet.");
            if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                throw new InvalidDataException("The first sheet is not a worksheet.");
            }

            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(TextOf).ToArray() ?? [];
            var rows = new List<List<string>>();
            uint? firstRow = null;
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)reader.LoadCurrentElement()!;
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add(string.Empty);
                    }

                    cells.Add(ValueOf(cell, shared));
                }

                if (firstRow is null && cells.All(c => c.Length == 0))
                {
                    continue;
                }

                var number = row.RowIndex?.Value ?? (uint)((firstRow ?? 1) + rows.Count);
                firstRow ??= number;
                while (firstRow + rows.Count < number)
                {
                    rows.Add([]);
                }

                rows.Add(cells);
                if (rows.Count > MaxRows)
                {
                    throw new InvalidDataException($"The sheet has more than {MaxRows} rows.");
                }
            }

            var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
            foreach (var row in rows)
            {
                row.AddRange(Enumerable.Repeat(string.Empty, width - row.Count));
            }

            return rows;
        }
    }

    /// <summary>
    /// The table as a workbook of one sheet: headings in bold, frozen above the rows, columns as wide as their text.
    /// Every cell is an inline string, so that codes keep their leading zeros and nothing is read as a formula.
    /// </summary>
    public static byte[] Write(SheetTable table)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var part = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(part))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteElement(new SheetViews(new SheetView(new Pane
                {
                    VerticalSplit = 1,
                    TopLeftCell = "A2",
                    ActivePane = PaneValues.BottomLeft,
                    State = PaneStateValues.Frozen,
                })
                { WorkbookViewId = 0 }));
                writer.WriteElement(new Columns(table.Headings.Select((_, i) => new Column
                {
                    Min = (uint)i + 1,
                    Max = (uint)i + 1,
                    Width = Width(table, i),
                    CustomWidth = true,
                })));
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, 1, table.Headings, bold: true);
                for (var r = 0; r < table.Rows.Count; r++)
                {
                    WriteRow(writer, (uint)r + 2, table.Rows[r], bold: false);
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = SheetName(table.Name) }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static void WriteRow(OpenXmlWriter writer, uint number, IReadOnlyList<string?> values, bool bold)
    {
        writer.WriteStartElement(new Row { RowIndex = number });
        for (var c = 0; c < values.Count; c++)
        {
            writer.WriteElement(new Cell
            {
                CellReference = ColumnName(c) + number.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                StyleIndex = bold ? 1U : 0U,
                InlineString = new InlineString(new Text(values[c] ?? string.Empty) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }

        writer.WriteEndElement();
    }

    /// <summary>The least a stylesheet must hold for Excel to open it, plus one bold font for the headings.</summary>
    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));

    /// <summary>Wide enough for the longest text of the column, counting a Japanese character as two, within bounds.</summary>
    private static double Width(SheetTable table, int column)
    {
        static int Units(string? text) => (text ?? string.Empty).Sum(c => c < 0x2E80 ? 1 : 2);
        var longest = table.Rows.Take(1000).Select(r => column < r.Count ? Units(r[column]) : 0).Append(Units(table.Headings[column])).Max();
        return Math.Clamp(longest + 2, 8, 60);
    }

    /// <summary>Excel's limits on a sheet's name: 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = string.Concat(name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : c));
        return clean.Length <= 31 ? clean : clean[..31];
    }

    /// <summary>A, B, …, Z, AA, … for a 0-based column.</summary>
    private static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>The 0-based column of a cell reference such as "C12".</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            index = (index * 26) + (c - 'A' + 1);
        }

        return index - 1;
    }

    private static string ValueOf(Cell cell, string[] shared)
    {
        var raw = cell.CellValue?.Text ?? string.Empty;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Length ? shared[i] : string.Empty;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? TextOf(inline) : raw;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        if ((type is null || type == CellValues.Number)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number.ToString("R", CultureInfo.InvariantCulture);
        }

        return raw;
    }

    /// <summary>A string item's text: its plain text or its runs, never its phonetic (ふりがな) runs, which Excel does not show.</summary>
    private static string TextOf(OpenXmlElement item) =>
        item.GetFirstChild<Text>() is { } text ? text.Text : string.Concat(item.Elements<Run>().Select(r => r.Text?.Text ?? string.Empty));
}
