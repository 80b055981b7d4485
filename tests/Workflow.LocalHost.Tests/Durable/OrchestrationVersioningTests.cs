using System.Collections.Concurrent;
using DurableTask.AzureStorage;
using DurableTask.Core.Settings;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflow.Functions.Configuration;
using Workflow.LocalHost.Durable;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests.Durable;

/// <summary>
/// Orchestration versioning as Durable Functions does it (ADR 0021): the default version stamps new orchestrations,
/// the context exposes it, and a worker meets an instance of another version as its strategies say.
/// </summary>
[Collection("Azurite")]
public sealed class OrchestrationVersioningTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task New_orchestrations_and_their_sub_orchestrations_get_the_default_version_unless_one_is_given()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await using var host = await VersionedHost.StartAsync(AzuriteFixture.NewPrefix() + "hub", Versioned("2"));

        var byDefault = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(VersionedOrchestration), false, timeout.Token);
        var given = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(VersionedOrchestration), false, new StartOrchestrationOptions { Version = "1" }, timeout.Token);

        Assert.Equal(new VersionReport("2", "2", "new", "pong"), await host.OutputAsync(byDefault, timeout.Token));

        // An older instance runs on the newer worker on its own path; its activity is found although it is scheduled
        // with the instance's version, and a sub-orchestration it starts is new, so it gets the worker's default.
        Assert.Equal(new VersionReport("1", "2", "old", "pong"), await host.OutputAsync(given, timeout.Token));
    }

    [Fact]
    public async Task An_older_worker_leaves_a_newer_instance_untouched_and_a_newer_worker_then_runs_it()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var hub = AzuriteFixture.NewPrefix() + "hub";
        string id;
        await using (var older = await VersionedHost.StartAsync(hub, Versioned("1")))
        {
            id = await older.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(VersionedOrchestration), false, new StartOrchestrationOptions { Version = "2" }, timeout.Token);

            // Rejected: the dispatcher hands the message back to the queue without running anything.
            await older.Logs.WaitForAsync(e => e.Name == "AbandoningMessage" && e.Message.Contains(id, StringComparison.Ordinal), timeout.Token);
            var untouched = await older.Client.GetInstanceAsync(id, timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Pending, untouched!.RuntimeStatus);
        }

        await using var newer = await VersionedHost.StartAsync(hub, Versioned("2"), deleteHubAtEnd: true);
        Assert.Equal(new VersionReport("2", "2", "new", "pong"), await newer.OutputAsync(id, timeout.Token));
    }

    [Theory]
    [InlineData("1", "CurrentOrOlder", "2")]
    [InlineData("2", "Strict", "1")]
    public async Task With_the_fail_strategy_an_instance_the_worker_does_not_match_fails(string worker, string match, string instance)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var settings = Versioned(worker);
        settings[SettingNames.VersionMatchStrategyOverride] = match;
        settings[SettingNames.VersionFailureStrategyOverride] = "Fail";
        await using var host = await VersionedHost.StartAsync(AzuriteFixture.NewPrefix() + "hub", settings, deleteHubAtEnd: true);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(VersionedOrchestration), false, new StartOrchestrationOptions { Version = instance }, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("VersionMismatch", done.FailureDetails?.ErrorType);
    }

    [Fact]
    public void Reads_host_json_as_durable_functions_does_and_app_settings_override_it()
    {
        var hostJson = HostJson.Parse("""
            { "extensions": { "durableTask": { "defaultVersion": "3", "versionMatchStrategy": "strict", "versionFailureStrategy": "Fail" } } }
            """);
        var none = new ConfigurationBuilder().Build();
        var overridden = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.DefaultVersionOverride] = "4",
            [SettingNames.VersionFailureStrategyOverride] = "reject",
        }).Build();

        Assert.Equal(new OrchestrationVersioning("3", VersioningSettings.VersionMatchStrategy.Strict, VersioningSettings.VersionFailureStrategy.Fail),
            OrchestrationVersioning.FromConfiguration(none, hostJson));
        Assert.Equal(new OrchestrationVersioning("4", VersioningSettings.VersionMatchStrategy.Strict, VersioningSettings.VersionFailureStrategy.Reject),
            OrchestrationVersioning.FromConfiguration(overridden, hostJson));

        // The extension's defaults: no version, older or current instances run, others are left for another worker.
        Assert.Equal(new OrchestrationVersioning(string.Empty, VersioningSettings.VersionMatchStrategy.CurrentOrOlder, VersioningSettings.VersionFailureStrategy.Reject),
            OrchestrationVersioning.FromConfiguration(none, HostJson.Empty));
    }

    [Theory]
    [InlineData("Newest")]
    [InlineData("1")]
    public void A_strategy_durable_functions_does_not_know_stops_the_host(string strategy)
    {
        var hostJson = HostJson.Parse($$"""{ "extensions": { "durableTask": { "versionMatchStrategy": "{{strategy}}" } } }""");

        var error = Assert.Throws<FormatException>(() => OrchestrationVersioning.FromConfiguration(new ConfigurationBuilder().Build(), hostJson));
        Assert.Contains("versionMatchStrategy", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Versioned(string version) => new()
    {
        [SettingNames.DefaultVersionOverride] = version,
    };

    private sealed class VersionedHost : IAsyncDisposable
    {
        private readonly IHost _host;
        private readonly bool _deleteHub;

        private VersionedHost(IHost host, CapturedLogs logs, bool deleteHub)
        {
            _host = host;
            Logs = logs;
            _deleteHub = deleteHub;
        }

        public CapturedLogs Logs { get; }

        public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

        public static async Task<VersionedHost> StartAsync(string hub, IReadOnlyDictionary<string, string?> settings, bool deleteHubAtEnd = false)
        {
            var logs = new CapturedLogs();
            var host = LocalEngineHost.Build(hub, settings: settings, logs: logs);
            await host.StartAsync();
            return new VersionedHost(host, logs, deleteHubAtEnd);
        }

        public async Task<VersionReport> OutputAsync(string id, CancellationToken cancellation)
        {
            var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellation);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} ended {done.RuntimeStatus}: {done.FailureDetails}");
            return done.ReadOutputAs<VersionReport>()!;
        }

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync(CancellationToken.None);
            if (_deleteHub)
            {
                await _host.Services.GetRequiredService<AzureStorageOrchestrationService>().DeleteAsync();
            }

            _host.Dispose();
        }
    }

    internal sealed record LogEntry(string Category, string Name, string Message);

    internal sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public async Task WaitForAsync(Func<LogEntry, bool> match, CancellationToken cancellation)
        {
            while (!_entries.Any(match))
            {
                await Task.Delay(100, cancellation);
            }
        }

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, eventId.Name ?? string.Empty, formatter(state, exception)));
        }
    }
}
