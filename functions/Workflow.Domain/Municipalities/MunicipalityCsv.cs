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

    /// <summary>A column a list may have after the three: where the municipality's notices are mailed.</summary>
    private const string EmailColumn = "email";

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
    /// Parses "code,name,prefecture" CSV, with an optional "email" column (columns in any order, header names case-insensitive). Errors name the data
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
        var emailIndex = header.IndexOf(EmailColumn);
        var columns = Columns.Length + (emailIndex >= 0 ? 1 : 0);
        if (header.Count != columns || index.Any(i => i < 0))
        {
            errors.Add(new FieldError("header", "1行目の見出しは「code,name,prefecture」（通知先のメールアドレスがあれば「,email」を加えて）にしてください。"));
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

            if (fields.Count != columns)
            {
                errors.Add(new FieldError(path, $"{line}行目: 列の数が{fields.Count}です。見出しと同じ{columns}列にしてください。"));
                continue;
            }

            var code = Normalize(fields[index[0]]);
            var name = Normalize(fields[index[1]]);
            var prefecture = Normalize(fields[index[2]]);
            var email = emailIndex >= 0 ? ApplicationValidator.NormalizeEmail(Normalize(fields[emailIndex])) : string.Empty;
            var before = errors.Count;

            if (email.Length > 0 && !ApplicationValidator.IsValidEmail(email))
            {
                errors.Add(new FieldError($"{path}.email", $"{line}行目: メールアドレス「{email}」の形式が正しくありません。"));
            }

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
                rows.Add(new Municipality(code, name, prefecture, email.Length > 0 ? email : null));
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
