using Workflow.Domain.Municipalities;

namespace Workflow.Domain.Tests.Municipalities;

public class MunicipalityCsvTests
{
    [Fact]
    public void Sample_codes_are_valid_and_match_their_prefecture()
    {
        Assert.True(MunicipalityCsv.Sample.Count >= 10);
        Assert.All(MunicipalityCsv.Sample, m =>
        {
            Assert.True(MunicipalityCode.IsValid(m.Code), m.Code);
            Assert.Equal(m.Prefecture, Prefectures.NameOf(MunicipalityCode.PrefectureCodeOf(m.Code)));
        });
        Assert.Contains(new Municipality("131016", "千代田区", "東京都", "dx-131016@municipalities.example"), MunicipalityCsv.Sample);
        Assert.Contains(new Municipality("011002", "札幌市", "北海道", "dx-011002@municipalities.example"), MunicipalityCsv.Sample);
        Assert.Contains(new Municipality("271004", "大阪市", "大阪府", "dx-271004@municipalities.example"), MunicipalityCsv.Sample);
        Assert.Contains(new Municipality("401307", "福岡市", "福岡県", "dx-401307@municipalities.example"), MunicipalityCsv.Sample);
        Assert.Contains(new Municipality("141003", "横浜市", "神奈川県", "dx-141003@municipalities.example"), MunicipalityCsv.Sample);
    }

    [Fact]
    public void Sample_round_trips_through_csv()
    {
        var csv = "code,name,prefecture,email\n" + string.Join("\n", MunicipalityCsv.Sample.Select(m => $"{m.Code},{m.Name},{m.Prefecture},{m.Email}"));

        var (rows, errors) = MunicipalityCsv.Parse(csv);

        Assert.Empty(errors);
        Assert.Equal(MunicipalityCsv.Sample, rows);
    }

    [Fact]
    public void Bom_crlf_and_quotes_are_handled()
    {
        var csv = "\uFEFFcode,name,prefecture\r\n\"131016\",\"千代田区\",東京都\r\n011002,\"札幌市\"\"テスト\"\"\",北海道\r\n271004,\"大阪,市\",大阪府\r\n";

        var (rows, errors) = MunicipalityCsv.Parse(csv);

        Assert.Empty(errors);
        Assert.Equal(
            [new("131016", "千代田区", "東京都"), new("011002", "札幌市\"テスト\"", "北海道"), new("271004", "大阪,市", "大阪府")],
            rows);
    }

    [Fact]
    public void Newline_inside_quotes_stays_in_the_field()
    {
        var (rows, errors) = MunicipalityCsv.Parse("code,name,prefecture\n131016,\"千代田\n区\",東京都\n");

        Assert.Empty(errors);
        Assert.Equal("千代田\n区", Assert.Single(rows).Name);
    }

    [Fact]
    public void Header_order_and_case_are_free_and_values_are_normalized()
    {
        var (rows, errors) = MunicipalityCsv.Parse("Prefecture, Name ,CODE\n 東京都 ,千代田区,１３１０１６\n");

        Assert.Empty(errors);
        Assert.Equal(new Municipality("131016", "千代田区", "東京都"), Assert.Single(rows));
    }

    [Fact]
    public void An_email_column_gives_each_municipality_the_address_its_notices_are_mailed_to()
    {
        var (rows, errors) = MunicipalityCsv.Parse("code,name,prefecture,email\n131016,千代田区,東京都, DX@City.Chiyoda.example \n011002,札幌市,北海道,\n");

        Assert.Empty(errors);
        Assert.Equal([new Municipality("131016", "千代田区", "東京都", "dx@city.chiyoda.example"), new Municipality("011002", "札幌市", "北海道")], rows);
    }

    [Fact]
    public void A_malformed_address_is_refused_with_its_row_and_the_other_rows_stand()
    {
        var (rows, errors) = MunicipalityCsv.Parse("code,name,prefecture,email\n131016,千代田区,東京都,not-an-address\n011002,札幌市,北海道,a@b.example\n");

        var error = Assert.Single(errors);
        Assert.Equal("rows[0].email", error.Field);
        Assert.Contains("2行目", error.Message);
        Assert.Equal("011002", Assert.Single(rows).Code);
    }

    [Fact]
    public void Errors_are_numbered_by_row()
    {
        var csv = string.Join("\n",
            "code,name,prefecture",
            "131016,千代田区,東京都",   // rows[0], 2行目: ok
            "131017,千代田区,東京都",   // rows[1]: check digit
            "011002,札幌市,東京都",     // rows[2]: prefecture does not match 01
            "271004,大阪市,大坂府",     // rows[3]: unknown prefecture
            "131016,千代田区,東京都",   // rows[4]: duplicate of 2行目
            "1234,,北海道",             // rows[5]: not six digits, name missing
            "401307,福岡市",            // rows[6]: two columns
            "401307,福岡市,福岡県");    // rows[7]: ok

        var (rows, errors) = MunicipalityCsv.Parse(csv);

        Assert.Equal(["131016", "401307"], rows.Select(r => r.Code));
        Assert.Equal(
            ["rows[1].code", "rows[2].prefecture", "rows[3].prefecture", "rows[4].code", "rows[5].code", "rows[5].name", "rows[6]"],
            errors.Select(e => e.Field));
        Assert.StartsWith("3行目: ", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("検査数字", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("01: 北海道", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("（2行目）", errors[3].Message, StringComparison.Ordinal);
        Assert.StartsWith("8行目: ", errors[6].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("id,name,prefecture\n131016,千代田区,東京都")]
    [InlineData("code,name\n131016,千代田区")]
    public void Missing_or_wrong_header(string csv)
    {
        var (rows, errors) = MunicipalityCsv.Parse(csv);

        Assert.Empty(rows);
        Assert.Equal("header", Assert.Single(errors).Field);
    }

    [Fact]
    public void Unterminated_quote_is_an_error()
    {
        var (rows, errors) = MunicipalityCsv.Parse("code,name,prefecture\n131016,\"千代田区,東京都\n");

        Assert.Empty(rows);
        Assert.Equal("csv", Assert.Single(errors).Field);
    }

    [Fact]
    public void Blank_lines_are_skipped_without_shifting_row_numbers()
    {
        var (rows, errors) = MunicipalityCsv.Parse("code,name,prefecture\n\n131017,千代田区,東京都\n\n");

        Assert.Empty(rows);
        var error = Assert.Single(errors);
        Assert.Equal("rows[1].code", error.Field);
        Assert.StartsWith("3行目: ", error.Message, StringComparison.Ordinal);
    }
}
