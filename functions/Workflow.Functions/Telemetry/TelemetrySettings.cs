using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Telemetry;

public enum TelemetryExporter
{
    /// <summary>Nothing is collected.</summary>
    None,

    /// <summary>Application Insights, with the app's managed identity (Azure).</summary>
    AzureMonitor,

    /// <summary>OTLP to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (a local collector, Jaeger, Aspire's dashboard).</summary>
    Otlp,

    /// <summary>The console, as text.</summary>
    Console,

    /// <summary>JSON lines in <see cref="SettingNames.TelemetryFile"/> (local reading and tests).</summary>
    File,
}

/// <param name="ConnectionString">Application Insights' connection string, for <see cref="TelemetryExporter.AzureMonitor"/>.</param>
/// <param name="ManagedIdentityClientId">The user-assigned identity that authenticates to Application Insights.</param>
public sealed record TelemetrySettings(TelemetryExporter Exporter, string? FilePath, string? ConnectionString, string? ManagedIdentityClientId)
{
    /// <summary>
    /// <see cref="SettingNames.TelemetryExporter"/> if set; otherwise Azure Monitor where Application Insights'
    /// connection string is set, OTLP where an OTLP endpoint is, and nothing elsewhere.
    /// </summary>
    public static TelemetrySettings FromConfiguration(IConfiguration configuration)
    {
        var connectionString = configuration[SettingNames.ApplicationInsightsConnectionString];
        var named = configuration[SettingNames.TelemetryExporter];
        TelemetryExporter exporter;
        if (!string.IsNullOrWhiteSpace(named))
        {
            if (!Enum.TryParse(named, ignoreCase: true, out exporter) || !Enum.IsDefined(exporter))
            {
                throw new InvalidOperationException(
                    $"{SettingNames.TelemetryExporter} is '{named}'; use one of {string.Join(", ", Enum.GetNames<TelemetryExporter>())}.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(connectionString))
        {
            exporter = TelemetryExporter.AzureMonitor;
        }
        else if (!string.IsNullOrWhiteSpace(configuration[SettingNames.OtlpEndpoint]))
        {
            exporter = TelemetryExporter.Otlp;
        }
        else
        {
            exporter = TelemetryExporter.None;
        }

        var file = configuration[SettingNames.TelemetryFile];
        if (exporter == TelemetryExporter.File && string.IsNullOrWhiteSpace(file))
        {
            throw new InvalidOperationException($"{SettingNames.TelemetryExporter} is File but {SettingNames.TelemetryFile} names no file.");
        }

        if (exporter == TelemetryExporter.AzureMonitor && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"{SettingNames.TelemetryExporter} is AzureMonitor but {SettingNames.ApplicationInsightsConnectionString} is not set.");
        }

        return new TelemetrySettings(exporter, file, connectionString, configuration[SettingNames.StorageClientId]);
    }
}
