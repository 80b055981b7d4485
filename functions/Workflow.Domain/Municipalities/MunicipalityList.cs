using System.Text;
using Workflow.Domain.Applications;

namespace Workflow.Domain.Municipalities;

/// <summary>What was read from a list: the clean rows, every error, and the headings of columns left unused.</summary>
/// <param name="HasAddresses">Whether the list has an address column: only then does it say which municipality has none.</param>
public sealed record MunicipalityListReading(IReadOnlyList<Municipality> Rows, IReadOnlyList<FieldError> Errors, IReadOnlyList<string> IgnoredColumns, bool HasAddresses = false);

/// <summary>
/// Reads the municipality list the ministry uploads, whatever file it came in (CSV: <see cref="MunicipalityCsv"/>;
/// .xlsx: read into the same records at the edge). Municipalities are who we notify in ⑥掲載・周知, so a wrong code or
/// prefecture would send notices to the wrong place: every row is checked, and only clean rows are returned.
/// </summary>
/// <remarks>
/// Headings may be English (code, name, prefecture, email) or Japanese (団体コード, 団体名, 都道府県名, メールアドレス),
/// in any order. The ministry's own list of 全国地方公共団体コード reads as it is: its 市区町村名（漢字） is the name,
/// its prefecture rows have no 市区町村名 (the prefecture is the name), its カナ columns are not used, and a code that
/// a spreadsheet turned into a number (北海道's 011002 as 11002) gets its leading zero back.
/// </remarks>
public static class MunicipalityList
{
    private enum Column
    {
        Code,
        Name,
        Prefecture,
        Email,
    }

    /// <summary>Every heading taken, normalised as <see cref="HeadingKey"/> makes it.</summary>
    private static readonly Dictionary<string, Column> Headings = new(StringComparer.Ordinal)
    {
        ["code"] = Column.Code,
        ["団体コード"] = Column.Code,
        ["地方公共団体コード"] = Column.Code,
        ["全国地方公共団体コード"] = Column.Code,
        ["name"] = Column.Name,
        ["団体名"] = Column.Name,
        ["市区町村名"] = Column.Name,
        ["市区町村名(漢字)"] = Column.Name,
        ["prefecture"] = Column.Prefecture,
        ["都道府県"] = Column.Prefecture,
        ["都道府県名"] = Column.Prefecture,
        ["都道府県名(漢字)"] = Column.Prefecture,
        ["email"] = Column.Email,
        ["メールアドレス"] = Column.Email,
        ["通知先メールアドレス"] = Column.Email,
    };

    /// <summary>The headings of the three columns a list must have, as the error message shows them.</summary>
    public const string RequiredHeadings = "code,name,prefecture（または 団体コード,団体名,都道府県名）";

    public static MunicipalityListReading Read(IReadOnlyList<IReadOnlyList<string>> records)
    {
        var rows = new List<Municipality>();
        var errors = new List<FieldError>();
        if (records.Count == 0)
        {
            errors.Add(new FieldError("header", $"ファイルが空です。1行目に「{RequiredHeadings}」の見出しを入れてください。"));
            return new MunicipalityListReading(rows, errors, []);
        }

        var header = records[0];
        var index = new Dictionary<Column, int>();
        var ignored = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var heading = header[i].Trim();
            if (heading.Length == 0)
            {
                continue;
            }

            if (!Headings.TryGetValue(HeadingKey(heading), out var column))
            {
                ignored.Add(heading);
            }
            else if (!index.TryAdd(column, i))
            {
                errors.Add(new FieldError("header", $"1行目の見出し「{heading}」は「{header[index[column]].Trim()}」と同じ項目です。どちらか一方にしてください。"));
            }
        }

        if (errors.Count > 0 || !index.ContainsKey(Column.Code) || !index.ContainsKey(Column.Name) || !index.ContainsKey(Column.Prefecture))
        {
            errors.Add(new FieldError("header", $"1行目の見出しは「{RequiredHeadings}」にしてください（通知先のメールアドレスがあれば「email」または「メールアドレス」の列を加えてください）。"));
            return new MunicipalityListReading(rows, errors, ignored);
        }

        var firstRowOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 1; r < records.Count; r++)
        {
            var fields = records[r];
            var row = r - 1;
            var line = r + 1;
            var path = $"rows[{row}]";

            if (fields.All(f => f.Trim().Length == 0))
            {
                // Blank lines (typically a trailing one) carry no data; spreadsheets emit them freely.
                continue;
            }

            // A row longer than the header only by empty cells is what spreadsheets save; a shorter one is a broken line.
            if (fields.Count < header.Count || fields.Skip(header.Count).Any(f => f.Trim().Length > 0))
            {
                errors.Add(new FieldError(path, $"{line}行目: 列の数が{fields.Count}です。見出しと同じ{header.Count}列にしてください。"));
                continue;
            }

            string Field(Column column) => index.TryGetValue(column, out var at) ? Normalize(fields[at]) : string.Empty;

            var code = Field(Column.Code);
            if (code.Length == 5 && code.All(char.IsAsciiDigit))
            {
                code = "0" + code;
            }

            var prefecture = Field(Column.Prefecture);
            var name = Field(Column.Name);
            if (name.Length == 0 && code.Length == 6 && code[2..5] == "000")
            {
                // A prefecture's own row in the ministry's list names it only in the prefecture column.
                name = prefecture;
            }

            var email = ApplicationValidator.NormalizeEmail(Field(Column.Email));
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

        return new MunicipalityListReading(rows, errors, ignored, index.ContainsKey(Column.Email));
    }

    /// <summary>A heading as compared: width and case folded, spaces and line breaks (Excel wraps long headings) removed.</summary>
    private static string HeadingKey(string heading) =>
        string.Concat(heading.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    private static string Normalize(string value) => value.Normalize(NormalizationForm.FormKC).Trim();
}
