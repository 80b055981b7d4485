using Workflow.Domain.Calendar;

namespace Workflow.Domain.Tests.Calendar;

public sealed class JapaneseDatesTests
{
    [Theory]
    [InlineData("2026-03-31T08:00:00Z", "令和8年（2026年）3月31日(火) 17:00")]
    [InlineData("2019-04-30T14:59:00Z", "平成31年（2019年）4月30日(火) 23:59")]
    [InlineData("2019-04-30T15:00:00Z", "令和元年（2019年）5月1日(水) 00:00")]
    [InlineData("2025-12-31T15:30:00Z", "令和8年（2026年）1月1日(木) 00:30")]
    public void Deadlines_show_the_era_year_beside_the_western_year_in_Japan_time(string utc, string expected)
    {
        Assert.Equal(expected, JapaneseDates.Deadline(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Plain_dates_are_in_Japan_time()
    {
        Assert.Equal("2026年4月1日(水)", JapaneseDates.Date(new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero)));
    }
}
