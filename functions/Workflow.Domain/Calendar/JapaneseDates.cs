namespace Workflow.Domain.Calendar;

/// <summary>
/// Dates as Japanese public services write them: in Japan time, the Western year, and for deadlines the era year
/// (令和) beside it. Computed here rather than through the culture's calendar so that the answer does not depend on
/// the ICU data of the machine.
/// </summary>
public static class JapaneseDates
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private static readonly DateTime ReiwaBegins = new(2019, 5, 1);
    private static readonly DateTime HeiseiBegins = new(1989, 1, 8);
    private static readonly string[] Weekdays = ["日", "月", "火", "水", "木", "金", "土"];

    public static DateTimeOffset InJapan(DateTimeOffset at) => at.ToOffset(Jst);

    /// <summary>令和8年, 令和元年, 平成31年 …; the era year of a date in Japan.</summary>
    public static string EraYear(DateTimeOffset at)
    {
        var date = InJapan(at).DateTime;
        var (era, first) = date >= ReiwaBegins ? ("令和", 2019) : date >= HeiseiBegins ? ("平成", 1989) : ("昭和", 1926);
        var year = date.Year - first + 1;
        return year == 1 ? $"{era}元年" : $"{era}{year}年";
    }

    /// <summary>令和8年3月31日(火): a date as certificates and official letters write it, in the era year alone.</summary>
    public static string EraDate(DateTimeOffset at)
    {
        var d = InJapan(at);
        return $"{EraYear(at)}{d.Month}月{d.Day}日({Weekdays[(int)d.DayOfWeek]})";
    }

    /// <summary>A calendar day (a term's first or last): 令和8年（2026年）4月1日(水), the era year beside the Western one.</summary>
    public static string Day(DateOnly day)
    {
        var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Jst);
        return $"{EraYear(at)}（{day.Year}年）{day.Month}月{day.Day}日({Weekdays[(int)day.DayOfWeek]})";
    }

    /// <summary>The date in Japan of an instant: what "today" is for a municipality.</summary>
    public static DateOnly DayInJapan(DateTimeOffset at) => DateOnly.FromDateTime(InJapan(at).DateTime);

    /// <summary>2026年3月31日(火)</summary>
    public static string Date(DateTimeOffset at)
    {
        var d = InJapan(at);
        return $"{d.Year}年{d.Month}月{d.Day}日({Weekdays[(int)d.DayOfWeek]})";
    }

    /// <summary>2026年3月31日(火) 17:00</summary>
    public static string DateTime(DateTimeOffset at) => $"{Date(at)} {InJapan(at):HH:mm}";

    /// <summary>A deadline: 令和8年（2026年）3月31日(火) 17:00 — the era year beside the Western one.</summary>
    public static string Deadline(DateTimeOffset at)
    {
        var d = InJapan(at);
        return $"{EraYear(at)}（{d.Year}年）{d.Month}月{d.Day}日({Weekdays[(int)d.DayOfWeek]}) {d:HH:mm}";
    }
}
