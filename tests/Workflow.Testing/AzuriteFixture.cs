using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Workflow.Testing;

/// <summary>
/// The real storage emulator for integration tests. Reuses an Azurite already listening on 127.0.0.1:10000-10002
/// (for example one started by ./workflow up); otherwise starts one from infra/local and stops it at the end.
/// Every fixture instance hands out its own name prefix, so test runs never see each other's tables,
/// containers or task hubs.
/// </summary>
/// <remarks>
/// Test collections that run side by side each hold an instance: the first to start starts the one Azurite of the
/// process, the last to end stops it, so two collections never race to bind the same ports.
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;" +
        "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Process? _azurite;
    private static int _holders;

    /// <summary>A fresh lower-case alphanumeric prefix for this run, valid at the start of table, container and hub names.</summary>
    public string Prefix { get; } = NewPrefix();

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..9];

    public TableServiceClient Tables { get; } = new(ConnectionString);

    public BlobServiceClient Blobs { get; } = new(ConnectionString);

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_azurite is not { HasExited: false } && !await PortsOpenAsync())
            {
                _azurite = await StartAsync();
            }

            // Counted once it holds a running Azurite: a fixture that failed to start one is not disposed by xunit.
            _holders++;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_holders > 0 || _azurite is null)
            {
                return;
            }

            if (!_azurite.HasExited)
            {
                _azurite.Kill(entireProcessTree: true);
                _azurite.WaitForExit(10_000);
            }

            _azurite.Dispose();
            _azurite = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<Process> StartAsync()
    {
        var root = RepositoryRoot.Find();
        var azurite = Path.Combine(root, "infra", "local", "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {azurite}. Run ./workflow test (it runs npm ci in infra/local).");
        }

        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--silent", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await PortsOpenAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Azurite did not start listening on 127.0.0.1:10000-10002.");
            }

            await Task.Delay(100);
        }

        return process;
    }

    private static async Task<bool> PortsOpenAsync()
    {
        foreach (var port in new[] { 10000, 10001, 10002 })
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }
}
