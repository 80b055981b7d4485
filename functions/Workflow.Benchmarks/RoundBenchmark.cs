using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Workflow.Demo;

namespace Workflow.Benchmarks;

public sealed record IntakeResult(int Clients, int Accepted, double Seconds, double PerSecond, double P50Ms, double P95Ms, double P99Ms);

/// <param name="Steps">Seconds of each step as the actors see it, waits included, keyed commission … appoint.</param>
/// <param name="Waits">Of those seconds, how many were spent waiting for a date of the schedule (the opening of
/// applications in advertise, the publication date in publish), which the round cannot shorten.</param>
public sealed record RoundResult(
    int Applicants,
    string RoundId,
    string InstanceId,
    double Seconds,
    double WaitSeconds,
    double SecondsPerApplicant,
    double BudgetSeconds,
    IReadOnlyDictionary<string, double> Steps,
    IReadOnlyDictionary<string, double> Waits,
    IntakeResult Intake,
    DemoCounts Counts,
    IReadOnlyDictionary<string, double> ApplyCpuMsPerApplication,
    IReadOnlyDictionary<string, double> ApplyRequestsPerApplication);

/// <summary>
/// One whole round driven by the demo's <see cref="RoundDriver"/>, as the actors would: the driver's HTTP goes through
/// a handler that times every application submission, and its progress headers ([n/7]) mark where each step starts.
/// </summary>
public static partial class RoundBenchmark
{
    public static readonly string[] StepNames = ["commission", "advertise", "apply", "select", "train", "publish", "appoint"];

    /// <param name="cpu">CPU seconds of the processes involved so far, sampled where each step starts.</param>
    /// <param name="counters">The host's storage request counts (null when it does not count), read where each step starts.</param>
    /// <param name="waitsList">Opens the ministry's list of waits where each step starts; none for rounds not measured.</param>
    public static async Task<RoundResult> RunAsync(Uri baseUrl, int applicants, int clients, int resumeBytes, TimeSpan budget,
        Func<IReadOnlyDictionary<string, double>> cpu, Func<Task<IReadOnlyDictionary<string, long>?>> counters, IProgress<string> progress, CancellationToken cancellationToken,
        WaitsProbe? waitsList = null)
    {
        using var timing = new TimingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var steps = new StepClock(progress, cpu, counters, index => waitsList?.Sample(StepNames[index], cancellationToken));
        var settings = new DemoSettings(
            Concurrency: clients,
            ScheduleBudget: budget,
            WaitTimeout: TimeSpan.FromSeconds(Math.Max(180, applicants * 0.1)),
            ResumeBytes: resumeBytes);
        var report = await new RoundDriver(timing, settings).RunAsync(baseUrl, applicants, steps, cancellationToken);
        steps.End();
        var violations = report.Violations();
        if (violations.Count > 0)
        {
            throw new InvalidOperationException("The round's counts are inconsistent: " + string.Join("; ", violations));
        }

        // The schedule as the API stored it: the dates the orchestrator waited for.
        using var api = new ApiClient(baseUrl);
        var round = await api.Ministry.GetRoundAsync(report.RoundId, cancellationToken);
        var spans = steps.Spans();
        var stepSeconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var waits = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < StepNames.Length; i++)
        {
            var (start, end) = spans[i];
            stepSeconds[StepNames[i]] = Math.Round((end - start).TotalSeconds, 2);
        }

        var schedule = round.Schedule ?? throw new InvalidOperationException("The round's answer has no schedule.");
        waits["advertise"] = Math.Round(WaitWithin(spans[1], ApiClient.Present(schedule.ApplicationOpensAt, "opening date")), 2);
        waits["publish"] = Math.Round(WaitWithin(spans[5], ApiClient.Present(schedule.PublicationDate, "publication date")), 2);
        var total = (spans[^1].End - spans[0].Start).TotalSeconds;
        var waited = waits.Values.Sum();

        var submissions = timing.Submissions.Where(s => s.Status == 201).ToList();
        var intakeSeconds = submissions.Count == 0 ? 0 : (submissions.Max(s => s.End) - submissions.Min(s => s.Start)).TotalSeconds;
        var latencies = submissions.Select(s => (s.End - s.Start).TotalMilliseconds).ToList();
        var intake = new IntakeResult(clients, submissions.Count, Math.Round(intakeSeconds, 2), intakeSeconds > 0 ? submissions.Count / intakeSeconds : 0,
            Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 95), Percentiles.Of(latencies, 99));

        // Where the machine's time went while the applicants submitted (from the apply step's start to the select step's).
        var (cpuAtApply, cpuAtSelect) = (steps.CpuAt(2), steps.CpuAt(3));
        var applyCpu = cpuAtSelect.Where(kv => cpuAtApply.ContainsKey(kv.Key))
            .ToDictionary(kv => kv.Key, kv => Math.Round((kv.Value - cpuAtApply[kv.Key]) * 1000 / Math.Max(1, submissions.Count), 2), StringComparer.Ordinal);
        var (requestsAtApply, requestsAtSelect) = (await steps.RequestsAt(2), await steps.RequestsAt(3));
        var applyRequests = requestsAtApply is null || requestsAtSelect is null
            ? new Dictionary<string, double>()
            : requestsAtSelect.ToDictionary(kv => kv.Key, kv => Math.Round((kv.Value - requestsAtApply.GetValueOrDefault(kv.Key)) / (double)Math.Max(1, submissions.Count), 2), StringComparer.Ordinal);
        return new RoundResult(applicants, report.RoundId, report.InstanceId, Math.Round(total, 2), Math.Round(waited, 2),
            (total - waited) / applicants, budget.TotalSeconds, stepSeconds, waits, intake, report.Counts, applyCpu, applyRequests);
    }

    /// <summary>Time of the step before the date it waits for (none if the date had passed when the step began).</summary>
    private static double WaitWithin((DateTimeOffset Start, DateTimeOffset End) span, DateTimeOffset date) =>
        Math.Max(0, (Min(date, span.End) - span.Start).TotalSeconds);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [GeneratedRegex(@"^\[(\d)/7\]|^\[done\]")]
    private static partial Regex HeaderPattern();

    /// <summary>Marks when the driver starts each step (its "[n/7]" header) and passes interesting lines on.</summary>
    private sealed class StepClock(IProgress<string> inner, Func<IReadOnlyDictionary<string, double>> cpu, Func<Task<IReadOnlyDictionary<string, long>?>> counters,
        Action<int> stepStarted) : IProgress<string>
    {
        private readonly DateTimeOffset?[] _starts = new DateTimeOffset?[8];
        private readonly IReadOnlyDictionary<string, double>?[] _cpu = new IReadOnlyDictionary<string, double>?[8];
        private readonly Task<IReadOnlyDictionary<string, long>?>?[] _requests = new Task<IReadOnlyDictionary<string, long>?>?[8];

        public Task<IReadOnlyDictionary<string, long>?> RequestsAt(int step) => _requests[step] ?? Task.FromResult<IReadOnlyDictionary<string, long>?>(null);

        public IReadOnlyDictionary<string, double> CpuAt(int step) => _cpu[step] ?? new Dictionary<string, double>();

        public void Report(string value)
        {
            var match = HeaderPattern().Match(value);
            if (match.Success)
            {
                var index = match.Groups[1].Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1 : 7;
                if (_starts[index] is null)
                {
                    _starts[index] = DateTimeOffset.UtcNow;
                    _cpu[index] = cpu();
                    _requests[index] = counters();
                    if (index < StepNames.Length)
                    {
                        stepStarted(index);
                    }
                }
            }

            inner.Report(value);
        }

        public void End() => _starts[7] ??= DateTimeOffset.UtcNow;

        public (DateTimeOffset Start, DateTimeOffset End)[] Spans() =>
            Enumerable.Range(0, 7).Select(i => (_starts[i] ?? throw new InvalidOperationException($"Step {i + 1} never started."),
                _starts[i + 1] ?? throw new InvalidOperationException($"Step {i + 2} never started."))).ToArray();
    }

    public sealed record Submission(DateTimeOffset Start, DateTimeOffset End, int Status);

    /// <summary>Times each application submission (POST …/applications) the driver makes.</summary>
    private sealed class TimingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public ConcurrentBag<Submission> Submissions { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var isSubmission = request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("/applications", StringComparison.Ordinal) == true;
            var start = DateTimeOffset.UtcNow;
            var ticks = Stopwatch.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken);
            if (isSubmission)
            {
                // The body is read by the driver after this returns; the answer's headers mark the end, as a client sees it.
                Submissions.Add(new Submission(start, start + Stopwatch.GetElapsedTime(ticks), (int)response.StatusCode));
            }

            return response;
        }
    }
}
