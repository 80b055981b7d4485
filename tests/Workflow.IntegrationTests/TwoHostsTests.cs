using System.Net;
using System.Net.Http.Json;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workflow.Demo;
using Workflow.Domain.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests;

/// <summary>
/// Two local hosts on one task hub, as two instances of the app in Azure: the engine's partition leases split the
/// round's orchestrations between them and both take activities from the shared work-item queue. The host running
/// the round's orchestration is killed mid-round; the other takes its partitions over and finishes the round.
/// </summary>
[Collection(KilledHostsCollection.Name)]
public sealed partial class TwoHostsTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Applicants = 12;

    /// <summary>The engine claims and balances leases every 10 s (LeaseAcquireInterval); a few rounds of that.</summary>
    private static readonly TimeSpan BalanceTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Each round lands on either host with even odds; 16 in a row on one host happens once in 32,768 runs.</summary>
    private const int MaxProbes = 16;

    [Fact]
    public async Task Two_hosts_share_the_work_and_the_survivor_finishes_a_round_when_the_one_running_it_is_killed()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var first = new LocalHostProcess(prefix);
        await using var second = new LocalHostProcess(prefix);
        LocalHostProcess[] hosts = [first, second];
        foreach (var host in hosts)
        {
            // The engine then names the control queue of every message it takes: which host works on which partition.
            host.Environment["Logging__LogLevel__DurableTask.AzureStorage"] = "Information";
            await host.StartAsync();
        }

        using var front = new FrontDoor(hosts);
        using var http = new HttpClient(front, disposeHandler: false) { BaseAddress = first.BaseUrl };
        var hub = first.HubName;

        // The split: the partition leases end up shared, and each host runs the orchestrations of its own partitions.
        var balanced = await BalancedOwnersAsync(hub, hosts);
        var probes = await RoundsUntilEachHostRunsOneAsync(http, hosts);

        string roundId = string.Empty, roundQueue = string.Empty;
        LocalHostProcess? killed = null;
        var killedAt = DateTimeOffset.MaxValue;
        var settings = new DemoSettings(ScheduleBudget: DemoSettings.ShortestWithPanel, Milestone: async (name, _) =>
        {
            if (name != DemoSettings.TrainingFinalized)
            {
                return;
            }

            // Certificates are being issued: kill the host that holds the round's partition.
            roundId = (await StorageScan.RowsAsync(azurite, prefix, "Rounds")).Select(r => r.RowKey).Except(probes).Single();
            roundQueue = Assert.Single(hosts.SelectMany(h => QueuesTakenFrom(h, RoundIds.InstanceId(roundId))).Distinct());
            var owner = (await PartitionOwnersAsync(hub))[roundQueue];
            killed = hosts.Single(h => IsWorker(h, owner));
            front.Retire(killed);
            killed.Kill();
            killedAt = DateTimeOffset.UtcNow;
            output.WriteLine($"{killedAt:HH:mm:ss.fff} killed the host on port {killed.Port}, owner of {roundQueue}, the round's control queue");
        });

        DemoReport report;
        try
        {
            report = await new RoundDriver(front, settings).RunAsync(first.BaseUrl, Applicants, new TestProgress(output), CancellationToken.None);
        }
        finally
        {
            foreach (var host in hosts)
            {
                output.WriteLine($"host log: {host.SaveLog($"two-hosts-{prefix}-{host.Port}")}");
            }
        }

        Assert.NotNull(killed);
        var survivor = hosts.Single(h => h != killed);
        var instance = RoundIds.InstanceId(roundId);

        // Before the kill only the owner took the round's messages; after it, the survivor took its partition over.
        Assert.Empty(QueuesTakenFrom(survivor, instance, until: killedAt));
        var takenOver = FirstTaken(survivor, instance, from: killedAt);
        Assert.NotNull(takenOver);
        var ownersAfter = await PartitionOwnersAsync(hub);
        Assert.All(ownersAfter, owner => Assert.True(IsWorker(survivor, owner.Value), $"{owner.Key} is still owned by {owner.Value}"));

        var round = await StorageScan.RoundAsync(azurite, prefix, report.RoundId);
        output.WriteLine(
            $"partitions before the round: {string.Join(", ", balanced.Select(o => $"{o.Key}={o.Value}"))}; probe rounds until each host ran one: {probes.Count}; "
            + $"activities started per host before the kill: {string.Join(", ", hosts.Select(h => $"port {h.Port}: {ActivitiesStarted(h, until: killedAt)}"))}, "
            + $"after it on the survivor: {ActivitiesStarted(survivor, from: killedAt)}; the survivor took the round's first message "
            + $"{(takenOver!.Value - killedAt).TotalSeconds:0.0} s after the kill; the round reached {RoundState.Publishing} "
            + $"{(round.StateTimes[RoundState.Publishing] - killedAt).TotalSeconds:0.0} s after the kill");

        RoundAssertions.StepsCompletedInOrder(report);
        RoundAssertions.Consistent(report);
        Assert.Equal(Applicants, report.Counts.Submitted);
        await RoundAssertions.StorageConsistentAsync(azurite, prefix, hub, report);
    }

    /// <summary>Waits until the hosts hold equal shares of the partition leases and none is being handed over.</summary>
    private async Task<IReadOnlyDictionary<string, string>> BalancedOwnersAsync(string hub, IReadOnlyList<LocalHostProcess> hosts)
    {
        var deadline = DateTimeOffset.UtcNow + BalanceTimeout;
        while (true)
        {
            var partitions = await StorageScan.RowsAsync(azurite, hub, "Partitions");
            var owners = partitions.ToDictionary(p => p.RowKey, p => p.GetString("CurrentOwner") ?? "(none)", StringComparer.Ordinal);
            if (partitions.Count > 0 && partitions.All(p => string.IsNullOrEmpty(p.GetString("NextOwner")))
                && hosts.All(h => owners.Values.Count(o => IsWorker(h, o)) == partitions.Count / hosts.Count))
            {
                return owners;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"the hosts did not share the partitions within {BalanceTimeout.TotalSeconds:0} s: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}");
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Rounds are spread over the partitions by a hash of their ids, so the ministry commissions rounds (far in the
    /// future; they only wait) until each host has run one's orchestration. Returns their ids.
    /// </summary>
    private static async Task<List<string>> RoundsUntilEachHostRunsOneAsync(HttpClient http, IReadOnlyList<LocalHostProcess> hosts)
    {
        var ministry = TestSignIn.Token(Workflow.Functions.Identity.ActorRole.Ministry);
        var request = HostileInput.SeededRound.PlanRound(DateTimeOffset.UtcNow.AddDays(1), [Workflow.Domain.SkillStandard.Persona.Engineer]);
        var probes = new List<string>();
        while (!hosts.All(h => probes.Any(id => RanOrchestration(h, RoundIds.InstanceId(id)))))
        {
            Assert.True(probes.Count < MaxProbes, $"{MaxProbes} rounds and still one host ran none of them");
            using var create = new HttpRequestMessage(HttpMethod.Post, "api/rounds") { Content = JsonContent.Create(request, options: Workflow.Functions.Http.Json.Options) }.WithToken(ministry);
            using var created = await http.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roundId").GetString()!;
            probes.Add(id);

            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
            while (!hosts.Any(h => RanOrchestration(h, RoundIds.InstanceId(id))))
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"no host ran the orchestration of round {id}");
                await Task.Delay(100);
            }
        }

        return probes;
    }

    /// <summary>The engine's partition table: which worker holds each control queue's lease.</summary>
    private async Task<IReadOnlyDictionary<string, string>> PartitionOwnersAsync(string hub) =>
        (await StorageScan.RowsAsync(azurite, hub, "Partitions")).ToDictionary(p => p.RowKey, p => p.GetString("CurrentOwner") ?? "(none)", StringComparer.Ordinal);

    /// <summary>A local host's worker name ends with the address it listens on (LocalDurableEngineSettings.WorkerId).</summary>
    private static bool IsWorker(LocalHostProcess host, string owner) =>
        owner.EndsWith(" " + host.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);

    /// <summary>The SDK logs an orchestration's start on the host that runs its first episode.</summary>
    private static bool RanOrchestration(LocalHostProcess host, string instanceId) =>
        host.Lines.Any(l => l.EndsWith($"orchestration with ID '{instanceId}' started.", StringComparison.Ordinal));

    /// <summary>The control queues from which this host took messages of the instance (the engine logs each one it takes).</summary>
    private static IEnumerable<string> QueuesTakenFrom(LocalHostProcess host, string instanceId, DateTimeOffset? until = null) =>
        Taken(host, instanceId).Where(t => until is null || t.At < until).Select(t => t.Queue).Distinct();

    private static DateTimeOffset? FirstTaken(LocalHostProcess host, string instanceId, DateTimeOffset from) =>
        Taken(host, instanceId).Where(t => t.At >= from).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();

    private static IEnumerable<(DateTimeOffset At, string Queue)> Taken(LocalHostProcess host, string instanceId) =>
        host.Lines
            .Select(l => (Line: l, Match: MessageTaken().Match(l)))
            .Where(t => t.Match.Success && t.Match.Groups["instance"].Value == instanceId)
            .Select(t => (LineTime(t.Line), t.Match.Groups["queue"].Value));

    /// <summary>Activities this host started (the SDK logs each as it starts it).</summary>
    private static int ActivitiesStarted(LocalHostProcess host, DateTimeOffset? from = null, DateTimeOffset? until = null) =>
        host.Lines.Count(l =>
            l.Contains("activity of orchestration ID", StringComparison.Ordinal) && l.EndsWith("started.", StringComparison.Ordinal)
            && LineTime(l) is var at && (from is null || at >= from) && (until is null || at < until));

    /// <summary>LocalHostProcess stamps each line with the UTC time of day it was read.</summary>
    private static DateTimeOffset LineTime(string line)
    {
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.UtcDateTime.Date + TimeSpan.Parse(line[..12], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
        return at > now.AddHours(1) ? at.AddDays(-1) : at;
    }

    [GeneratedRegex(@"(?<instance>\S+): Fetched \[[^\]]*\] message from (?<queue>\S+-control-\d+)")]
    private static partial Regex MessageTaken();

    /// <summary>
    /// Spreads requests over the live hosts, as Azure's front end spreads them over instances. A retired (killed) host
    /// gets none; a request it dropped is sent to another, unless it carries an Idempotency-Key, which its client retries.
    /// </summary>
    private sealed class FrontDoor(IReadOnlyList<LocalHostProcess> hosts) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly HashSet<LocalHostProcess> _retired = [];
        private int _next;

        public void Retire(LocalHostProcess host)
        {
            lock (_retired)
            {
                _retired.Add(host);
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = Pick();
            ExceptionDispatchInfo failure;
            try
            {
                return await base.SendAsync(To(request, host), cancellationToken);
            }
            catch (HttpRequestException e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            if (!IsRetired(host) || request.Headers.Contains("Idempotency-Key"))
            {
                failure.Throw();
            }

            return await base.SendAsync(To(request, Pick()), cancellationToken);
        }

        private LocalHostProcess Pick()
        {
            lock (_retired)
            {
                var live = hosts.Where(h => !_retired.Contains(h)).ToList();
                return live[Interlocked.Increment(ref _next) % live.Count];
            }
        }

        private bool IsRetired(LocalHostProcess host)
        {
            lock (_retired)
            {
                return _retired.Contains(host);
            }
        }

        private static HttpRequestMessage To(HttpRequestMessage request, LocalHostProcess host)
        {
            request.RequestUri = new Uri(host.BaseUrl, request.RequestUri!.PathAndQuery);
            return request;
        }
    }
}
