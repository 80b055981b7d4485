using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Demo;

/// <summary>
/// The API's JSON dialect (web defaults, camelCase enums): for the demo's report, for printing answers, and for the
/// demo's own requests that are not the API's shapes (the raw submission, the development sign-in).
/// </summary>
public static class DemoJson
{
    /// <summary>For requests and answers; nulls are left out like the API does.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false, skipNulls: true);

    /// <summary>For the report and for printing problem bodies: readable, Japanese not escaped, nulls kept.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true, skipNulls: false);

    private static JsonSerializerOptions Create(bool indented, bool skipNulls)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = skipNulls ? JsonIgnoreCondition.WhenWritingNull : JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}
