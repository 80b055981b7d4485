using System.Globalization;

namespace Workflow.Benchmarks;

/// <summary>The command line of <c>./workflow bench</c>.</summary>
/// <param name="Applicants">Applicants of the measured round (default 1,000).</param>
/// <param name="JsonPath">Where to write the JSON figures.</param>
/// <param name="UseRunning">Use the Azurite and local host already running instead of starting its own.</param>
/// <param name="BaseUrl">The running host (with <see cref="UseRunning"/>).</param>
/// <param name="StorageConnectionString">The running storage (with <see cref="UseRunning"/>).</param>
/// <param name="HubName">Task hub of the running host (with <see cref="UseRunning"/>; host.json's by default).</param>
/// <param name="Clients">Concurrent HTTP clients during intake and concurrent raw writers.</param>
/// <param name="RawWrites">Raw storage writes (blob + transaction) for the baseline; 0 chooses min(applicants, 2,000).</param>
/// <param name="ResumeBytes">Size of each résumé upload.</param>
/// <param name="Budget">Seconds from the opening of applications to the publication date; null sizes it from the raw rate.</param>
/// <param name="PageSize">Page size of the auditor's history read.</param>
/// <param name="Baseline">With more than 1,000 applicants, also run a 1,000-applicant round first in the same run.</param>
/// <param name="Keep">Keep the storage the benchmark started (its Azurite folder) instead of deleting it.</param>
/// <param name="WarmUp">When no baseline round runs first, run a small unmeasured round so that the host is warm.</param>
public sealed record BenchOptions(
    int Applicants = BenchOptions.DefaultApplicants,
    string? JsonPath = null,
    bool UseRunning = false,
    Uri? BaseUrl = null,
    string? StorageConnectionString = null,
    string? HubName = null,
    int Clients = 16,
    int RawWrites = 0,
    int ResumeBytes = 200 * 1024,
    int? Budget = null,
    int PageSize = 500,
    bool Baseline = true,
    bool Keep = false,
    bool WarmUp = true,
    bool Mail = true)
{
    public const int DefaultApplicants = 1000;
    public const int BaselineApplicants = 1000;
    public const int MaxApplicants = 20_000;
    public const int WarmUpApplicants = 100;

    public const string DevelopmentStorage =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    public int EffectiveRawWrites => RawWrites > 0 ? RawWrites : Math.Min(Applicants, 2000);

    public static string Usage =>
        """
        Workflow.Benchmarks — what a recruiting round costs, against the raw rate of the storage beneath it.

        usage: Workflow.Benchmarks [--applicants N] [--json FILE] [--use-running [--base-url URL] [--storage CONN] [--hub NAME]]
                                   [--clients N] [--raw-writes N] [--resume-kb N] [--budget SECONDS] [--page-size N]
                                   [--no-baseline] [--no-warm-up] [--no-mail] [--keep]

          --applicants N     applicants of the round, 1..20000 (default 1000); above 1000 a 1000-applicant round
                             runs first in the same run as the baseline of the cost per applicant
          --json FILE        write the figures as JSON
          --use-running      use the Azurite and host already running (default http://127.0.0.1:7071 on the default
                             Azurite ports) instead of starting its own; the host must run with
                             Workflow__CountStorageRequests=true for the storage request counts
          --clients N        concurrent clients for intake and raw writes (default 16)
          --raw-writes N     raw blob+entity writes for the baseline (default min(applicants, 2000))
          --resume-kb N      résumé size in KB (default 200)
          --budget SECONDS   schedule budget from opening to publication (default: sized from the raw rate)
          --page-size N      page size of the auditor's read (default 500)
          --no-baseline      skip the 1000-applicant baseline round
          --no-warm-up       skip the unmeasured 100-applicant round that warms the host when no baseline runs
          --no-mail          skip the delivery figure (after the round: a mail server, the host started again with the
                             dispatcher on, every notice of the round sent; not with --use-running)
          --keep             keep Azurite's data in .local/bench (on disk, which slows Azurite down;
                             by default it is kept in memory and gone at the end)
        """;

    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    return (null, string.Empty);
                case "--use-running":
                    o = o with { UseRunning = true };
                    continue;
                case "--no-baseline":
                    o = o with { Baseline = false };
                    continue;
                case "--keep":
                    o = o with { Keep = true };
                    continue;
                case "--no-warm-up":
                    o = o with { WarmUp = false };
                    continue;
                case "--no-mail":
                    o = o with { Mail = false };
                    continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{arg} needs a value.");
            }

            var value = args[++i];
            switch (arg)
            {
                case "--applicants" when TryInt(value, 1, MaxApplicants, out var n):
                    o = o with { Applicants = n };
                    break;
                case "--json":
                    o = o with { JsonPath = value };
                    break;
                case "--base-url" when Uri.TryCreate(value, UriKind.Absolute, out var url):
                    o = o with { BaseUrl = url };
                    break;
                case "--storage":
                    o = o with { StorageConnectionString = value };
                    break;
                case "--hub":
                    o = o with { HubName = value };
                    break;
                case "--clients" when TryInt(value, 1, 256, out var n):
                    o = o with { Clients = n };
                    break;
                case "--raw-writes" when TryInt(value, 1, 100_000, out var n):
                    o = o with { RawWrites = n };
                    break;
                case "--resume-kb" when TryInt(value, 1, 10_000, out var n):
                    o = o with { ResumeBytes = n * 1024 };
                    break;
                case "--budget" when TryInt(value, 25, 86_400, out var n):
                    o = o with { Budget = n };
                    break;
                case "--page-size" when TryInt(value, 1, 5000, out var n):
                    o = o with { PageSize = n };
                    break;
                default:
                    return (null, $"Bad option or value: {arg} {value}");
            }
        }

        return (o, null);
    }

    private static bool TryInt(string value, int min, int max, out int result) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result) && result >= min && result <= max;
}
