using Workflow.Demo;
using Workflow.Testing;

namespace Workflow.IntegrationTests;

/// <summary>
/// The local host is killed (SIGKILL) in the middle of a round and started again on the same storage: the round
/// must finish, and no application, decision or notification may be lost or duplicated.
/// </summary>
[Collection("Azurite")]
public sealed class KillAndRestartTests(AzuriteFixture azurite)
{
    private const int Applicants = 30;

    // Long enough that the application window stays open while the host restarts.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

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
        var settings = new DemoSettings(ScheduleBudget: Budget, Milestone: async (name, _) =>
        {
            if (name == milestone && Interlocked.Exchange(ref killed, 1) == 0)
            {
                host.Kill();
                await host.StartAsync();
            }
        });

        var report = await new RoundDriver(settings: settings).RunAsync(host.BaseUrl, Applicants, null, CancellationToken.None);

        Assert.Equal(1, killed);
        RoundAssertions.StepsCompletedInOrder(report);
        RoundAssertions.Consistent(report);
        Assert.Equal(Applicants, report.Counts.Submitted);
        await RoundAssertions.NothingLostOrDuplicatedAsync(azurite, prefix, report);
    }
}
