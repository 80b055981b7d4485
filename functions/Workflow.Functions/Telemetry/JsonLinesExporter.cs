using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;

namespace Workflow.Functions.Telemetry;

/// <summary>
/// Appends every span, log record and metric point to one file as JSON lines (<c>"signal"</c>: span, log or metric),
/// everything an exporter would send. Local only: for reading a round's trace without a collector, and for the tests
/// that look through all of it for personal data (ADR 0020).
/// </summary>
public sealed class JsonLinesFile(string path)
{
    private readonly Lock _gate = new();

    public string Path { get; } = path;

    public void Write(Action<Utf8JsonWriter> writeObject)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeObject(json);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            buffer.Position = 0;
            buffer.CopyTo(file);
        }
    }

    internal static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case string s:
                json.WriteString(name, s);
                break;
            case bool b:
                json.WriteBoolean(name, b);
                break;
            case int or long or short or byte:
                json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                json.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case System.Collections.IEnumerable items:
                json.WriteStartArray(name);
                foreach (var item in items)
                {
                    json.WriteStringValue(Convert.ToString(item, CultureInfo.InvariantCulture));
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    internal static void WriteTags(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in tags)
        {
            WriteValue(json, key, value);
        }

        json.WriteEndObject();
    }
}

public sealed class JsonLinesSpanExporter(JsonLinesFile file) : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var span in batch)
        {
            file.Write(json =>
            {
                json.WriteString("signal", "span");
                json.WriteString("traceId", span.TraceId.ToHexString());
                json.WriteString("spanId", span.SpanId.ToHexString());
                json.WriteString("parentSpanId", span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString());
                json.WriteString("name", span.DisplayName);
                json.WriteString("kind", span.Kind.ToString());
                json.WriteString("source", span.Source.Name);
                json.WriteString("start", span.StartTimeUtc.ToString("O", CultureInfo.InvariantCulture));
                json.WriteNumber("durationMs", span.Duration.TotalMilliseconds);
                json.WriteString("status", span.Status.ToString());
                json.WriteString("statusDescription", span.StatusDescription);
                JsonLinesFile.WriteTags(json, "tags", span.TagObjects);
                json.WriteStartArray("events");
                foreach (var e in span.Events)
                {
                    json.WriteStartObject();
                    json.WriteString("name", e.Name);
                    JsonLinesFile.WriteTags(json, "tags", e.Tags);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("links");
                foreach (var link in span.Links)
                {
                    json.WriteStartObject();
                    json.WriteString("traceId", link.Context.TraceId.ToHexString());
                    json.WriteString("spanId", link.Context.SpanId.ToHexString());
                    JsonLinesFile.WriteTags(json, "tags", link.Tags ?? []);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            });
        }

        return ExportResult.Success;
    }
}

public sealed class JsonLinesLogExporter(JsonLinesFile file) : BaseExporter<LogRecord>
{
    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        foreach (var record in batch)
        {
            file.Write(json =>
            {
                json.WriteString("signal", "log");
                json.WriteString("timestamp", record.Timestamp.ToString("O", CultureInfo.InvariantCulture));
                json.WriteString("category", record.CategoryName);
                json.WriteString("level", record.LogLevel.ToString());
                json.WriteString("eventName", record.EventId.Name);
                json.WriteString("body", record.Body);
                json.WriteString("formattedMessage", record.FormattedMessage);
                json.WriteString("traceId", record.TraceId == default ? null : record.TraceId.ToHexString());
                json.WriteString("spanId", record.SpanId == default ? null : record.SpanId.ToHexString());
                JsonLinesFile.WriteTags(json, "attributes", record.Attributes ?? []);
                json.WriteString("exception", record.Exception?.ToString());
            });
        }

        return ExportResult.Success;
    }
}

public sealed class JsonLinesMetricExporter(JsonLinesFile file) : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new List<KeyValuePair<string, object?>>();
                foreach (var tag in point.Tags)
                {
                    tags.Add(tag);
                }

                var p = point;
                file.Write(json =>
                {
                    json.WriteString("signal", "metric");
                    json.WriteString("name", metric.Name);
                    json.WriteString("meter", metric.MeterName);
                    json.WriteString("unit", metric.Unit);
                    json.WriteString("type", metric.MetricType.ToString());
                    JsonLinesFile.WriteTags(json, "tags", tags);
                    switch (metric.MetricType)
                    {
                        case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                            json.WriteNumber("value", p.GetSumLong());
                            break;
                        case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                            json.WriteNumber("value", p.GetSumDouble());
                            break;
                        case MetricType.LongGauge:
                            json.WriteNumber("value", p.GetGaugeLastValueLong());
                            break;
                        case MetricType.DoubleGauge:
                            json.WriteNumber("value", p.GetGaugeLastValueDouble());
                            break;
                        case MetricType.Histogram:
                            json.WriteNumber("count", p.GetHistogramCount());
                            json.WriteNumber("sum", p.GetHistogramSum());
                            break;
                    }
                });
            }
        }

        return ExportResult.Success;
    }
}
