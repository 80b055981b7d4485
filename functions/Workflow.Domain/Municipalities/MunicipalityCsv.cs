using System.Text;
using Workflow.Domain.Applications;

namespace Workflow.Domain.Municipalities;

/// <summary>
/// Reads the municipality list an operator uploads. Municipalities are who we notify in ⑥掲載・周知, so a wrong code
/// or prefecture would send notices to the wrong place: every row is checked, and only clean rows are returned.
/// </summary>
public static class MunicipalityCsv
{
    private static readonly string[] Columns = ["code", "name", "prefecture"];

    public static IReadOnlyList<Municipality> Sample { get; } =
    [
        new("011002", "札幌市", "北海道"),
        new("041009", "仙台市", "宮城県"),
        new("131016", "千代田区", "東京都"),
        new("141003", "横浜市", "神奈川県"),
        new("231002", "名古屋市", "愛知県"),
        new("261009", "京都市", "京都府"),
        new("271004", "大阪市", "大阪府"),
        new("281000", "神戸市", "兵庫県"),
        new("341002", "広島市", "広島県"),
        new("401307", "福岡市", "福岡県"),
        new("472018", "那覇市", "沖縄県"),
    ];

    /// <summary>
    /// Parses "code,name,prefecture" CSV (columns in any order, header names case-insensitive). Errors name the data
    /// row by its 0-based index ("rows[0].code" is the first row after the header) and the message by the record
    /// number a spreadsheet shows ("2行目" for that same row, the header being 1行目). Rows with any error are left
    /// out of <c>Rows</c>.
    /// </summary>
    public static (IReadOnlyList<Municipality> Rows, IReadOnlyList<FieldError> Errors) Parse(string csv)
    {
        var rows = new List<Municipality>();
        var errors = new List<FieldError>();

        var text = csv ?? string.Empty;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var records = ReadRecords(text, out var unterminatedQuote);
        if (unterminatedQuote)
        {
            errors.Add(new FieldError("csv", "引用符（\"）が閉じられていません。"));
            return (rows, errors);
        }

        if (records.Count == 0)
        {
            errors.Add(new FieldError("header", "CSVが空です。1行目に「code,name,prefecture」の見出しを入れてください。"));
            return (rows, errors);
        }

        var header = records[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var index = Columns.Select(c => header.IndexOf(c)).ToArray();
        if (header.Count != Columns.Length || index.Any(i => i < 0))
        {
            errors.Add(new FieldError("header", "1行目の見出しは「code,name,prefecture」にしてください。"));
            return (rows, errors);
        }

        var firstRowOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 1; r < records.Count; r++)
        {
            var fields = records[r];
            var row = r - 1;
            var line = r + 1;
            var path = $"rows[{row}]";

            if (fields.Count == 1 && fields[0].Trim().Length == 0)
            {
                // Blank lines (typically a trailing one) carry no data; spreadsheets emit them freely.
                continue;
            }

            if (fields.Count != Columns.Length)
            {
                errors.Add(new FieldError(path, $"{line}行目: 列の数が{fields.Count}です。code,name,prefecture の3列にしてください。"));
                continue;
            }

            var code = Normalize(fields[index[0]]);
            var name = Normalize(fields[index[1]]);
            var prefecture = Normalize(fields[index[2]]);
            var before = errors.Count;

            if (code.Length != 6 || !code.All(char.IsAsciiDigit))
            {
                errors.Add(new FieldError($"{path}.code", $"{line}行目: 団体コードは6桁の数字で入力してください。"));
            }
            else if (!MunicipalityCode.IsValid(code))
            {
                errors.Add(new FieldError($"{path}.code", $"{line}行目: 団体コード「{code}」の検査数字が正しくありません。"));
            }
            else if (firstRowOfCode.TryGetValue(code, out var firstLine))
            {
                errors.Add(new FieldError($"{path}.code", $"{line}行目: 団体コード「{code}」が重複しています（{firstLine}行目）。"));
            }
            else
            {
                firstRowOfCode[code] = line;
            }

            if (name.Length == 0)
            {
                errors.Add(new FieldError($"{path}.name", $"{line}行目: 団体名を入力してください。"));
            }
            else if (name.Length > 100)
            {
                errors.Add(new FieldError($"{path}.name", $"{line}行目: 団体名は100文字以内で入力してください。"));
            }

            if (!Prefectures.IsPrefecture(prefecture))
            {
                errors.Add(new FieldError($"{path}.prefecture", $"{line}行目: 都道府県名「{prefecture}」が正しくありません（例: 東京都）。"));
            }
            else if (code.Length == 6 && code.All(char.IsAsciiDigit)
                     && Prefectures.TryNameOf(code[..2], out var expected) && expected != prefecture)
            {
                errors.Add(new FieldError($"{path}.prefecture", $"{line}行目: 都道府県名「{prefecture}」が団体コードの上2桁（{code[..2]}: {expected}）と一致しません。"));
            }

            if (errors.Count == before)
            {
                rows.Add(new Municipality(code, name, prefecture));
            }
        }

        return (rows, errors);
    }

    private static string Normalize(string value) => value.Normalize(NormalizationForm.FormKC).Trim();

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
