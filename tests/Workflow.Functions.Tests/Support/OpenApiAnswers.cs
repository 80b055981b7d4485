using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Workflow.Functions.Platform;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Checks a real answer against what the OpenAPI document says the operation answers: its status is declared (or is a
/// 4xx problem), its media type is declared for that status, and its JSON body validates against the schema made
/// from the C# types. A type changed without its declaration, or a body written from another type, fails here.
/// </summary>
public static class OpenApiAnswers
{
    private static readonly Lazy<JsonObject> Document = new(() => (JsonObject)JsonNode.Parse(OpenApiDocument.Text)!);

    public static JsonObject Operation(string operationId) =>
        Document.Value["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value!.AsObject()))
            .SingleOrDefault(o => o["operationId"]!.GetValue<string>() == operationId)
        ?? throw new Xunit.Sdk.XunitException($"The OpenAPI document has no operation {operationId}.");

    public static void AssertMatches(string operationId, HttpAnswer answer)
    {
        var responses = Operation(operationId)["responses"]!.AsObject();
        var response = responses[answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? (answer.Status is >= 400 and < 500 ? responses["4XX"] : null)
            ?? throw new Xunit.Sdk.XunitException($"{operationId} answered {answer.Status}, which its OpenAPI description does not declare.");
        if (response["$ref"]?.GetValue<string>() is { } reference)
        {
            response = Document.Value["components"]!["responses"]![reference.Split('/').Last()]!;
        }

        var mediaType = answer.ContentType?.Split(';')[0].Trim();
        var content = response["content"]?.AsObject();
        if (content is null)
        {
            Assert.True(answer.Body.Length == 0, $"{operationId} answered {answer.Status} with a body its description does not declare: {answer.Body}");
            return;
        }

        var media = (mediaType is null ? null : content[mediaType])
            ?? throw new Xunit.Sdk.XunitException($"{operationId} answered {answer.Status} as {mediaType}; declared: {string.Join(", ", content.Select(c => c.Key))}.");
        if (mediaType is not ("application/json" or "application/problem+json"))
        {
            return;
        }

        var errors = Validate(media["schema"]!, answer.Body);
        Assert.True(errors.Count == 0,
            $"{operationId}'s {answer.Status} answer does not match its schema:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}{Environment.NewLine}{answer.Body}");
    }

    /// <summary>The schema with the document's components beside it as $defs, so that its references resolve.</summary>
    public static IReadOnlyList<string> Validate(JsonNode schema, string json)
    {
        var text = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = Document.Value["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        }.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var built = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://answers.workflow.test/{Guid.NewGuid():N}"));
        using var body = JsonDocument.Parse(json);
        var results = built.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}").ToList();
    }
}
