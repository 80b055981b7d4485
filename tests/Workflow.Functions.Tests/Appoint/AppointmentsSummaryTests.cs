using Workflow.Domain.Municipalities;
using Workflow.Functions.Appoint;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>The ministry's count of appointments: every prefecture listed, gaps included, and each round's accepted so far.</summary>
public sealed class AppointmentsSummaryTests
{
    [Fact]
    public void Each_prefecture_counts_its_requests_acceptances_and_qualifying_ones_and_each_round_its_acceptances()
    {
        var summary = GetAppointmentsSummary.Summarize(
        [
            new("R2026-a", "Accepted", [("131016", true)]),
            new("R2026-a", "Declined", [("131016", false)]),
            new("R2026-b", "Accepted", [("131024", false)]),
            new("R2026-b", "Requested", [("011002", false)]),
            new("R2026-b", "Accepted", [("999999", true)]),
        ]);

        Assert.Equal(Prefectures.All, summary.Prefectures.Select(p => p.Prefecture));
        Assert.Equal(new PrefectureAppointments("東京都", 3, 2, 1, 2), summary.Prefectures.Single(p => p.Prefecture == "東京都"));
        Assert.Equal(new PrefectureAppointments("北海道", 1, 0, 0, 1), summary.Prefectures.Single(p => p.Prefecture == "北海道"));
        Assert.Equal(45, summary.Prefectures.Count(p => p.Requested == 0));
        Assert.Equal((4, 2, 1), (summary.Requested, summary.Accepted, summary.Qualifying));
        Assert.Equal(new Dictionary<string, int> { ["R2026-a"] = 1, ["R2026-b"] = 2 }, summary.AcceptedByRound);
    }

    [Fact]
    public void A_shared_appointment_counts_once_in_each_prefecture_it_reaches_and_once_in_the_totals()
    {
        var summary = GetAppointmentsSummary.Summarize(
        [
            // 札幌市 asks with 千代田区 and 港区 (two 東京都 partners): one appointment for 東京都, one for 北海道.
            new("R2026-a", "Accepted", [("011002", true), ("131016", true), ("131032", false)]),
        ]);

        Assert.Equal(new PrefectureAppointments("北海道", 1, 1, 1, 1), summary.Prefectures.Single(p => p.Prefecture == "北海道"));
        Assert.Equal(new PrefectureAppointments("東京都", 1, 1, 1, 2), summary.Prefectures.Single(p => p.Prefecture == "東京都"));
        Assert.Equal((1, 1, 1), (summary.Requested, summary.Accepted, summary.Qualifying));
    }
}
