using System.Text;
using Workflow.Domain.Applications;

namespace Workflow.Domain.Municipalities;

/// <summary>The municipality list as CSV text: its records, read as RFC 4180 with the leniencies spreadsheets need.</summary>
public static class MunicipalityCsv
{
    public static IReadOnlyList<Municipality> Sample { get; } =
    [
        new("011002", "札幌市", "北海道", "dx-011002@municipalities.example"),
        new("041009", "仙台市", "宮城県", "dx-041009@municipalities.example"),
        new("131016", "千代田区", "東京都", "dx-131016@municipalities.example"),
        new("141003", "横浜市", "神奈川県", "dx-141003@municipalities.example"),
        new("231002", "名古屋市", "愛知県", "dx-231002@municipalities.example"),
        new("261009", "京都市", "京都府", "dx-261009@municipalities.example"),
        new("271004", "大阪市", "大阪府", "dx-271004@municipalities.example"),
        new("281000", "神戸市", "兵庫県", "dx-281000@municipalities.example"),
        new("341002", "広島市", "広島県", "dx-341002@municipalities.example"),
        new("401307", "福岡市", "福岡県", "dx-401307@municipalities.example"),
        new("472018", "那覇市", "沖縄県", "dx-472018@municipalities.example"),
    ];

    /// <summary>
    /// Parses a municipality list saved as CSV text (<see cref="MunicipalityList.Read"/> says which headings and rows it
    /// takes). Errors name the data row by its 0-based index ("rows[0].code" is the first row after the header) and
    /// the message by the record number a spreadsheet shows ("2行目" for that same row, the header being 1行目). Rows
    /// with any error are left out of <c>Rows</c>.
    /// </summary>
    public static (IReadOnlyList<Municipality> Rows, IReadOnlyList<FieldError> Errors) Parse(string csv)
    {
        var reading = Read(csv);
        return (reading.Rows, reading.Errors);
    }

    /// <summary>As <see cref="Parse"/>, with the columns the list had that were not used.</summary>
    public static MunicipalityListReading Read(string csv)
    {
        var text = csv ?? string.Empty;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var records = ReadRecords(text, out var unterminatedQuote);
        if (unterminatedQuote)
        {
            return new MunicipalityListReading([], [new FieldError("csv", "引用符（\"）が閉じられていません。")], []);
        }

        return MunicipalityList.Read(records);
    }

    /// <summary>
    /// The text of a CSV file as Excel and other tools save it in Japan: UTF-8 (with or without a byte order mark), or
    /// Shift_JIS (Windows code page 932, what 「CSV（コンマ区切り）」 writes). UTF-8 is tried first and strictly: Japanese
    /// text in Shift_JIS is practically never valid UTF-8, and ASCII reads the same in both. Null when neither decodes.
    /// </summary>
    public static string? Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
        }

        try
        {
            var shiftJis = CodePagesEncodingProvider.Instance.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                ?? throw new InvalidOperationException("Code page 932 is not available.");
            return shiftJis.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // RFC 4180 with the usual leniencies: CRLF, LF or CR line ends, "" as an escaped quote, newlines inside quotes.
    private static List<List<string>> ReadRecords(string text, out bool unterminatedQuote)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var recordHasContent = false;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    recordHasContent = true;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    recordHasContent = true;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    record.Add(field.ToString());
                    records.Add(record);
                    record = [];
                    field.Clear();
                    recordHasContent = false;
                    break;
                default:
                    field.Append(c);
                    recordHasContent = true;
                    break;
            }
        }

        unterminatedQuote = inQuotes;
        if (recordHasContent || field.Length > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
