using System.Text;
using Workflow.Domain.Municipalities;

namespace Workflow.Domain.Tests.Municipalities;

/// <summary>The list as the ministry has it: Japanese headings, the official layout, Shift_JIS, codes that lost their zero.</summary>
public sealed class MunicipalityListTests
{
    [Fact]
    public void Japanese_headings_in_any_order_are_read_like_the_english_ones()
    {
        var reading = MunicipalityCsv.Read("都道府県名,団体名,団体コード,メールアドレス\n東京都,千代田区,131016,dx@chiyoda.example\n");

        Assert.Empty(reading.Errors);
        Assert.Empty(reading.IgnoredColumns);
        Assert.True(reading.HasAddresses);
        Assert.Equal(new Municipality("131016", "千代田区", "東京都", "dx@chiyoda.example"), Assert.Single(reading.Rows));
    }

    [Fact]
    public void The_ministrys_code_list_reads_as_it_is_with_prefecture_rows_wrapped_headings_kana_and_numeric_codes()
    {
        IReadOnlyList<IReadOnlyList<string>> sheet =
        [
            ["団体コード", "都道府県名\n（漢字）", "市区町村名\n（漢字）", "都道府県名\n（カナ）", "市区町村名\n（カナ）"],
            ["010006", "北海道", "", "ﾎｯｶｲﾄﾞｳ", ""],
            ["11002", "北海道", "札幌市", "ﾎｯｶｲﾄﾞｳ", "ｻｯﾎﾟﾛｼ"],
            ["131016", "東京都", "千代田区", "ﾄｳｷｮｳﾄ", "ﾁﾖﾀﾞｸ"],
        ];

        var reading = MunicipalityList.Read(sheet);

        Assert.Empty(reading.Errors);
        Assert.Equal(
            [new Municipality("010006", "北海道", "北海道"), new Municipality("011002", "札幌市", "北海道"), new Municipality("131016", "千代田区", "東京都")],
            reading.Rows);
        Assert.Equal(["都道府県名\n（カナ）", "市区町村名\n（カナ）"], reading.IgnoredColumns);
        Assert.False(reading.HasAddresses);
    }

    [Fact]
    public void Two_columns_for_one_item_are_refused_before_any_row_is_read()
    {
        var reading = MunicipalityCsv.Read("code,団体コード,name,prefecture\n131016,131016,千代田区,東京都\n");

        Assert.Empty(reading.Rows);
        Assert.Contains(reading.Errors, e => e.Message.Contains("「団体コード」は「code」と同じ項目です", StringComparison.Ordinal));
    }

    [Fact]
    public void A_code_of_five_digits_gets_its_zero_back_only_when_the_check_digit_then_holds()
    {
        var reading = MunicipalityCsv.Read("code,name,prefecture\n41009,仙台市,宮城県\n41008,仙台市,宮城県\n");

        Assert.Equal("041009", Assert.Single(reading.Rows).Code);
        Assert.Contains("検査数字", Assert.Single(reading.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shift_jis_as_excel_saves_it_and_utf8_with_or_without_a_bom_decode_to_the_same_text()
    {
        const string text = "団体コード,団体名,都道府県名\r\n131016,千代田区,東京都\r\n";
        var shiftJis = CodePagesEncodingProvider.Instance.GetEncoding(932)!.GetBytes(text);

        Assert.Equal(text, MunicipalityCsv.Decode(shiftJis));
        Assert.Equal(text, MunicipalityCsv.Decode(Encoding.UTF8.GetBytes(text)));
        Assert.Equal("\uFEFF" + text, MunicipalityCsv.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]));
        Assert.Empty(MunicipalityCsv.Read(MunicipalityCsv.Decode(shiftJis)!).Errors);
        Assert.Null(MunicipalityCsv.Decode([0x81, 0x20, 0xFF]));
    }
}
