using Workflow.Domain.Municipalities;

namespace Workflow.Domain.Tests.Municipalities;

public class MunicipalityCodeTests
{
    [Theory]
    [InlineData("131016")] // 千代田区
    [InlineData("011002")] // 札幌市
    [InlineData("271004")] // 大阪市
    [InlineData("401307")] // 福岡市
    [InlineData("141003")] // 横浜市
    [InlineData("281000")] // 神戸市: check digit 10 mod 10 = 0
    [InlineData("130001")] // 東京都 itself
    public void Valid_codes(string code)
    {
        Assert.True(MunicipalityCode.IsValid(code));
    }

    [Theory]
    [InlineData("131017")] // wrong check digit
    [InlineData("011001")]
    [InlineData("271005")]
    [InlineData("13101")] // too short
    [InlineData("1310160")] // too long
    [InlineData("13101a")]
    [InlineData("１３１０１６")] // full-width digits are not a code; callers normalize first
    [InlineData("")]
    [InlineData("000000")] // check digit fits but no prefecture 00
    [InlineData("480000")] // no prefecture 48
    public void Invalid_codes(string code)
    {
        Assert.False(MunicipalityCode.IsValid(code));
    }

    [Fact]
    public void Check_digit_formula()
    {
        // 1·6 + 3·5 + 1·4 + 0·3 + 1·2 = 27; 27 mod 11 = 5; (11 - 5) mod 10 = 6.
        Assert.Equal(6, MunicipalityCode.CheckDigit("13101"));
        Assert.Equal(0, MunicipalityCode.CheckDigit("28100"));
    }

    [Fact]
    public void Prefecture_code_is_the_first_two_digits()
    {
        Assert.Equal("13", MunicipalityCode.PrefectureCodeOf("131016"));
        Assert.Equal("01", MunicipalityCode.PrefectureCodeOf("011002"));
        Assert.Throws<ArgumentException>(() => MunicipalityCode.PrefectureCodeOf("13"));
    }

    [Fact]
    public void Prefectures_in_jis_order()
    {
        Assert.Equal(47, Prefectures.All.Count);
        Assert.Equal(47, Prefectures.All.Distinct().Count());
        Assert.Equal("北海道", Prefectures.All[0]);
        Assert.Equal("沖縄県", Prefectures.All[^1]);
        Assert.Equal("東京都", Prefectures.NameOf("13"));
        Assert.Equal("京都府", Prefectures.NameOf("26"));
        Assert.Equal("大阪府", Prefectures.NameOf("27"));
        Assert.Equal("福岡県", Prefectures.NameOf("40"));
        Assert.Equal("13", Prefectures.CodeOf("東京都"));
        Assert.Null(Prefectures.CodeOf("東京"));
        Assert.Throws<ArgumentException>(() => Prefectures.NameOf("48"));
        Assert.Throws<ArgumentException>(() => Prefectures.NameOf("00"));
    }

    [Theory]
    [InlineData("東京都", true)]
    [InlineData(" 北海道 ", true)]
    [InlineData("東京", false)]
    [InlineData("京都", false)]
    [InlineData("", false)]
    public void Is_prefecture(string name, bool expected)
    {
        Assert.Equal(expected, Prefectures.IsPrefecture(name));
    }
}
