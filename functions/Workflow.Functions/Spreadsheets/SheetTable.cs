using System.Text;

namespace Workflow.Functions.Spreadsheets;

/// <summary>
/// A table as people take it into Excel: a sheet name, Japanese headings and rows of text. Exports build one of these
/// and write it as CSV (<see cref="ToCsv"/>) or .xlsx (<see cref="Xlsx.Write"/>), so both files always hold the same
/// columns in the same order.
/// </summary>
public sealed record SheetTable(string Name, IReadOnlyList<string> Headings, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    /// <summary>
    /// UTF-8 with a byte order mark and CRLF line ends: the form Excel opens in Japanese without mojibake (without the
    /// mark it reads the bytes as Shift_JIS).
    /// </summary>
    public byte[] ToCsv()
    {
        var text = new StringBuilder();
        Line(text, Headings);
        foreach (var row in Rows)
        {
            Line(text, row);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Line(StringBuilder text, IEnumerable<string?> fields) =>
        text.Append(string.Join(',', fields.Select(CsvField))).Append("\r\n");

    /// <summary>Quoted when it must be, quotes doubled; a leading = + - @ is neutralised so a spreadsheet never runs it.</summary>
    public static string CsvField(string? value)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
