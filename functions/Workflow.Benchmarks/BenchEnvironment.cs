using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workflow.Benchmarks;

/// <summary>
/// Where the benchmark runs: the API's base URL, the storage behind it, the task hub, and where the host serves its
/// storage request counts. Either started here (an Azurite of its own on free ports, with its folder under
/// .local/bench, and a local host process on a free port) or pointing at running ones.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly List<Process> _started = [];
    private Process? _azurite;
    private Process? _host;
    private string? _hostDll;
    private readonly List<string> _hostOutput = [];
    private string? _storageFolder;
    private bool _keep;

    private BenchEnvironment(Uri baseUrl, string storage, string prefix, string hub)
    {
        BaseUrl = baseUrl;
        StorageConnectionString = storage;
        Prefix = prefix;
        HubName = hub;
    }

    public Uri BaseUrl { get; private set; }

    public string StorageConnectionString { get; }

    /// <summary>Table and container prefix of the app's data (empty on a running host started by ./workflow up).</summary>
    public string Prefix { get; }

    public string HubName { get; }

    public Uri CountersUrl => new(BaseUrl, "/local/storage-requests");

    public string HostOutput
    {
        get
        {
            lock (_hostOutput)
            {
                return string.Join('\n', _hostOutput.TakeLast(100));
            }
        }
    }

    public static BenchEnvironment Running(Uri? baseUrl, string? storage, string? hub) =>
        new(baseUrl ?? new Uri("http://127.0.0.1:7071/"), storage ?? BenchOptions.DevelopmentStorage, string.Empty, hub ?? HubFromHostJson() ?? "RecruitingRounds");

    /// <summary>Starts Azurite on free ports (its data in .local/bench/&lt;stamp&gt;) and a local host on it.</summary>
    public static async Task<BenchEnvironment> StartAsync(bool keep, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var azurite = Path.Combine(root, "infra", "local", "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run ./workflow bench (it runs npm ci in infra/local).");
        }

        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var folder = Path.Combine(root, ".local", "bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        var storage = StorageConnection(blob, queue, table);
        var environment = new BenchEnvironment(new Uri("http://127.0.0.1/"), storage, "bench", "BenchHub") { _storageFolder = folder, _keep = keep };
        try
        {
            progress.Report($"starting Azurite on 127.0.0.1:{blob}/{queue}/{table} ({(keep ? $"data in {folder}" : "data in memory")})");
            var start = new ProcessStartInfo(azurite) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

            // In memory, Azurite held 3.7 GB at 10,000 applicants (the résumés as buffers, the tables on the V8 heap):
            // headroom so that the heap limit is not what stops a 20,000 run. (The minute-long stalls first blamed on
            // the heap were Azurite's extent collector: docs/benchmarks.md.)
            start.Environment["NODE_OPTIONS"] = "--max-old-space-size=8192";

            // In memory unless the data is to be kept, as the tests' Azurite: with a --location, Azurite rewrites its
            // whole table database to disk every 5 s, which at 10,000 applicants took 28 % of its CPU (profiled).
            foreach (var arg in (keep ? ["--location", folder] : new[] { "--inMemoryPersistence" }).Concat(new[]
                     {
                         "--silent", "--skipApiVersionCheck", "--loose",
                         "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     }))
            {
                start.ArgumentList.Add(arg);
            }

            environment._azurite = environment.Track(start);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!(await PortOpenAsync(blob) && await PortOpenAsync(queue) && await PortOpenAsync(table)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException("Azurite did not start listening.");
                }

                await Task.Delay(100, cancellationToken);
            }

            await environment.StartHostAsync(LocalHostDll(root), progress, cancellationToken);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the local host on a free port, counting its storage requests, with the given storage, prefix and hub
    /// (the smoke test passes the shared test Azurite).
    /// </summary>
    public static async Task<BenchEnvironment> StartHostAsync(string storage, string prefix, string hub, string localHostDll, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var environment = new BenchEnvironment(new Uri("http://127.0.0.1/"), storage, prefix, hub);
        try
        {
            await environment.StartHostAsync(localHostDll, progress, cancellationToken);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether this environment started the host (and so may start it again to deliver mail).</summary>
    public bool StartedHost => _hostDll is not null;

    /// <summary>
    /// For the delivery figure: starts a real mail server (smtp4dev, the repository's dotnet tool, on free ports with an
    /// in-memory store) and starts the host again with the dispatcher sending to it every second. The round's
    /// measurements are taken by then; the dispatcher ran nowhere before, so every notice of the round is still queued.
    /// </summary>
    public async Task StartMailDeliveryAsync(IProgress<string> progress, CancellationToken cancellationToken)
    {
        var dll = _hostDll ?? throw new InvalidOperationException("Only a host this environment started can be started again with a mail server.");
        int smtp = FreePort(), web = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot() };
        foreach (var arg in new[]
                 {
                     "tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{web}", $"--smtpport={smtp}", $"--imapport={FreePort()}", $"--pop3port={FreePort()}",
                     "--bindaddress=127.0.0.1", "--hostname=127.0.0.1", "--db=", "--nousersettings", "--messagestokeep=1000000",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        progress.Report($"[bench] starting the mail server (smtp4dev) on 127.0.0.1:{smtp}");
        var mail = Track(start, keepOutput: false);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    if ((await http.GetAsync($"http://127.0.0.1:{web}/api/messages", cancellationToken)).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                }

                if (mail.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException("smtp4dev did not start: run `dotnet tool restore` in the repository root.");
                }

                await Task.Delay(200, cancellationToken);
            }
        }

        if (_host is { HasExited: false } host)
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(cancellationToken);
        }

        await StartHostAsync(dll, progress, cancellationToken, new Dictionary<string, string>
        {
            ["AzureWebJobs.DispatchMail.Disabled"] = "false",
            ["WorkflowMailDispatchSchedule"] = "* * * * * *",
            ["Workflow__Mail__Transport"] = "smtp",
            ["Workflow__Mail__SmtpHost"] = "127.0.0.1",
            ["Workflow__Mail__SmtpPort"] = smtp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private async Task StartHostAsync(string dll, IProgress<string> progress, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        _hostDll = dll;
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        progress.Report($"starting the local host on {BaseUrl} (hub {HubName}, prefix '{Prefix}', counting storage requests)");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl.GetLeftPart(UriPartial.Authority));
        start.Environment["AzureWebJobsStorage"] = StorageConnectionString;
        start.Environment["Workflow__StoragePrefix"] = Prefix;
        start.Environment["Workflow__CountStorageRequests"] = "true";
        start.Environment["AzureFunctionsJobHost__extensions__durableTask__hubName"] = HubName;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        // The development sign-in provider on any free https port, beside a host of ./workflow up on 7443.
        start.Environment["Workflow__DevelopmentSignIn__Port"] = "0";

        // Chains sealed on the hour, as in Azure (the local host's own setting seals every ten minutes).
        start.Environment["WorkflowLogSealSchedule"] = "0 0 * * * *";

        // Notices are queued in the outbox (their cost is counted) but not sent: no mail server runs beside the bench.
        start.Environment["AzureWebJobs.DispatchMail.Disabled"] = "true";
        start.Environment["AzureWebJobs.SendReminders.Disabled"] = "true";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var host = _host = Track(start, keepOutput: true);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException("The local host exited:\n" + HostOutput);
            }

            try
            {
                if ((await http.GetAsync(new Uri(BaseUrl, "api/health"), cancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("The local host did not answer /api/health within 90 s:\n" + HostOutput);
    }

    /// <summary>CPU seconds used so far by the processes this environment started, and by the benchmark itself.</summary>
    public IReadOnlyDictionary<string, double> CpuSeconds()
    {
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string name, Process? process)
        {
            try
            {
                if (process is { HasExited: false })
                {
                    process.Refresh();
                    cpu[name] = process.TotalProcessorTime.TotalSeconds;
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        Add("azurite", _azurite);
        Add("host", _host);
        using var self = Process.GetCurrentProcess();
        cpu["benchmark"] = self.TotalProcessorTime.TotalSeconds;
        return cpu;
    }

    public async ValueTask DisposeAsync()
    {
        // The host first, so that it lets go of storage before Azurite stops.
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            var process = _started[i];
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
            }

            process.Dispose();
        }

        _started.Clear();
        if (_storageFolder is not null && !_keep)
        {
            try
            {
                Directory.Delete(_storageFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Workflow.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Workflow.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The local host built in the same configuration as this program.</summary>
    public static string LocalHostDll(string root)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(root, "functions", "Workflow.LocalHost", "bin", configuration, "net10.0", "Workflow.LocalHost.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the solution first: {dll} is missing.");
    }

    public static string StorageConnection(int blob, int queue, int table) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";

    private Process Track(ProcessStartInfo start, bool keepOutput = false)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        _started.Add(process);
        process.OutputDataReceived += (_, e) => Keep(keepOutput, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(keepOutput, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(bool keep, string? line)
    {
        if (!keep || line is null)
        {
            return;
        }

        lock (_hostOutput)
        {
            _hostOutput.Add(line);
        }
    }

    private static string? HubFromHostJson()
    {
        try
        {
            var path = Path.Combine(RepositoryRoot(), "host.json");
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path), new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or KeyNotFoundException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<bool> PortOpenAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
