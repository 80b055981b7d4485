using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Benchmarks;

public sealed record IntakeFigures(
    int Clients,
    double HttpPerSecond,
    double RawPerSecond,
    double Ratio,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    int Accepted,
    double HttpSeconds,
    RawResult Raw,
    RawResult RawBefore,
    RawResult RawAfter,
    IReadOnlyDictionary<string, double> CpuMsPerApplication,
    IReadOnlyDictionary<string, double> RequestsPerApplication);

public sealed record BaselineFigures(int Applicants, double Seconds, double WaitSeconds, double SecondsPerApplicant);

public sealed record RoundFigures(
    int Applicants,
    double Seconds,
    double SecondsPerApplicant,
    double WaitSeconds,
    double BudgetSeconds,
    IReadOnlyDictionary<string, double> Steps,
    IReadOnlyDictionary<string, double> Waits,
    string RoundId,
    BaselineFigures? Baseline,
    double? PerApplicantRatio);

public sealed record HistoryFigures(int MaxEventsPerInstance, int TotalRows, int Instances, string? LargestInstance);

public sealed record StorageFiguresJson(double? RequestsPerApplication, IReadOnlyList<string> ClientsCounted, long? Requests, IReadOnlyDictionary<string, long>? ByClient, string Note);

/// <param name="VerifySeconds">The business log's quick check, as the auditor's page opens it.</param>
/// <param name="VerifyFullSeconds">The full check, every row (what each sealing does).</param>
/// <param name="Irregular">The first item of the paged read out of time order or read twice; null when none is.</param>
public sealed record AuditFigures(double FirstPageSeconds, double FullReadSeconds, int PageSize, int Pages, int Items, string? Irregular, double VerifySeconds, int VerifiedEntries, bool Intact, double VerifyFullSeconds, int FullEntries)
{
    public bool InOrder => Irregular is null;
}

/// <summary>The ministry's list of waits, opened where each step of the measured round started.</summary>
/// <param name="SlowestAt">The step at whose start the slowest read was made.</param>
/// <param name="MostItems">The most waits on people one read listed.</param>
public sealed record WaitsRouteFigures(double MaxSeconds, string SlowestAt, double MedianSeconds, int MostItems, IReadOnlyList<WaitsSample> Samples)
{
    public static WaitsRouteFigures Of(IReadOnlyList<WaitsSample> samples)
    {
        if (samples.Count == 0)
        {
            return new WaitsRouteFigures(0, "none", 0, 0, samples);
        }

        var slowest = samples.MaxBy(s => s.Seconds)!;
        var ordered = samples.Select(s => s.Seconds).Order().ToList();
        return new WaitsRouteFigures(slowest.Seconds, slowest.Step, ordered[ordered.Count / 2], samples.Max(s => s.Items), samples);
    }
}

public sealed record MachineFigures(int Cores, double MemoryGiB, string Os, string Runtime);

public sealed record TargetCheck(string Target, double Value, double Limit, bool Met);

/// <summary>Everything one run measured, as printed and as written to --json.</summary>
public sealed record BenchReport(
    IntakeFigures Intake,
    RoundFigures Round,
    HistoryFigures History,
    StorageFiguresJson Storage,
    AuditFigures Audit,
    WaitsRouteFigures WaitsRoute,
    MachineFigures Machine,
    string Commit,
    DateTimeOffset At,
    IReadOnlyList<TargetCheck> Targets,
    MailFigures? Mail = null,
    RegistryImportFigures? Registry = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The targets of issue 6, checked on this run's figures.</summary>
    public static IReadOnlyList<TargetCheck> Check(IntakeFigures intake, RoundFigures round, HistoryFigures history, StorageFiguresJson storage, AuditFigures audit,
        WaitsRouteFigures waits, RegistryImportFigures? registry = null)
    {
        var checks = new List<TargetCheck>
        {
            new("intake ≥ 0.7 × raw", Math.Round(intake.Ratio, 2), 0.7, intake.Ratio >= 0.7),
            new("intake p95 ≤ 50 ms", Math.Round(intake.P95Ms, 1), 50, intake.P95Ms <= 50),
        };
        if (round.Applicants == 1000)
        {
            var working = Math.Round(round.Seconds - round.WaitSeconds, 2);
            checks.Add(new("1,000-applicant round ≤ 60 s (without the schedule's waits)", working, 60, working <= 60));
        }

        if (round.PerApplicantRatio is { } ratio)
        {
            checks.Add(new($"cost per applicant at {round.Applicants:N0} ≤ 1.2 × at 1,000", Math.Round(ratio, 2), 1.2, ratio <= 1.2));
        }

        if (storage.RequestsPerApplication is { } perApplication)
        {
            checks.Add(new("storage requests per application ≤ 15", perApplication, 15, perApplication <= 15));
        }

        checks.Add(new("history events of any instance ≤ 5,000", history.MaxEventsPerInstance, 5000, history.MaxEventsPerInstance <= 5000));
        checks.Add(new("auditor's first page ≤ 1 s", audit.FirstPageSeconds, 1, audit.FirstPageSeconds <= 1));
        checks.Add(new("verifying the round's business log (quick check) ≤ 2 s", audit.VerifySeconds, 2, audit.VerifySeconds <= 2 && audit.Intact));
        checks.Add(new("ministry's list of waits ≤ 2 s (slowest read)", waits.MaxSeconds, 2, waits.MaxSeconds <= 2));
        if (registry is not null)
        {
            var slowest = new[] { registry.Utf8CsvSeconds, registry.ShiftJisCsvSeconds, registry.XlsxSeconds }.Max();
            checks.Add(new($"importing the national list ({registry.Rows:N0} 団体) < 10 s in each form (slowest)", slowest, 10, slowest < 10));
        }

        return checks;
    }

    public string FormatTable()
    {
        var t = new StringBuilder();
        void Line(string name, string value) => t.AppendLine(CultureInfo.InvariantCulture, $"  {name,-44} {value}");
        string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);

        t.AppendLine(CultureInfo.InvariantCulture, $"Benchmark at {Commit} on {Machine.Cores} cores, {F(Machine.MemoryGiB, "0.0")} GiB ({At:yyyy-MM-dd HH:mm} UTC)");
        t.AppendLine("1. intake vs the raw limit");
        Line($"HTTP applications accepted /s ({Intake.Clients} clients)", F(Intake.HttpPerSecond, "0.0") + $"  ({Intake.Accepted} in {F(Intake.HttpSeconds, "0.0")} s)");
        Line($"raw blob + transaction /s ({Intake.Raw.Writers} writers)", F(Intake.RawPerSecond, "0.0") + $"  (before {F(Intake.RawBefore.PerSecond, "0.0")}, after {F(Intake.RawAfter.PerSecond, "0.0")}; {Intake.Raw.Writes} each; p95 {F(Intake.Raw.P95Ms, "0")} ms)");
        Line("ratio HTTP / raw", F(Intake.Ratio));
        if (Intake.CpuMsPerApplication.Count > 0)
        {
            Line("CPU ms per application, HTTP intake", string.Join(", ", Intake.CpuMsPerApplication.Select(kv => $"{kv.Key} {F(kv.Value, "0.0")}")));
            Line("CPU ms per raw write (the faster raw run)", string.Join(", ", Intake.Raw.CpuMsPerWrite.Select(kv => $"{kv.Key} {F(kv.Value, "0.0")}")));
        }

        if (Intake.RequestsPerApplication.Count > 0)
        {
            Line("storage requests per application, intake", string.Join(", ", Intake.RequestsPerApplication.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {F(kv.Value)}")) + "  (raw: 2)");
        }
        Line("HTTP intake latency p50 / p95 / p99 (ms)", $"{F(Intake.P50Ms, "0")} / {F(Intake.P95Ms, "0")} / {F(Intake.P99Ms, "0")}");
        t.AppendLine(CultureInfo.InvariantCulture, $"2. a whole round ({Round.Applicants:N0} applicants, schedule budget {F(Round.BudgetSeconds, "0")} s)");
        foreach (var (step, seconds) in Round.Steps)
        {
            var wait = Round.Waits.TryGetValue(step, out var w) && w > 0 ? $"  (of which {F(w, "0.0")} s waiting for the schedule's date)" : string.Empty;
            Line("  " + step, F(seconds, "0.0") + " s" + wait);
        }

        Line("total", $"{F(Round.Seconds, "0.0")} s ({F(Round.Seconds - Round.WaitSeconds, "0.0")} s without the schedule's waits)");
        Line("seconds per applicant (without waits)", F(Round.SecondsPerApplicant, "0.0000"));
        if (Round.Baseline is { } b)
        {
            Line($"  at {b.Applicants:N0} applicants, same run", F(b.SecondsPerApplicant, "0.0000") + $"  (ratio {F(Round.PerApplicantRatio ?? 0)})");
        }

        t.AppendLine("3. what it stores");
        Line("history events, largest instance", $"{History.MaxEventsPerInstance} ({History.LargestInstance})");
        Line("history rows, all instances of the round", $"{History.TotalRows} over {History.Instances} instances");
        Line("storage requests per accepted application", Storage.RequestsPerApplication is { } r ? F(r) + $"  ({Storage.Requests} in all)" : "not counted");
        if (Storage.ByClient is { } byClient)
        {
            Line("  by client", string.Join(", ", byClient.Select(kv => $"{kv.Key} {kv.Value}")));
        }

        t.AppendLine("4. the auditor's view");
        Line($"first page of the history ({Audit.PageSize} items)", F(Audit.FirstPageSeconds, "0.000") + " s");
        Line("full paged read", $"{F(Audit.FullReadSeconds, "0.000")} s ({Audit.Pages} pages, {Audit.Items} items{(Audit.InOrder ? string.Empty : $", NOT in time order or repeated: {Audit.Irregular}")})");
        Line("business log verified, quick / full", $"{F(Audit.VerifySeconds, "0.000")} s ({Audit.VerifiedEntries} rows read) / {F(Audit.VerifyFullSeconds, "0.000")} s ({Audit.FullEntries} rows), {(Audit.Intact ? "intact" : "BROKEN")}");
        t.AppendLine("5. the ministry's list of waits (GET /api/ministry/waits, where each step started)");
        Line("slowest / median read", $"{F(WaitsRoute.MaxSeconds, "0.000")} s (at {WaitsRoute.SlowestAt}) / {F(WaitsRoute.MedianSeconds, "0.000")} s");
        Line("reads", string.Join(", ", WaitsRoute.Samples.Select(s => $"{s.Step} {F(s.Seconds, "0.000")} s ({s.Items} listed, {s.NotOnPeople} not on people)")));
        if (Mail is { } m)
        {
            t.AppendLine("6. mail delivery (every notice of the round, to a local smtp4dev, dispatcher every second)");
            Line("mails sent / in all", $"{m.Sent} / {m.Messages}" + (m.Dead + m.Cancelled > 0 ? $" ({m.Dead} dead, {m.Cancelled} cancelled)" : string.Empty));
            Line("time / rate", $"{F(m.Seconds, "0.0")} s / {F(m.PerSecond, "0.0")} mails/s" + (m.Note is null ? string.Empty : $"  ({m.Note})"));
        }

        if (Registry is { } g)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"7. the municipality registry: the national list ({g.Rows:N0} 団体) imported through the API");
            Line("CSV UTF-8 / CSV Shift_JIS (Japanese headings)", $"{F(g.Utf8CsvSeconds, "0.000")} s / {F(g.ShiftJisCsvSeconds, "0.000")} s");
            Line("xlsx (the registry's own export)", $"{F(g.XlsxSeconds, "0.000")} s ({g.XlsxRows:N0} rows, {g.XlsxBytes:N0} bytes)");
        }

        t.AppendLine("targets");
        foreach (var check in Targets)
        {
            Line((check.Met ? "met     " : "NOT MET ") + check.Target, F(check.Value, "0.###"));
        }

        return t.ToString();
    }

    /// <summary>One row for docs/benchmarks.md.</summary>
    public string MarkdownRow()
    {
        string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);
        var steps = string.Join(" / ", RoundBenchmark.StepNames.Select(s => F(Round.Steps.GetValueOrDefault(s), "0.0")));
        return $"| {At:yyyy-MM-dd HH:mm} | {Commit} | {Machine.Cores} cores, {F(Machine.MemoryGiB, "0")} GiB | {Round.Applicants:N0} | " +
               $"{F(Intake.HttpPerSecond, "0")} / {F(Intake.RawPerSecond, "0")} = {F(Intake.Ratio)} | {F(Intake.P50Ms, "0")} / {F(Intake.P95Ms, "0")} / {F(Intake.P99Ms, "0")} | " +
               $"{F(Round.Seconds, "0.0")} ({F(Round.WaitSeconds, "0.0")} wait) | {steps} | {F(Round.SecondsPerApplicant, "0.0000")}{(Round.PerApplicantRatio is { } r ? $" (×{F(r)} of 1,000)" : string.Empty)} | " +
               $"{History.MaxEventsPerInstance} / {History.TotalRows} | {(Storage.RequestsPerApplication is { } q ? F(q, "0.0") : "–")} | {F(Audit.FirstPageSeconds, "0.00")} / {F(Audit.FullReadSeconds, "0.00")} | " +
               $"{F(WaitsRoute.MaxSeconds, "0.00")} / {F(WaitsRoute.MedianSeconds, "0.00")} |";
    }

    public static MachineFigures DescribeMachine()
    {
        double memory = 0;
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb))
            {
                memory = Math.Round(kb / 1024.0 / 1024.0, 1);
            }
        }
        catch (IOException)
        {
        }

        return new MachineFigures(Environment.ProcessorCount, memory, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The commit the benchmark was built from, "+dirty" when the tree has changes.</summary>
    public static string DescribeCommit(string root)
    {
        string? Git(string args)
        {
            try
            {
                var start = new ProcessStartInfo("git", args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
                using var git = Process.Start(start)!;
                var output = git.StandardOutput.ReadToEnd().Trim();
                git.WaitForExit();
                return git.ExitCode == 0 ? output : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        var commit = Git("rev-parse --short HEAD") ?? "unknown";
        return Git("status --porcelain --untracked-files=no") is { Length: > 0 } ? commit + "+dirty" : commit;
    }
}
