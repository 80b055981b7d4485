using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Workflow.Demo;
using Workflow.Domain.SkillStandard;

namespace Workflow.Benchmarks;

public sealed record RawResult(int Writes, int Writers, double Seconds, double PerSecond, double P50Ms, double P95Ms, double P99Ms)
{
    /// <summary>CPU milliseconds per write, by process (azurite, benchmark), when the benchmark started Azurite.</summary>
    public IReadOnlyDictionary<string, double> CpuMsPerWrite { get; init; } = new Dictionary<string, double>();
}

/// <summary>
/// The least storage work one application needs, done straight with the SDK: the résumé uploaded as a blob, then
/// the application row and its e-mail claim added in one entity group transaction (what the intake's transaction
/// writes), in 16 partitions by a hash of the e-mail. No HTTP, no validation, no reads.
/// </summary>
public static class RawStorageBenchmark
{
    public static async Task<RawResult> RunAsync(string connectionString, string prefix, int writes, int writers, int resumeBytes, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(prefix + "RawWrites");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(prefix + "rawwrites");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        // Connections opened and the emulator warmed up before the clock starts.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            await container.GetBlobClient($"warmup/{w}").UploadAsync(new BinaryData(new byte[resumeBytes]), overwrite: true, cancellationToken);
            await table.UpsertEntityAsync(new TableEntity("warmup", w.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken: cancellationToken);
        }));

        // The same kind of people and résumés the round sends, prepared before the clock starts.
        var people = SyntheticApplicants.Generate(writes, Enum.GetValues<Persona>(), DemoSettings.DefaultSeed + 1, resumeBytes);
        var run = Guid.NewGuid().ToString("N")[..8];
        var latencies = new double[writes];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < writes)
            {
                var person = people[i];
                var started = Stopwatch.GetTimestamp();
                var id = $"{run}-{i:D6}";
                await container.GetBlobClient($"resumes/{id}.pdf").UploadAsync(new BinaryData(person.Resume),
                    new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" } }, cancellationToken);
                var email = person.Form.Email.ToLowerInvariant();
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email));
                var partition = $"{run}_{hash[0] % 16:D2}";
                var row = new TableEntity(partition, id)
                {
                    ["RoundId"] = run,
                    ["Shard"] = hash[0] % 16,
                    ["FullName"] = person.Form.FullName,
                    ["FullNameKana"] = person.Form.FullNameKana,
                    ["Email"] = email,
                    ["Phone"] = person.Form.Phone,
                    ["Prefecture"] = person.Form.Prefecture,
                    ["Personas"] = string.Join(',', person.Form.Personas),
                    ["ProfileJson"] = JsonSerializer.Serialize(new { person.Form.SelfAssessments, person.Form.Qualifications, person.Form.SkillLevels, person.Form.Experiences }, DemoJson.Options),
                    ["ConsentToPublication"] = person.Form.ListingChoice().IsPublic,
                    ["ResumeBlob"] = $"resumes/{id}.pdf",
                    ["ReceiptHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))),
                    ["SubmittedAt"] = DateTimeOffset.UtcNow,
                };
                var claim = new TableEntity(partition, "~email-" + Convert.ToHexStringLower(hash)) { ["ApplicationId"] = id };
                await table.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.Add, row), new TableTransactionAction(TableTransactionActionType.Add, claim)],
                    cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        return new RawResult(writes, writers, seconds, writes / seconds,
            Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 95), Percentiles.Of(latencies, 99));
    }
}

public static class Percentiles
{
    /// <summary>Nearest-rank percentile.</summary>
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
