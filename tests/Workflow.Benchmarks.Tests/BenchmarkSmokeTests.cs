using System.Text.Json;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.Benchmarks.Tests;

/// <summary>
/// A few applicants through the whole benchmark, so that ./workflow bench keeps working: the figures must be sane,
/// not fast (no target is asserted). Runs on the shared test Azurite with its own prefix and a host on a free port.
/// </summary>
[Collection("Azurite")]
public sealed class BenchmarkSmokeTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Applicants = 6;

    [Fact]
    public async Task A_small_run_measures_every_figure()
    {
        _ = azurite;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var progress = new OutputProgress(output);
        var prefix = AzuriteFixture.NewPrefix();
        await using var environment = await BenchEnvironment.StartHostAsync(
            AzuriteFixture.ConnectionString, prefix, prefix + "hub", BenchEnvironment.LocalHostDll(BenchEnvironment.RepositoryRoot()), progress, timeout.Token);
        var options = new BenchOptions(Applicants: Applicants, RawWrites: 20, ResumeBytes: 20 * 1024, Budget: 25, PageSize: 50, Baseline: false, WarmUp: false);

        var report = await BenchmarkRunner.RunAsync(environment, options, progress, timeout.Token);
        output.WriteLine(report.FormatTable());

        var intake = report.Intake;
        Assert.Equal(16, intake.Clients);
        Assert.Equal(Applicants, intake.Accepted);
        Assert.True(intake.HttpPerSecond > 0 && intake.RawPerSecond > 0 && intake.Ratio > 0, "intake rates");
        Assert.Equal(20, intake.Raw.Writes);
        Assert.True(intake.P50Ms > 0 && intake.P50Ms <= intake.P95Ms && intake.P95Ms <= intake.P99Ms, "latency percentiles");

        var round = report.Round;
        Assert.Equal(Applicants, round.Applicants);
        Assert.Equal(RoundBenchmark.StepNames, round.Steps.Keys);
        Assert.All(round.Steps.Values, seconds => Assert.True(seconds > 0));
        Assert.True(round.WaitSeconds >= 0 && round.WaitSeconds < round.Seconds, "waits are part of the round");
        Assert.True(round.Waits["publish"] <= round.Steps["publish"] && round.Waits["advertise"] <= round.Steps["advertise"]);
        Assert.True(round.SecondsPerApplicant > 0);
        Assert.Null(round.PerApplicantRatio);

        Assert.True(report.History.Instances >= 2, "the round and its appointments");
        Assert.True(report.History.MaxEventsPerInstance > 0 && report.History.TotalRows > report.History.MaxEventsPerInstance);

        Assert.NotNull(report.Storage.RequestsPerApplication);
        Assert.True(report.Storage.RequestsPerApplication > 0);
        Assert.Superset(new HashSet<string> { "app-tables", "app-blobs", "engine-queues", "engine-tables" }, report.Storage.ClientsCounted.ToHashSet());

        Assert.True(report.Audit.FirstPageSeconds > 0 && report.Audit.FullReadSeconds >= report.Audit.FirstPageSeconds);
        Assert.True(report.Audit.Pages > 1, "a page size of 50 pages the timeline");
        Assert.True(report.Audit.InOrder, $"pages follow each other in time order without repeats: {report.Audit.Irregular}");

        // The ministry's list of waits, opened where each step started: the round waited on someone at most of them.
        Assert.Equal(RoundBenchmark.StepNames, report.WaitsRoute.Samples.Select(s => s.Step));
        Assert.All(report.WaitsRoute.Samples, s => Assert.True(s.Seconds > 0 && s.Items >= 0 && s.NotOnPeople >= 0));
        Assert.Contains(report.WaitsRoute.Samples, s => s.Items > 0);
        Assert.True(report.WaitsRoute.MaxSeconds >= report.WaitsRoute.MedianSeconds && report.WaitsRoute.MedianSeconds > 0);

        // Every notice of the round reached the mail server once the dispatcher ran; none died or lacked an address.
        var mail = Assert.IsType<MailFigures>(report.Mail);
        Assert.True(mail.Messages > Applicants, $"{mail.Messages} mails: a receipt per applicant and more");
        Assert.Equal((mail.Messages, 0, 0), (mail.Sent, mail.Dead, mail.Cancelled));
        Assert.True(mail.Seconds > 0 && mail.PerSecond > 0);

        // The national list went in through the API in each form, every row of it.
        var registry = Assert.IsType<RegistryImportFigures>(report.Registry);
        Assert.Equal(Workflow.Domain.Municipalities.SampleMunicipalities.National().Count, registry.Rows);
        Assert.True(registry.XlsxRows >= registry.Rows && registry.XlsxBytes > 0, "the workbook is the registry as exported");
        Assert.All(new[] { registry.Utf8CsvSeconds, registry.ShiftJisCsvSeconds, registry.XlsxSeconds }, seconds => Assert.True(seconds > 0));
        Assert.Contains(report.Targets, t => t.Target.StartsWith("importing the national list", StringComparison.Ordinal));

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        foreach (var (section, fields) in new[]
                 {
                     ("intake", new[] { "clients", "httpPerSecond", "rawPerSecond", "ratio", "p50Ms", "p95Ms", "p99Ms" }),
                     ("round", ["applicants", "seconds", "secondsPerApplicant", "steps"]),
                     ("history", ["maxEventsPerInstance", "totalRows"]),
                     ("storage", ["requestsPerApplication", "clientsCounted"]),
                     ("audit", ["firstPageSeconds", "fullReadSeconds"]),
                     ("waitsRoute", ["maxSeconds", "medianSeconds", "samples"]),
                     ("mail", ["messages", "sent", "seconds", "perSecond"]),
                     ("registry", ["rows", "utf8CsvSeconds", "shiftJisCsvSeconds", "xlsxRows", "xlsxSeconds"]),
                 })
        {
            foreach (var field in fields)
            {
                Assert.True(root.GetProperty(section).TryGetProperty(field, out _), $"{section}.{field} is in the JSON");
            }
        }

        Assert.Equal(7, root.GetProperty("round").GetProperty("steps").EnumerateObject().Count());
        Assert.StartsWith("| ", report.MarkdownRow(), StringComparison.Ordinal);
    }

    private sealed class OutputProgress(ITestOutputHelper output) : IProgress<string>
    {
        public void Report(string value)
        {
            try
            {
                output.WriteLine(value);
            }
            catch (InvalidOperationException)
            {
                // The test has ended; late lines are dropped.
            }
        }
    }
}
