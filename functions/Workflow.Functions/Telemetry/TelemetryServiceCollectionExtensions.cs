using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Workflow.Functions.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, for the Functions worker and the local host alike (ADR 0020): the
    /// app's own meter and source, the durable engine's and client's spans, every span about a round tagged with its
    /// id, and the exporter <see cref="TelemetrySettings"/> chooses. With no exporter nothing is registered.
    /// </summary>
    /// <param name="host">What only the calling host adds: the worker's defaults, or the local host's request spans.</param>
    public static IServiceCollection AddWorkflowTelemetry(
        this IServiceCollection services, IConfiguration configuration, Action<IOpenTelemetryBuilder>? host = null)
    {
        var settings = TelemetrySettings.FromConfiguration(configuration);
        if (settings.Exporter == TelemetryExporter.None)
        {
            return services;
        }

        var file = settings.Exporter == TelemetryExporter.File ? new JsonLinesFile(Path.GetFullPath(settings.FilePath!)) : null;
        TokenCredential? credential = settings.Exporter != TelemetryExporter.AzureMonitor
            ? null
            : settings.ManagedIdentityClientId is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential();
        void AzureMonitor(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = settings.ConnectionString;
            o.Credential = credential;
        }

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: "workflow", serviceVersion: typeof(WorkflowTelemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(WorkflowTelemetry.SourceName).AddSource(WorkflowTelemetry.DurableSources);

                // Before any exporter: a span gets its round id before it is sent.
                tracing.AddProcessor(new RoundTagProcessor());
                _ = settings.Exporter switch
                {
                    TelemetryExporter.AzureMonitor => tracing.AddAzureMonitorTraceExporter(AzureMonitor),
                    TelemetryExporter.Otlp => tracing.AddOtlpExporter(),
                    TelemetryExporter.Console => tracing.AddConsoleExporter(),
                    _ => tracing.AddProcessor(new SimpleActivityExportProcessor(new JsonLinesSpanExporter(file!))),
                };
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(WorkflowTelemetry.SourceName);
                _ = settings.Exporter switch
                {
                    TelemetryExporter.AzureMonitor => metrics.AddAzureMonitorMetricExporter(AzureMonitor),
                    TelemetryExporter.Otlp => metrics.AddOtlpExporter(),
                    TelemetryExporter.Console => metrics.AddConsoleExporter(),
                    _ => metrics.AddReader(new PeriodicExportingMetricReader(new JsonLinesMetricExporter(file!))),
                };
            })
            .WithLogging(logging =>
            {
                _ = settings.Exporter switch
                {
                    TelemetryExporter.AzureMonitor => logging.AddAzureMonitorLogExporter(AzureMonitor),
                    TelemetryExporter.Otlp => logging.AddOtlpExporter(),
                    TelemetryExporter.Console => logging.AddConsoleExporter(),
                    _ => logging.AddProcessor(new SimpleLogRecordExportProcessor(new JsonLinesLogExporter(file!))),
                };
            });
        host?.Invoke(builder);
        return services;
    }
}
