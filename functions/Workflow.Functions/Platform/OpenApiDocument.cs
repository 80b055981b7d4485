using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Platform;

/// <summary>
/// An OpenAPI 3.0 description of every HTTP trigger, built from the functions' own attributes so that it cannot
/// drift from what is served. Operations are tagged with their workflow step (the folder they live in).
/// </summary>
public sealed partial class OpenApiDocument
{
    private static readonly Lazy<object> Document = new(Build);

    [Function(nameof(OpenApiDocument))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest request) =>
        ApiResults.Ok(Document.Value);

    private static object Build()
    {
        var paths = new SortedDictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        foreach (var method in typeof(OpenApiDocument).Assembly.GetTypes().SelectMany(t => t.GetMethods()))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            // The pages share the app but are not part of the API.
            if (function is null || trigger?.Route is null || !trigger.Route.StartsWith("api/", StringComparison.Ordinal))
            {
                continue;
            }

            var path = "/" + trigger.Route;
            var operations = paths.TryGetValue(path, out var existing) ? existing : paths[path] = [];
            var parameters = RouteParameter().Matches(trigger.Route).Select(m => (object)new
            {
                name = m.Groups[1].Value,
                @in = "path",
                required = true,
                schema = new { type = "string" },
            }).ToList();
            var access = AccessTable.Routes.TryGetValue(function.Name, out var rule) ? rule : null;
            foreach (var verb in trigger.Methods ?? ["get"])
            {
                operations[verb.ToLowerInvariant()] = new
                {
                    operationId = function.Name,
                    tags = new[] { method.DeclaringType!.Namespace!.Split('.').Last() },
                    parameters,
                    security = access is null || access.Public ? []
                        : access.Roles.SequenceEqual([ActorRole.Applicant]) ? new[] { new Dictionary<string, string[]> { ["applicant"] = [] } }
                        : new[] { new Dictionary<string, string[]> { ["bearer"] = [] } },
                    description = access is null || access.Public
                        ? "公開（認証不要）"
                        : "利用できる役割: " + string.Join(", ", access.Roles.Select(ActorClaims.RoleValue)),
                    responses = new Dictionary<string, object>
                    {
                        ["200"] = new { description = "OK" },
                        ["4XX"] = new { description = "application/problem+json (RFC 9457), 日本語のメッセージ、errors に項目ごとの誤り" },
                    },
                };
            }
        }

        return new
        {
            openapi = "3.0.3",
            info = new
            {
                title = "自治体DX外部人材 確保支援 API",
                version = "1.0.0",
                description = "総務省の委託により、スキル標準に基づいて外部デジタル人材を公募・選定・研修し、人材リストを自治体に周知して任用につなげるための API。",
            },
            paths,
            components = new
            {
                securitySchemes = new
                {
                    bearer = new
                    {
                        type = "http",
                        scheme = "bearer",
                        description = "職員: Entra ID（ローカルでは ./workflow token）が発行する JWT。",
                    },
                    applicant = new
                    {
                        type = "apiKey",
                        @in = "header",
                        name = AccessGate.ApplicantTokenHeader,
                        description = "応募者: 応募時に返されるアクセスキー（apt.…）。",
                    },
                },
            },
        };
    }

    [GeneratedRegex(@"\{([^}:]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
