using System.Text;
using Workflow.Benchmarks;

var (options, error) = BenchOptions.Parse(args);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(BenchOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

Console.OutputEncoding = Encoding.UTF8;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var progress = new ErrorProgress();
BenchEnvironment? environment = null;
try
{
    environment = options.UseRunning
        ? BenchEnvironment.Running(options.BaseUrl, options.StorageConnectionString, options.HubName)
        : await BenchEnvironment.StartAsync(options.Keep, progress, cancel.Token);
    var report = await BenchmarkRunner.RunAsync(environment, options, progress, cancel.Token);
    Console.WriteLine();
    Console.WriteLine(report.FormatTable());
    Console.WriteLine("row for docs/benchmarks.md:");
    Console.WriteLine(report.MarkdownRow());
    if (options.JsonPath is { } path)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(full, report.ToJson() + Environment.NewLine, new UTF8Encoding(false));
        Console.WriteLine($"figures written to {full}");
    }

    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine(cancel.IsCancellationRequested ? "BENCHMARK CANCELLED" : "BENCHMARK FAILED");
    Console.Error.WriteLine(e.Message);
    if (environment is not null && environment.HostOutput.Length > 0)
    {
        Console.Error.WriteLine("last lines of the local host:");
        Console.Error.WriteLine(environment.HostOutput);
    }

    return 1;
}
finally
{
    if (environment is not null)
    {
        await environment.DisposeAsync();
    }
}

/// <summary>Progress goes to stderr, in order, so that stdout holds the table.</summary>
internal sealed class ErrorProgress : IProgress<string>
{
    private readonly Lock _gate = new();

    public void Report(string value)
    {
        lock (_gate)
        {
            Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss.f} {value}");
        }
    }
}
