using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Workflow.Functions.Configuration;
using Workflow.Functions.Telemetry;

namespace Workflow.Functions.Tests.Telemetry;

public sealed class TelemetrySettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/";

    [Fact]
    public void Nothing_is_exported_unless_something_says_where()
    {
        Assert.Equal(TelemetryExporter.None, TelemetrySettings.FromConfiguration(Config()).Exporter);
    }

    [Fact]
    public void Application_insights_connection_string_chooses_azure_monitor_with_the_apps_identity()
    {
        var settings = TelemetrySettings.FromConfiguration(Config(
            (SettingNames.ApplicationInsightsConnectionString, ConnectionString), (SettingNames.StorageClientId, "11111111-2222-3333-4444-555555555555")));

        Assert.Equal(TelemetryExporter.AzureMonitor, settings.Exporter);
        Assert.Equal("11111111-2222-3333-4444-555555555555", settings.ManagedIdentityClientId);
    }

    [Fact]
    public void An_otlp_endpoint_chooses_otlp_and_a_named_exporter_wins()
    {
        Assert.Equal(TelemetryExporter.Otlp, TelemetrySettings.FromConfiguration(Config((SettingNames.OtlpEndpoint, "http://127.0.0.1:4317"))).Exporter);
        Assert.Equal(TelemetryExporter.Console, TelemetrySettings.FromConfiguration(Config(
            (SettingNames.OtlpEndpoint, "http://127.0.0.1:4317"), (SettingNames.TelemetryExporter, "console"))).Exporter);
    }

    [Theory]
    [InlineData("Jaeger")]
    [InlineData("7")]
    public void An_unknown_exporter_stops_the_app(string name)
    {
        var e = Assert.Throws<InvalidOperationException>(() => TelemetrySettings.FromConfiguration(Config((SettingNames.TelemetryExporter, name))));
        Assert.Contains(SettingNames.TelemetryExporter, e.Message);
    }

    [Fact]
    public void A_file_exporter_needs_a_file_and_azure_monitor_a_connection_string()
    {
        Assert.Throws<InvalidOperationException>(() => TelemetrySettings.FromConfiguration(Config((SettingNames.TelemetryExporter, "File"))));
        Assert.Throws<InvalidOperationException>(() => TelemetrySettings.FromConfiguration(Config((SettingNames.TelemetryExporter, "AzureMonitor"))));
    }

    [Fact]
    public void With_no_exporter_no_provider_is_registered()
    {
        var services = new ServiceCollection().AddWorkflowTelemetry(Config());

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
    }

    [Fact]
    public void The_file_exporter_writes_the_durable_engines_spans_tagged_with_their_round_the_apps_metrics_and_logs()
    {
        var file = Path.Combine(Path.GetTempPath(), $"telemetry-{Guid.NewGuid():N}.jsonl");
        var services = new ServiceCollection()
            .AddLogging()
            .AddWorkflowTelemetry(Config((SettingNames.TelemetryExporter, "File"), (SettingNames.TelemetryFile, file)));
        using (var provider = services.BuildServiceProvider())
        {
            var tracer = provider.GetRequiredService<TracerProvider>();
            var meter = provider.GetRequiredService<MeterProvider>();
            using var engine = new ActivitySource("DurableTask.Core");
            using (var activity = engine.StartActivity("activity:SetRoundState", ActivityKind.Server))
            {
                activity!.SetTag("durabletask.task.instance_id", "round-R2026-f11e0000");
                provider.GetRequiredService<ILogger<TelemetrySettingsTests>>().LogInformation("Round {RoundId} moved", "R2026-f11e0000");
            }

            WorkflowTelemetry.StepDuration.Record(1.5, new KeyValuePair<string, object?>(WorkflowTelemetry.RoundIdTag, "R2026-f11e0000"), new(WorkflowTelemetry.StepTag, "Apply"));
            meter.ForceFlush();
            tracer.ForceFlush();
        }

        var lines = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        File.Delete(file);
        // Other tests run spans of the same source meanwhile: this one is known by its round.
        var span = Assert.Single(lines, l => l.GetProperty("signal").GetString() == "span"
            && l.GetProperty("tags").TryGetProperty(WorkflowTelemetry.RoundIdTag, out var round) && round.GetString() == "R2026-f11e0000");
        Assert.Equal("activity:SetRoundState", span.GetProperty("name").GetString());
        var log = Assert.Single(lines, l => l.GetProperty("signal").GetString() == "log" && l.GetProperty("body").GetString() == "Round {RoundId} moved");
        Assert.Equal(span.GetProperty("traceId").GetString(), log.GetProperty("traceId").GetString());
        Assert.Contains(lines, l => l.GetProperty("signal").GetString() == "metric" && l.GetProperty("name").GetString() == "workflow.round.step.duration"
            && l.GetProperty("tags").GetProperty(WorkflowTelemetry.StepTag).GetString() == "Apply" && l.GetProperty("sum").GetDouble() >= 1.5);
    }
}
