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

    private static TimeSpan BudgetFor(string milestone) => milestone == DemoSettings.WindowClosed ? KillSchedules.AtWindowClose : KillSchedules.WhileApplying;

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
