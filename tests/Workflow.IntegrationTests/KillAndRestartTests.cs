using Workflow.Demo;
using Workflow.Domain.Rounds;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests;

/// <summary>
/// The local host is killed (SIGKILL) in the middle of a round and started again on the same storage: the round
/// must finish, and no application, decision or notification may be lost or duplicated.
/// </summary>
[Collection(KilledHostsCollection.Name)]
public sealed class KillAndRestartTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Applicants = 30;

    /// <summary>
    /// The schedule for a kill at <paramref name="milestone"/>. While applications arrive: long enough that the window
    /// stays open while the host restarts. At the window's close: the killed host may hold the round's own episode (the
    /// close command, on the control queue), which comes back only after the control queue's visibility timeout of a
    /// minute (ADR 0006's worst case); the selection deadline, three quarters in, must come after that and the
    /// screening it then runs, as in the crash matrix's screening point. A 75-s schedule put the deadline 55 s after
    /// the kill, and the round, recovered at 61 s, found selection closed (seen once in a full run).
    /// </summary>
    private static TimeSpan BudgetFor(string milestone) => milestone == DemoSettings.WindowClosed ? TimeSpan.FromSeconds(110) : TimeSpan.FromSeconds(75);

    [Fact]
    public async Task Killed_while_applications_arrive_the_round_still_finishes_with_every_application_once()
    {
        await RunWithKillAtAsync(DemoSettings.ApplicationsHalfway);
    }

    [Fact]
    public async Task Killed_during_screening_the_round_still_finishes_with_every_application_once()
    {
        await RunWithKillAtAsync(DemoSettings.WindowClosed);
    }

    private async Task RunWithKillAtAsync(string milestone)
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var host = new LocalHostProcess(prefix);
        await host.StartAsync();
        var killed = 0;
        DateTimeOffset killedAt = default, restartedAt = default;
        var settings = new DemoSettings(ScheduleBudget: BudgetFor(milestone), Milestone: async (name, _) =>
        {
            if (name == milestone && Interlocked.Exchange(ref killed, 1) == 0)
            {
                host.Kill();
                killedAt = DateTimeOffset.UtcNow;
                await host.StartAsync();
                restartedAt = host.ReadyAt!.Value;
            }
        });

        DemoReport report;
        try
        {
            report = await new RoundDriver(settings: settings).RunAsync(host.BaseUrl, Applicants, new TestProgress(output), CancellationToken.None);
        }
        finally
        {
            output.WriteLine($"host log: {host.SaveLog($"kill-{milestone}-{prefix}")}");
        }

        Assert.Equal(1, killed);
        var round = await StorageScan.RoundAsync(azurite, prefix, report.RoundId);
        output.WriteLine($"restarted {(restartedAt - killedAt).TotalSeconds:0.0} s after the kill"
            + (milestone == DemoSettings.WindowClosed ? $"; the round moved to {RoundState.Screening} {(round.StateTimes[RoundState.Screening] - restartedAt).TotalSeconds:0.0} s after the restart" : string.Empty));

        RoundAssertions.StepsCompletedInOrder(report);
        RoundAssertions.Consistent(report);
        Assert.Equal(Applicants, report.Counts.Submitted);
        await RoundAssertions.NothingLostOrDuplicatedAsync(azurite, prefix, report);
    }
}
