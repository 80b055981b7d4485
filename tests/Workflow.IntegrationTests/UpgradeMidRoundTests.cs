using Azure.Data.Tables;
using Workflow.Demo;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Configuration;
using Workflow.Functions.Orchestration;
using RoundIds = Workflow.Functions.Rounds.RoundIds;
using Waiting = Workflow.Functions.Rounds.Waiting;
using Workflow.Testing;
using Xunit.Abstractions;
using ApiRoundState = WorkflowApi.Models.RoundState;
using RoundView = WorkflowApi.Models.RoundView;

namespace Workflow.IntegrationTests;

/// <summary>
/// A deployment replaced in the middle of a round (ADR 0021): one build plays version 1 and version 2 of the app by the
/// app setting that overrides host.json's defaultVersion, on the same storage and task hub. A round begun on version 1
/// finishes on version 1's path under version 2; a round begun on version 2 is left alone by version 1 (Reject) and
/// goes on once version 2 is back. Version 2's own path is what every other whole-round test runs.
/// </summary>
[Collection("Azurite")]
public sealed class UpgradeMidRoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Applicants = 12;

    /// <summary>As the kill tests: the host is killed at the window's close, and the selection deadline must leave room for its recovery.</summary>
    private static readonly TimeSpan Budget = KillSchedules.AtWindowClose;

    private static readonly string VersionSetting = SettingNames.AsAppSetting(SettingNames.DefaultVersionOverride);

    [Fact]
    public async Task A_round_begun_on_version_1_finishes_on_its_path_after_an_upgrade_to_version_2_in_its_middle()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var host = new LocalHostProcess(prefix);
        using var api = new ApiClient(host.BaseUrl);
        try
        {
            // Version 2 (host.json) starts a round and waits for the operator's acceptance.
            await host.StartAsync();
            var newer = await api.Ministry.CreateRoundAsync(WaitingRound(), CancellationToken.None);
            api.WorkOn(newer.RoundId!);
            await UntilAsync(api, newer.RoundId!, r => r.WaitingFor == Waiting.Operator, "the newer round to wait for the operator");

            // Version 1 takes over the hub. The acceptance reaches the newer round's orchestration, which version 1
            // does not run: the work item goes back to the queue and the round stays as it was.
            host.Kill();
            host.Environment[VersionSetting] = OrchestrationVersions.First;
            await host.StartAsync();
            await api.Operator.AcceptCommissionAsync(newer.RoundId!, CancellationToken.None);
            await UntilLineAsync(host, line => line.Contains(newer.InstanceId!, StringComparison.Ordinal) && line.Contains("Abandoning", StringComparison.Ordinal),
                "version 1 to hand the newer round's work back");
            Assert.Equal(ApiRoundState.AwaitingCommissionAcceptance, (await api.Operator.GetRoundAsync(newer.RoundId!, CancellationToken.None)).State);

            // A round begun on version 1; once its application window has closed, version 2 replaces version 1.
            var upgraded = 0;
            var settings = new DemoSettings(Seed: DemoSettings.DefaultSeed + 21, ScheduleBudget: Budget, Milestone: async (name, _) =>
            {
                if (name == DemoSettings.WindowClosed && Interlocked.Exchange(ref upgraded, 1) == 0)
                {
                    host.Kill();
                    host.Environment.Remove(VersionSetting);
                    await host.StartAsync();
                }
            });
            var report = await new RoundDriver(settings: settings).RunAsync(host.BaseUrl, Applicants, new TestProgress(output), CancellationToken.None);

            Assert.Equal(1, upgraded);
            RoundAssertions.StepsCompletedInOrder(report);
            RoundAssertions.Consistent(report);
            Assert.Equal(Applicants, report.Counts.Submitted);
            await RoundAssertions.NothingLostOrDuplicatedAsync(azurite, prefix, report);

            // Version 1's path: its listed people were not told at ⑥, which version 2's path would have done.
            Assert.Equal(OrchestrationVersions.First, await VersionOfAsync(prefix, RoundIds.InstanceId(report.RoundId)));
            await RoundAssertions.ListedPeopleToldAsync(azurite, prefix, report, told: false);

            // The newer round, left alone by version 1, went on as soon as version 2 was back.
            await UntilAsync(api, newer.RoundId!, r => r.State == ApiRoundState.CommissionAccepted, "the newer round to record the acceptance");
            Assert.Equal(OrchestrationVersions.ListedPeopleTold, await VersionOfAsync(prefix, newer.InstanceId!));
        }
        finally
        {
            output.WriteLine($"host log: {host.SaveLog($"upgrade-{prefix}")}");
        }
    }

    /// <summary>The version the engine stamped on the instance, as the hub's Instances table keeps it.</summary>
    private async Task<string?> VersionOfAsync(string prefix, string instanceId)
    {
        var row = Assert.Single(await StorageScan.RowsAsync(azurite, prefix, "hubInstances", TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}")));
        return row.GetString("Version");
    }

    /// <summary>A round whose window opens in two hours, so it waits for the operator, then for its dates, all through the test.</summary>
    private static WorkflowApi.Models.CreateRoundRequest WaitingRound()
    {
        var now = DateTimeOffset.UtcNow;
        var opens = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(3);
        var selection = opens.AddHours(2);
        var sessions = Curriculum.DefaultModuleOfSession(Curriculum.MinSessions)
            .Select((module, i) => new TrainingSession(i + 1, module, selection.AddHours(i + 1))).ToList();
        var publication = sessions[^1].StartsAt.AddHours(1);
        var japan = now.ToOffset(TimeSpan.FromHours(9));
        return new WorkflowApi.Models.CreateRoundRequest
        {
            FiscalYear = japan.Month >= 4 ? japan.Year : japan.Year - 1,
            Title = "版の切替え試験",
            OperatorName = "株式会社版切替試験",
            Personas = [new WorkflowApi.Models.PersonaOpening { Persona = WorkflowApi.Models.Persona.Producer, HeadCount = 1 }],
            Schedule = ApiViews.Api(new RoundSchedule(opens.AddHours(-1), opens, opens.AddHours(1), selection, sessions, publication, publication.AddDays(30))),
        };
    }

    private static async Task UntilAsync(ApiClient api, string roundId, Func<RoundView, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        RoundView round;
        while (!condition(round = await api.Operator.GetRoundAsync(roundId, CancellationToken.None)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited in vain for {what}; the round is {round.State}, waiting for {round.WaitingFor}.");
            await Task.Delay(250);
        }
    }

    private static async Task UntilLineAsync(LocalHostProcess host, Func<string, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Lines.Any(match))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited in vain for {what}:\n{host.Output}");
            await Task.Delay(250);
        }
    }
}
