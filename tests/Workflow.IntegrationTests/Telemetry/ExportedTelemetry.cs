using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Workflow.IntegrationTests.Telemetry;

/// <summary>What a host exported to its JSON-lines file (Workflow:Telemetry:Exporter = File): spans, log records, metric points.</summary>
public sealed class ExportedTelemetry
{
    private ExportedTelemetry(List<JsonElement> lines) => Lines = lines;

    public IReadOnlyList<JsonElement> Lines { get; }

    public IEnumerable<Span> Spans => Lines.Where(l => Signal(l) == "span").Select(l => new Span(l));

    public IEnumerable<JsonElement> Logs => Lines.Where(l => Signal(l) == "log");

    public IEnumerable<JsonElement> MetricPoints => Lines.Where(l => Signal(l) == "metric");

    public static ExportedTelemetry Read(string path)
    {
        var lines = new List<JsonElement>();
        if (File.Exists(path))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                try
                {
                    lines.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
                catch (JsonException)
                {
                    // The last line may still be being written.
                }
            }
        }

        return new ExportedTelemetry(lines);
    }

    /// <summary>The latest cumulative value of a counter, summed over its tag sets that match <paramref name="where"/>.</summary>
    public double Sum(string metric, Func<JsonElement, bool>? where = null) => MetricPoints
        .Where(p => p.GetProperty("name").GetString() == metric && (where?.Invoke(p.GetProperty("tags")) ?? true))
        .GroupBy(p => p.GetProperty("tags").GetRawText())
        .Sum(g => g.Last().TryGetProperty("value", out var v) ? v.GetDouble() : g.Last().GetProperty("count").GetDouble());

    /// <summary>Every string in the export: values, names and keys, as the receiving end would read them (unescaped).</summary>
    public IEnumerable<string> EveryString() => Lines.SelectMany(Strings);

    private static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var s in Strings(property.Value))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var s in Strings(item))
                    {
                        yield return s;
                    }
                }

                break;
        }
    }

    private static string? Signal(JsonElement line) => line.GetProperty("signal").GetString();

    public sealed class Span(JsonElement json)
    {
        public string TraceId => json.GetProperty("traceId").GetString()!;

        public string SpanId => json.GetProperty("spanId").GetString()!;

        public string? ParentSpanId => json.GetProperty("parentSpanId").GetString();

        public string Name => json.GetProperty("name").GetString()!;

        public string Kind => json.GetProperty("kind").GetString()!;

        public DateTimeOffset Start => DateTimeOffset.Parse(json.GetProperty("start").GetString()!, CultureInfo.InvariantCulture);

        public string? Tag(string name) =>
            json.GetProperty("tags").TryGetProperty(name, out var value) ? value.ToString() : null;

        public override string ToString() => $"{Name} ({Kind}) {TraceId}/{SpanId}";
    }

    /// <summary>
    /// A trace as an indented tree of span names; siblings of the same name and kind are shown once with their count,
    /// their children merged, so that a round's shape fits on a page.
    /// </summary>
    public static string Tree(IReadOnlyCollection<Span> trace)
    {
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var children = trace.ToLookup(s => s.ParentSpanId is { } p && ids.Contains(p) ? p : null);
        var text = new StringBuilder();
        void Render(IEnumerable<Span> spans, int depth)
        {
            foreach (var group in spans.GroupBy(s => (s.Name, s.Kind)).OrderBy(g => g.Min(s => s.Start)))
            {
                var count = group.Count();
                text.Append(' ', depth * 2).Append(group.Key.Name).Append(" [").Append(group.Key.Kind).Append(']');
                if (count > 1)
                {
                    text.Append(" ×").Append(count);
                }

                text.AppendLine();
                Render(group.SelectMany(s => children[s.SpanId]), depth + 1);
            }
        }

        Render(children[null], 0);
        return text.ToString();
    }
}
