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
            ("R2026-a", "131016", "Accepted", true),
            ("R2026-a", "131016", "Declined", false),
            ("R2026-b", "131024", "Accepted", false),
            ("R2026-b", "011002", "Requested", false),
            ("R2026-b", "999999", "Accepted", true),
        ]);

        Assert.Equal(Prefectures.All, summary.Prefectures.Select(p => p.Prefecture));
        Assert.Equal(new PrefectureAppointments("東京都", 3, 2, 1, 2), summary.Prefectures.Single(p => p.Prefecture == "東京都"));
        Assert.Equal(new PrefectureAppointments("北海道", 1, 0, 0, 1), summary.Prefectures.Single(p => p.Prefecture == "北海道"));
        Assert.Equal(45, summary.Prefectures.Count(p => p.Requested == 0));
        Assert.Equal((4, 2, 1), (summary.Requested, summary.Accepted, summary.Qualifying));
        Assert.Equal(new Dictionary<string, int> { ["R2026-a"] = 1, ["R2026-b"] = 2 }, summary.AcceptedByRound);
    }
}
