using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workflow.Testing;

/// <summary>
/// The local host as a separate process, as a user runs it, with its own storage prefix and task hub on the
/// shared Azurite; it serves the pages at / and the API at /api/. It can be killed without warning (SIGKILL) and
/// started again on the same storage.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly string _prefix;
    private readonly List<string> _output = [];
    private Process? _process;
    private int _starts;

    public LocalHostProcess(string prefix)
    {
        _prefix = prefix;
        Port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }

    public Uri BaseUrl { get; }

    public string HubName => _prefix + "hub";

    /// <summary>The prefix of the app's tables and containers in this host's storage.</summary>
    public string StoragePrefix => _prefix;

    /// <summary>More settings for the process, as environment variables ("Workflow__Privacy__RetentionDays").</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Sends this host's mail to <paramref name="mail"/>, dispatched every second.</summary>
    public LocalHostProcess UseMail(Smtp4devFixture mail)
    {
        Environment["AzureWebJobs.DispatchMail.Disabled"] = "false";
        Environment["Workflow__Mail__SmtpHost"] = "127.0.0.1";
        Environment["Workflow__Mail__SmtpPort"] = mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment["WorkflowMailDispatchSchedule"] = "* * * * * *";
        return this;
    }

    /// <summary>The last 200 lines the process wrote, each prefixed with the UTC time it was read.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(200));
            }
        }
    }

    /// <summary>
    /// Every line written since the first start, across restarts, each prefixed with the UTC time it was read; a
    /// restart is marked by a line of its own.
    /// </summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>When the process last answered /api/health after a start.</summary>
    public DateTimeOffset? ReadyAt { get; private set; }

    /// <summary>True once a started process has ended, whether killed by the test or by itself.</summary>
    public bool HasExited => _process is not { } process || process.HasExited;

    public static string LocalHostDll()
    {
        // Same configuration as these tests were built in: ./workflow test builds the solution in Release.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Find(), "functions", "Workflow.LocalHost", "bin", configuration, "net10.0", "Workflow.LocalHost.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the solution first: {dll} is missing.");
    }

    public async Task StartAsync()
    {
        if (_process is { } previous)
        {
            if (!previous.HasExited)
            {
                throw new InvalidOperationException("The local host is still running.");
            }

            previous.Dispose();
            _process = null;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(LocalHostDll())!,
        };
        start.ArgumentList.Add(LocalHostDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port}");
        start.Environment["AzureWebJobsStorage"] = AzuriteFixture.ConnectionString;
        start.Environment["Workflow__StoragePrefix"] = _prefix;
        start.Environment["AzureFunctionsJobHost__extensions__durableTask__hubName"] = HubName;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Workflow__PublicBaseUrl"] = BaseUrl.ToString();

        // The development sign-in provider (ADR 0023) on any free https port: hosts of parallel tests never clash.
        start.Environment["Workflow__DevelopmentSignIn__Port"] = "0";

        // No mail unless a test gives the host a mail server (UseMail): the dispatcher would only retry into nothing.
        start.Environment["AzureWebJobs.DispatchMail.Disabled"] = "true";

        // Reminders are tested by calling them with a clock (SendRemindersTests): rounds whose sessions lie seconds
        // ahead would otherwise get reminders at whatever minute the timer happens to fire.
        start.Environment["AzureWebJobs.SendReminders.Disabled"] = "true";

        // Sealing is tested by calling it (LogVerificationTests): the ten-minute timer would otherwise seal a test's
        // chain at whatever moment it fires, and a quick check after the seal words its finding differently.
        start.Environment["AzureWebJobs.SealLogChains.Disabled"] = "true";

        // Erasure after the retention period is tested with a clock (RetentionErasureTests); a test host erases nothing on its own.
        start.Environment["AzureWebJobs.EraseAfterRetention.Disabled"] = "true";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        Keep($"--- start {++_starts} of the local host on port {Port}");
        ReadyAt = null;
        _process = Process.Start(start) ?? throw new InvalidOperationException("The local host did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The local host exited:\n" + Output);
            }

            try
            {
                if ((await http.GetAsync("api/health")).StatusCode == HttpStatusCode.OK)
                {
                    ReadyAt = DateTimeOffset.UtcNow;
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The local host did not answer /api/health within 60 s:\n" + Output);
    }

    /// <summary>
    /// Keeps every line as .local/test-results/hosts/NAME.log, for a kill or crash test whose timing needs explaining;
    /// run the test with Logging__LogLevel__DurableTask=Information to see the engine's queues and leases as well.
    /// </summary>
    public string SaveLog(string name)
    {
        var folder = Path.Combine(RepositoryRoot.Find(), ".local", "test-results", "hosts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".log");
        File.WriteAllLines(path, Lines);
        return path;
    }

    /// <summary>Waits for the process to end by itself (a crash point); false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is not { } process)
        {
            return true;
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Ends the process the hard way: no graceful shutdown, no flushing, as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            Keep("--- killed by the test");
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        var stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        lock (_output)
        {
            _output.Add(stamped);
        }
    }

    /// <summary>
    /// Ports below Linux's ephemeral range (32768–60999), which the kernel hands to outgoing connections: a port the
    /// kernel gave as free (bind to 0) is in that range, and once released can become the local end of any connection
    /// to Azurite before the host binds it, which killed hosts met as "address already in use".
    /// </summary>
    private const int FirstPort = 20000;

    private const int PortsAfterFirst = 12000;

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A loopback port nothing listens on, never handed out twice in this process, outside the ephemeral range.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = FirstPort + Random.Shared.Next(PortsAfterFirst);
            lock (HandedOut)
            {
                if (HandedOut.Contains(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                }
                catch (SocketException)
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {FirstPort} and {FirstPort + PortsAfterFirst}.");
    }
}
