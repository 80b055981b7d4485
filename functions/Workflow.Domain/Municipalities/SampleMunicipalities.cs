using System.Globalization;

namespace Workflow.Domain.Municipalities;

/// <summary>
/// A national list shaped like the real one, made from the code rules alone: every prefecture's own row (pp000 and its
/// check digit), 東京都's 23 special wards (13101–13123), and for each prefecture 21 cities (2xx) and 16 towns (3xx),
/// 1,809 団体 in all (the real list has about 1,790). Names are made up; codes are all valid. For tests and the bench
/// of the registry import, and for a demo that wants a country's worth of municipalities.
/// </summary>
public static class SampleMunicipalities
{
    public static IReadOnlyList<Municipality> National()
    {
        var list = new List<Municipality>();
        for (var p = 1; p <= Prefectures.All.Count; p++)
        {
            var prefecture = Prefectures.All[p - 1];
            var pp = p.ToString("D2", CultureInfo.InvariantCulture);
            list.Add(new Municipality(Code(pp + "000"), prefecture, prefecture));
            if (prefecture == "東京都")
            {
                for (var w = 1; w <= 23; w++)
                {
                    list.Add(new Municipality(Code($"{pp}1{w:D2}"), $"第{w}特別区", prefecture));
                }
            }

            for (var c = 1; c <= 21; c++)
            {
                list.Add(new Municipality(Code($"{pp}2{c:D2}"), $"{prefecture[..^1]}第{c}市", prefecture));
            }

            for (var t = 1; t <= 16; t++)
            {
                list.Add(new Municipality(Code($"{pp}3{t:D2}"), $"{prefecture[..^1]}第{t}町", prefecture));
            }
        }

        return list;
    }

    private static string Code(string firstFive) => firstFive + MunicipalityCode.CheckDigit(firstFive).ToString(CultureInfo.InvariantCulture);
}
