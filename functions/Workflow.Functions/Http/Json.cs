using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Functions.Http;

/// <summary>The one JSON dialect of the API: camelCase, enums as camelCase strings, Japanese left unescaped.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// For what the durable engine serialized with its own converter (custom status, outputs): property names in
    /// any case, enums as numbers or names.
    /// </summary>
    public static JsonSerializerOptions Durable { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

            // {"email":"a@x","email":"b@y"} would otherwise mean whatever came last: refuse it as malformed.
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));

        // Fixed now with the default (reflection) resolver it would get on first use anyway, so that the OpenAPI
        // document's schemas can be made from these very options (JsonSchemaExporter needs the resolver set).
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
