using System.Text.Json.Nodes;
using Workflow.Functions.Http;
using Workflow.Functions.Platform;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Platform;

/// <summary>The OpenAPI document describes every API function from its own attributes and types.</summary>
public sealed class OpenApiDocumentTests
{
    private static JsonObject Document => (JsonObject)JsonNode.Parse(OpenApiDocument.Text)!;

    [Fact]
    public void Every_api_function_declares_a_japanese_summary_and_what_it_answers()
    {
        var functions = OpenApiDocument.Functions().ToList();
        Assert.True(functions.Count >= 70, $"expected the app's API functions, found {functions.Count}");
        var lacking = functions
            .Where(f => f.Method.GetCustomAttributes(typeof(ApiOperationAttribute), false) is not [ApiOperationAttribute { Summary.Length: > 0 } operation]
                || !System.Text.RegularExpressions.Regex.IsMatch(operation.Summary, @"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")
                || !f.Method.GetCustomAttributes(typeof(ApiResponseAttribute), false).Cast<ApiResponseAttribute>().Any(r => r.Status is >= 200 and < 300))
            .Select(f => f.Function.Name)
            .ToList();
        Assert.True(lacking.Count == 0, "API functions without a Japanese [ApiOperation] summary or a 2xx [ApiResponse]: " + string.Join(", ", lacking));
    }

    [Fact]
    public void Every_operation_has_a_summary_a_success_with_its_content_and_the_shared_problem_for_4xx()
    {
        var operations = Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Verb: o.Key, Operation: o.Value!.AsObject()))).ToList();
        Assert.Equal(OpenApiDocument.Functions().Sum(f => f.Trigger.Methods?.Length ?? 1), operations.Count);
        foreach (var (path, verb, operation) in operations)
        {
            var name = $"{verb} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), name);
            var responses = operation["responses"]!.AsObject();
            Assert.Equal("#/components/responses/Problem", responses["4XX"]?["$ref"]?.GetValue<string>());
            var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
            Assert.NotEmpty(successes);
            Assert.All(successes, s => Assert.True(s.Value!["content"] is JsonObject { Count: > 0 } content && content.All(c => c.Value!["schema"] is not null),
                $"{name} {s.Key} has no content with a schema"));
        }

        var problem = Document["components"]!["responses"]!["Problem"]!["content"]!["application/problem+json"]!["schema"]!;
        Assert.Equal("#/components/schemas/Problem", problem["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void Every_reference_names_a_component_and_every_component_is_used()
    {
        var document = Document;
        var references = new List<string>();
        Collect(document, references);
        var components = document["components"]!.AsObject()
            .Where(k => k.Key != "securitySchemes")
            .SelectMany(k => k.Value!.AsObject().Select(c => $"#/components/{k.Key}/{c.Key}"))
            .ToHashSet();
        Assert.All(references, r => Assert.Contains(r, components));
        Assert.Empty(components.Except(references));
    }

    [Fact]
    public void The_application_form_is_described_as_multipart_with_its_json_part_and_the_resume_pdf()
    {
        var body = OpenApiAnswers.Operation(nameof(Functions.Apply.SubmitApplication))["requestBody"]!["content"]!["multipart/form-data"]!;
        Assert.Equal("#/components/schemas/ApplicationRequest", body["schema"]!["properties"]!["application"]!["$ref"]!.GetValue<string>());
        Assert.Equal("binary", body["schema"]!["properties"]!["resume"]!["format"]!.GetValue<string>());
        Assert.Equal("application/json", body["encoding"]!["application"]!["contentType"]!.GetValue<string>());
        Assert.Equal("application/pdf", body["encoding"]!["resume"]!["contentType"]!.GetValue<string>());
    }

    [Fact]
    public void A_property_left_out_when_null_is_not_required_and_counts_are_integers()
    {
        var problem = Document["components"]!["schemas"]!["Problem"]!;
        Assert.Equal(["type", "title", "status"], problem["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("integer", problem["properties"]!["status"]!["type"]!.GetValue<string>());
        Assert.Empty(OpenApiAnswers.Validate(problem, """{"type":"about:blank","title":"見つかりません。","status":404}"""));
        Assert.NotEmpty(OpenApiAnswers.Validate(problem, """{"type":"about:blank","status":"404"}"""));
    }

    /// <summary>
    /// The demo's and the benchmark's client is generated at build time from a committed copy of the document (a
    /// build of the demo needs no running app): it must be the document the app serves now.
    /// </summary>
    [Fact]
    public void The_document_the_client_is_generated_from_is_the_one_the_app_serves()
    {
        var committed = Path.Combine(Workflow.Testing.RepositoryRoot.Find(), "functions", "Workflow.Demo", "openapi.json");
        Assert.True(File.ReadAllText(committed) == OpenApiDocument.Text,
            "functions/Workflow.Demo/openapi.json is not the document the app serves: write it again with " +
            "`dotnet functions/Workflow.LocalHost/bin/Debug/net10.0/Workflow.LocalHost.dll openapi functions/Workflow.Demo/openapi.json`.");
    }

    [Fact]
    public async Task Health_answers_as_described()
    {
        var request = Requests.Request("GET");
        var answer = await Requests.ExecuteAsync(new Health().Run(request), request);
        OpenApiAnswers.AssertMatches(nameof(Health), answer);
    }

    private static void Collect(JsonNode? node, List<string> references)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref")
                    {
                        references.Add(value!.GetValue<string>());
                    }
                    else
                    {
                        Collect(value, references);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, references);
                }

                break;
        }
    }
}
