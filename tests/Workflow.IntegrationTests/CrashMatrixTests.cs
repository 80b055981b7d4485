using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Demo;
using Workflow.Domain.Rounds;
using Workflow.Functions.Identity;
using Workflow.Functions.Platform;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests;

/// <summary>
/// The host kills itself at one chosen point (Platform/CrashPoints) while the demo drives a round and the ministry
/// then erases an appointed person; it is started again without the crash point on the same storage. The round must
/// finish, and rows, documents, e-mail claims, notifications, the business log and the orchestration histories must
/// agree with each other.
/// </summary>
[Collection(KilledHostsCollection.Name)]
public sealed class CrashMatrixTests(AzuriteFixture azurite, Smtp4devFixture smtp, ITestOutputHelper output) : IClassFixture<Smtp4devFixture>
{
    private const int Applicants = 12;

    /// <summary>How long the driver waits for any step: a minute for the held messages (ADR 0006), and the step itself.</summary>
    private static readonly TimeSpan Recovered = TimeSpan.FromSeconds(90);

    /// <summary>
    /// After a crash the engine gets the killed process's messages back only after their queue's visibility timeout,
    /// up to a minute. A crash during screening needs that much room before the selection deadline (three quarters
    /// into the schedule); a crash during intake, the window kept open while its retried submissions wait out their
    /// idempotency keys. The first mail (an applicant's receipt) goes out during intake or the screening that follows
    /// it, so it takes screening's room. Other points take the shortest schedule in which the panel still acts in
    /// time: nothing is due after them.
    /// </summary>
    private static TimeSpan BudgetFor(string point) => point switch
    {
        CrashPoints.ShardScreened or CrashPoints.MailAccepted => TimeSpan.FromSeconds(110),
        CrashPoints.ResumeUploaded => TimeSpan.FromSeconds(60),
        _ => DemoSettings.ShortestWithPanel,
    };

    /// <summary>
    /// The crash points, three at a time: each run waits mostly on the engine (visibility timeouts, the schedule), so
    /// running them side by side on their own hosts and prefixes costs little CPU and saves minutes of the suite.
    /// </summary>
    private const int PointsAtOnce = 4;

    /// <summary>
    /// The points, started in this order <see cref="PointsAtOnce"/> at a time: the two with the long schedule first,
    /// side by side, so that the suite waits for one long schedule and not two.
    /// </summary>
    public static readonly string[] CrashAt =
    [
        CrashPoints.ShardScreened + ",3",
        // The first receipt the mail server takes: during intake or the screening right after it, whichever the
        // dispatcher's second falls in, as a real host might die at any moment.
        CrashPoints.MailAccepted + ",1",
        CrashPoints.RoundOrchestrationStarted,
        CrashPoints.ResumeUploaded + ",3",
        CrashPoints.CertificatesIssued + ",2",
        CrashPoints.AppointmentWaiting,
        CrashPoints.ErasureHalfDone,
    ];

    [Fact]
    public async Task Killed_at_each_crash_point_the_round_finishes_and_storage_agrees_with_itself()
    {
        using var gate = new SemaphoreSlim(PointsAtOnce);
        var runs = CrashAt.Select(async crashAt =>
        {
            await gate.WaitAsync();
            try
            {
                var log = new PointOutput(crashAt);
                try
                {
                    await RunPointAsync(crashAt, log);
                    return (crashAt, log, Failure: (Exception?)null);
                }
                catch (Exception e)
                {
                    return (crashAt, log, Failure: e);
                }
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        var results = await Task.WhenAll(runs);
        foreach (var (crashAt, log, failure) in results)
        {
            output.WriteLine($"── {crashAt}: {(failure is null ? "passed" : "FAILED")}");
            output.WriteLine(log.Text);
        }

        var failed = results.Where(r => r.Failure is not null).ToList();
        Assert.True(failed.Count == 0, string.Join("\n\n", failed.Select(f => $"crash at {f.crashAt}: {f.Failure}")));
    }

    private async Task RunPointAsync(string crashAt, PointOutput output)
    {
        var point = crashAt.Split(',')[0];
        var prefix = AzuriteFixture.NewPrefix();
        await using var crashing = new CrashingHost(prefix, crashAt);
        crashing.Host.Environment["Workflow__Privacy__RetentionDays"] = "0";

        // The round whose host dies while mail goes out sends its mail to a real server; the others send none.
        var mails = point == CrashPoints.MailAccepted;
        if (mails)
        {
            crashing.Host.UseMail(smtp);
        }

        await crashing.StartAsync();

        var budget = BudgetFor(point);
        DemoReport report;
        DateTimeOffset? lastAnswer;
        string erased;
        try
        {
            report = await new RoundDriver(crashing.Handler, new DemoSettings(WaitTimeout: Recovered, ScheduleBudget: budget, ExpectMail: mails))
                .RunAsync(crashing.Host.BaseUrl, Applicants, new TestProgress(output), CancellationToken.None);
            if (mails)
            {
                // Before the erasure below takes one person's notices away. The mails the server had taken when the
                // host died go out again, with the same Message-ID; every other notice arrives once.
                await RoundAssertions.EveryNoticeMailedOnceAsync(azurite, prefix, smtp, report, "dx-jinzai@ministry.example",
                    repeated: (1, Workflow.Functions.Notifications.MailDispatcher.Parallelism));
            }

            lastAnswer = (await StorageScan.RowsAsync(azurite, prefix, "Appointments")).Max(a => a.GetDateTimeOffset("AnsweredAt"));
            erased = await EraseAnAppointedPersonAsync(crashing, report.RoundId);
        }
        finally
        {
            output.WriteLine($"host log: {crashing.Host.SaveLog($"crash-{point}-{prefix}")}");
        }

        Assert.True(crashing.Crashed, $"the host never reached {crashAt}");
        await ReportRecoveryAsync(crashing, point, report, prefix, lastAnswer, output);
        RoundAssertions.StepsCompletedInOrder(report);
        RoundAssertions.Consistent(report);
        await OrchestrationsSettledAsync(crashing.Host.HubName, output);
        await RoundAssertions.StorageConsistentAsync(azurite, prefix, crashing.Host.HubName, report, [erased]);
    }

    /// <summary>One point's lines, kept apart from the others' and written out together when all have finished.</summary>
    private sealed class PointOutput(string crashAt) : ITestOutputHelper
    {
        private readonly System.Text.StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public void WriteLine(string message)
        {
            lock (_text)
            {
                _text.Append('[').Append(crashAt).Append("] ").AppendLine(message);
            }
        }

        public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }

    /// <summary>
    /// Storage is compared once the engine has caught up: what the killed process held comes back after its queue's
    /// visibility timeout (ADR 0006), and an answer recorded before its orchestration heard of it (ADR 0007) lets the
    /// round go on meanwhile. Every orchestration must then end; one that does not within the bound fails the check.
    /// </summary>
    private async Task OrchestrationsSettledAsync(string hubName, ITestOutputHelper output)
    {
        var deadline = DateTime.UtcNow + Recovered;
        List<string> open;
        do
        {
            open = (await StorageScan.RowsAsync(azurite, hubName, "Instances"))
                .Where(i => i.GetString("RuntimeStatus") is "Pending" or "Running")
                .Select(i => $"{i.PartitionKey} ({i.GetString("RuntimeStatus")})")
                .ToList();
            if (open.Count == 0)
            {
                return;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);
        output.WriteLine($"still open after {Recovered.TotalSeconds} s: {string.Join(", ", open)}");
    }

    /// <summary>The ministry erases the first accepted appointee after the (zero-day) retention period.</summary>
    private static async Task<string> EraseAnAppointedPersonAsync(CrashingHost crashing, string roundId)
    {
        using var http = new HttpClient(crashing.Handler, disposeHandler: false) { BaseAddress = crashing.Host.BaseUrl };
        var ministry = TestSignIn.Token(ActorRole.Ministry);
        using var list = new HttpRequestMessage(HttpMethod.Get, $"api/rounds/{roundId}/appointments").WithToken(ministry);
        using var listed = await http.SendAsync(list);
        listed.EnsureSuccessStatusCode();
        var candidateId = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .First(a => a.GetProperty("status").GetString() == "accepted").GetProperty("candidateId").GetString()!;

        // The answer is recorded on the appointment before its orchestration hears of it (ADR 0007); until that
        // orchestration has finished (after a crash, once its messages come back) the erasure is refused, with a reason.
        var deadline = DateTime.UtcNow + Recovered;
        while (true)
        {
            using var erase = new HttpRequestMessage(HttpMethod.Post, $"api/rounds/{roundId}/applications/{candidateId}/erasure")
            {
                Content = JsonContent.Create(new { reason = "retentionPeriodEnded" }),
            }.WithToken(ministry);
            using var erased = await http.SendAsync(erase);
            if (erased.StatusCode == HttpStatusCode.Conflict && DateTime.UtcNow < deadline
                && (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString() == "任用の手続が進行中のため削除できません。")
            {
                await Task.Delay(500);
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
            break;
        }

        return candidateId;
    }

    /// <summary>
    /// Writes how long the restart took and, where the crash held a message of the engine's, how long after the restart
    /// the interrupted step completed: the time the orchestration recorded for it (its clock, not the driver's polls).
    /// </summary>
    private async Task ReportRecoveryAsync(CrashingHost crashing, string point, DemoReport report, string prefix, DateTimeOffset? lastAnswer, ITestOutputHelper output)
    {
        var restarted = crashing.RestartedAt!.Value;
        var round = await StorageScan.RoundAsync(azurite, prefix, report.RoundId);
        DateTimeOffset? resumed = point switch
        {
            CrashPoints.ShardScreened => round.StateTimes[RoundState.PanelReview],
            CrashPoints.CertificatesIssued => round.StateTimes[RoundState.Publishing],
            CrashPoints.AppointmentWaiting => lastAnswer,
            _ => null,
        };
        output.WriteLine($"crash at {crashing.CrashAt}: restarted {(restarted - crashing.CrashedAt!.Value).TotalSeconds:0.0} s after the crash"
            + (resumed is { } at ? $"; the interrupted step completed {(at - restarted).TotalSeconds:0.0} s after the restart" : string.Empty));
    }
}
