using Workflow.Demo;

var (options, error) = DemoOptions.Parse(args);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(DemoOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

Console.OutputEncoding = System.Text.Encoding.UTF8;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the current request end cleanly and report where the round was left.
    e.Cancel = true;
    cancel.Cancel();
};

DemoReport report;
try
{
    var driver = new RoundDriver(settings: options.Settings);
    report = await driver.RunAsync(options.BaseUrl, options.Applicants, new ConsoleProgress(), cancel.Token);
}
catch (Exception e) when (e is ApiException or DemoFailedException or HttpRequestException or TaskCanceledException or OperationCanceledException)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine(cancel.IsCancellationRequested ? "DEMO CANCELLED" : "DEMO FAILED");
    Console.Error.WriteLine(e.Message);
    return 1;
}

Console.WriteLine();
Console.WriteLine(report.FormatSummary());
if (options.ReportPath is not null)
{
    await report.WriteAsync(options.ReportPath, CancellationToken.None);
    Console.WriteLine($"report written to {Path.GetFullPath(options.ReportPath)}");
}

var violations = report.Violations();
if (violations.Count > 0)
{
    Console.Error.WriteLine("DEMO FAILED: the round's counts are inconsistent:");
    foreach (var violation in violations)
    {
        Console.Error.WriteLine("  - " + violation);
    }

    return 1;
}

Console.WriteLine("demo completed: all seven steps done, counts consistent");
return 0;

/// <summary>Writes at once, in order; Progress&lt;T&gt; would post to the thread pool and shuffle lines.</summary>
internal sealed class ConsoleProgress : IProgress<string>
{
    private readonly Lock _gate = new();

    public void Report(string value)
    {
        lock (_gate)
        {
            Console.WriteLine(value);
        }
    }
}
