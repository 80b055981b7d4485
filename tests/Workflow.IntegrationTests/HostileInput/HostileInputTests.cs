using System.Diagnostics;
using System.Text.Json;
using Workflow.Functions.Audit;
using Workflow.Functions.Select;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests.HostileInput;

/// <summary>
/// Thousands of malformed and hostile requests against every route of one local host: none may answer 5xx, leak
/// internals, answer an error in anything but problem+json, or change what is stored.
/// </summary>
[Collection("Azurite")]
public sealed class HostileInputTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>Fixed, so that a failure names requests that the next run sends again.</summary>
    private const int Seed = 20_250_401;

    private const int Concurrency = 8;

    private static readonly string[] Leaks = ["   at ", "Exception", "System.", "Microsoft.", "Azure.", "Workflow.", "/work/", ".cs:line", "\\src\\", "StackTrace"];

    [Fact]
    public async Task Malformed_and_hostile_requests_are_refused_without_server_errors_leaks_or_storage_changes()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var host = new LocalHostProcess(prefix);
        await host.StartAsync();
        var seeded = await SeededRound.CreateAsync(host.BaseUrl, Seed);
        var before = await QuietSnapshotAsync(prefix, host.HubName);
        output.WriteLine($"seeded round {seeded.RoundId}, application {seeded.ApplicationId}; {before.EntityCount} entities, {before.BlobCount} blobs before");

        var requests = new HostileRequestGenerator(seeded, Seed).Generate();
        Assert.Contains(ApiRoutes.All, r => r.Function == "SubmitApplication");
        var untouched = ApiRoutes.All.Select(r => r.Function).Except(requests.Select(r => r.Route)).ToList();
        Assert.True(untouched.Count == 0, "routes without hostile requests: " + string.Join(", ", untouched));
        foreach (var unlisted in ApiRoutes.All.Where(r => !Workflow.Functions.Identity.AccessTable.Routes.ContainsKey(r.Function)))
        {
            output.WriteLine($"not in the access table, attacked as public: {unlisted}");
        }

        var watch = Stopwatch.StartNew();
        var answers = new HostileAnswer[requests.Count];
        using (var sender = new HostileSender(host.BaseUrl))
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, requests.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
                async (i, ct) => answers[i] = await sender.SendAsync(requests[i], ct));
        }

        watch.Stop();
        output.WriteLine($"{answers.Length} hostile requests over {ApiRoutes.All.Count} routes in {watch.Elapsed.TotalSeconds:0.0} s (concurrency {Concurrency}, seed {Seed})");
        foreach (var group in answers.GroupBy(a => a.Status).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {(group.Key == 0 ? "no answer" : group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {group.Count()}");
        }

        // What each kind of mutation got back, to see at a glance that the requests reach the checks they aim at.
        foreach (var kind in answers.GroupBy(a => a.Request.Mutation.Split(':')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind.Key}: " + string.Join(", ", kind.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        }

        // HOSTILE_INPUT_DUMP=<file> keeps every request and answer, for a closer look at what the API says.
        if (Environment.GetEnvironmentVariable("HOSTILE_INPUT_DUMP") is { Length: > 0 } dump)
        {
            await File.WriteAllLinesAsync(dump, answers.OrderBy(a => a.Request.Index).Select(a =>
                $"{a.Request.Index}\t{a.Status}\t{a.Elapsed.TotalMilliseconds:0}\t{a.Request.Route}\t{a.Request.Mutation}\t{HostileText.Excerpt(a.Body, 400)}"));
        }

        var violations = answers.SelectMany(Check).ToList();

        using (var http = new HttpClient { BaseAddress = host.BaseUrl })
        {
            var health = await http.GetAsync("api/health");
            if (!health.IsSuccessStatusCode)
            {
                violations.Add($"the host no longer answers /api/health: {(int)health.StatusCode}");
            }
        }

        // Anything a request wrote has landed by the time its answer came; a moment more covers a slow flush.
        await Task.Delay(500);
        var after = await StorageSnapshot.TakeAsync(azurite, prefix, host.HubName);
        var changes = before.Compare(after);
        var reads = changes.Where(IsPersonalDataRead).ToList();

        // Each logged read moves its chain's head: a head moved where no read was logged is a write of its own.
        var readChains = reads.Select(r => r.Key.Split(" | ")[0]).ToHashSet(StringComparer.Ordinal);
        var heads = changes.Where(c => IsChainHead(c) && readChains.Contains(c.Key.Split(" | ")[0])).ToList();
        foreach (var change in changes.Except(reads).Except(heads))
        {
            violations.Add($"storage changed: {change}{Culprit(change, requests)}");
        }

        // Staff reads of personal data are logged by design; hostile requests should not be valid reads, so name them.
        foreach (var read in reads)
        {
            output.WriteLine($"business log: personal data read logged: {read}{Culprit(read, requests)}");
        }

        var accepted = answers.Where(a => a.Status is >= 200 and < 300).ToList();
        output.WriteLine($"{accepted.Count} hostile requests were answered 2xx (accepted leniently):");
        foreach (var answer in accepted)
        {
            output.WriteLine($"  {answer.Status} {answer.Request.Describe()}");
        }

        Assert.True(answers.Length >= 1000, $"only {answers.Length} hostile requests were sent");
        if (violations.Count > 0)
        {
            var serverErrors = host.Output.Split('\n').Where(l => l.Contains("Unhandled error", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).Take(40);
            Assert.Fail($"{violations.Count} violations among {answers.Length} hostile requests (seed {Seed}):\n" + string.Join("\n", violations.Take(300)) +
                (violations.Count > 300 ? $"\n… and {violations.Count - 300} more" : string.Empty) +
                "\n\nhost log (errors):\n" + string.Join("\n", serverErrors));
        }
    }

    /// <summary>What is wrong with one answer, if anything.</summary>
    private static IEnumerable<string> Check(HostileAnswer answer)
    {
        var request = answer.Request.Describe();
        if (answer.TransportError is not null)
        {
            yield return $"{request}\n    → no HTTP answer: {answer.TransportError}";
            yield break;
        }

        var excerpt = HostileText.Excerpt(answer.Body, 300);
        if (answer.Status >= 500)
        {
            yield return $"{request}\n    → {answer.Status} {excerpt}";
        }

        if (answer.Request.Expected is { } expected && !expected.Contains(answer.Status))
        {
            yield return $"{request}\n    → {answer.Status}, expected {string.Join(" or ", expected)}: {excerpt}";
        }

        // Pages are for people: their errors are pages (or, for a missing asset, a problem document).
        var isPage = !answer.Request.PathAndQuery.StartsWith("/api/", StringComparison.Ordinal);
        if (isPage && answer.Status >= 400 && answer.Body.Length > 0)
        {
            if (answer.MediaType is not ("text/html" or "application/problem+json"))
            {
                yield return $"{request}\n    → {answer.Status} as {answer.MediaType ?? "no Content-Type"}, not a page or a problem document: {excerpt}";
            }
        }
        else if (answer.Status >= 400 && answer.Body.Length > 0)
        {
            if (!string.Equals(answer.MediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{request}\n    → {answer.Status} as {answer.MediaType ?? "no Content-Type"}, not application/problem+json: {excerpt}";
            }
            else if (ProblemStatus(answer.Body) != answer.Status)
            {
                yield return $"{request}\n    → {answer.Status}: the problem document does not carry the same status: {excerpt}";
            }
        }

        foreach (var leak in Leaks.Where(l => answer.Body.Contains(l, StringComparison.Ordinal)))
        {
            var at = answer.Body.IndexOf(leak, StringComparison.Ordinal);
            yield return $"{request}\n    → {answer.Status} leaks \"{leak}\": …{HostileText.Excerpt(answer.Body[Math.Max(0, at - 80)..Math.Min(answer.Body.Length, at + 160)], 240)}…";
        }
    }

    private static int? ProblemStatus(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("status", out var status) && status.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsChainHead(StorageChange change) =>
        change.Kind is "changed entity" or "added entity" && change.Store.EndsWith("AuditLog", StringComparison.Ordinal) && change.Key.EndsWith(" | " + BusinessLog.HeadRowKey, StringComparison.Ordinal);

    private static bool IsPersonalDataRead(StorageChange change) =>
        change.Kind == "added entity" && change.Store.EndsWith("AuditLog", StringComparison.Ordinal) && change.Get("Action") == PersonalDataReads.Action;

    /// <summary>The request whose token subject wrote a business log row ("ministry:hostile00042" → request 42).</summary>
    private static string Culprit(StorageChange change, IReadOnlyList<HostileRequest> requests)
    {
        var actor = change.Get("Actor");
        var at = actor.IndexOf("hostile", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(actor.AsSpan(at + "hostile".Length), out var index) && requests.FirstOrDefault(r => r.Index == index) is { } request
            ? $"\n    ← written for {request.Describe()}"
            : string.Empty;
    }

    /// <summary>A snapshot taken once storage has stopped moving, so that what changes afterwards is the requests' doing.</summary>
    private async Task<StorageSnapshot> QuietSnapshotAsync(string prefix, string hubName)
    {
        var snapshot = await StorageSnapshot.TakeAsync(azurite, prefix, hubName);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(500);
            var again = await StorageSnapshot.TakeAsync(azurite, prefix, hubName);
            var moved = snapshot.Compare(again);
            if (moved.Count == 0)
            {
                return again;
            }

            output.WriteLine($"storage still settling: {string.Join("; ", moved.Take(3))}");
            snapshot = again;
        }

        throw new InvalidOperationException("Storage did not settle after seeding; the comparison would prove nothing.");
    }
}
