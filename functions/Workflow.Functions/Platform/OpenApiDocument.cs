using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Platform;

/// <summary>
/// An OpenAPI 3.1 description of every HTTP trigger under api/, built from the functions' own attributes — the trigger's
/// route and methods, <see cref="ApiOperationAttribute"/>, <see cref="ApiResponseAttribute"/> — and the access table, so
/// that it cannot drift from what is served. Schemas are made from the C# types themselves with the API's own
/// <see cref="Json.Options"/> (<see cref="JsonSchemaExporter"/>), each named type once under components. Operations are
/// tagged with their workflow step (the folder they live in).
/// </summary>
public sealed partial class OpenApiDocument
{
    public const string ProblemSchema = nameof(Http.Problem);

    private static readonly Lazy<string> Document = new(() => Build().ToJsonString(new JsonSerializerOptions(Json.Options) { WriteIndented = true }) + "\n");

    [Function(nameof(OpenApiDocument))]
    [ApiOperation("この API の OpenAPI 文書")]
    [ApiResponse(StatusCodes.Status200OK, typeof(JsonObject), Description = "OpenAPI 3.1 の文書")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest request) =>
        ApiResults.Bytes("application/json; charset=utf-8", Document.Value);

    /// <summary>The document as served (indented, ending in a newline): what the lint and the generated client read.</summary>
    public static string Text => Document.Value;

    /// <summary>Every API function: the method carrying [Function] and its HTTP trigger under api/.</summary>
    public static IEnumerable<(MethodInfo Method, FunctionAttribute Function, HttpTriggerAttribute Trigger)> Functions() =>
        typeof(OpenApiDocument).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(),
                Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            // The pages share the app but are not part of the API.
            .Where(f => f.Function is not null && f.Trigger?.Route is not null && f.Trigger.Route.StartsWith("api/", StringComparison.Ordinal))
            .Select(f => (f.Method, f.Function!, f.Trigger!))
            .OrderBy(f => f.Item2.Name, StringComparer.Ordinal);

    public static JsonObject Build()
    {
        var schemas = new SchemaComponents(Json.Options);
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (method, function, trigger) in Functions())
        {
            var operation = method.GetCustomAttribute<ApiOperationAttribute>()
                ?? throw new InvalidOperationException($"{function.Name} has no [ApiOperation]: every API function says what it does.");
            var responses = method.GetCustomAttributes<ApiResponseAttribute>().OrderBy(r => r.Status).ToList();
            if (responses.Count == 0)
            {
                throw new InvalidOperationException($"{function.Name} declares no [ApiResponse]: every API function says what it answers.");
            }

            var path = "/" + RouteConstraint().Replace(trigger.Route!, "{$1}");
            var item = paths.TryGetValue(path, out var existing) ? existing : paths[path] = [];
            var access = AccessTable.Routes.TryGetValue(function.Name, out var rule) ? rule : null;
            var tag = method.DeclaringType!.Namespace!.Split('.').Last();
            tags.Add(tag);
            foreach (var verb in trigger.Methods ?? ["get"])
            {
                var parameters = new JsonArray();
                foreach (Match m in RouteParameter().Matches(trigger.Route!))
                {
                    parameters.Add(new JsonObject
                    {
                        ["name"] = m.Groups[1].Value,
                        ["in"] = "path",
                        ["required"] = true,
                        ["schema"] = new JsonObject { ["type"] = "string" },
                    });
                }

                foreach (var query in method.GetCustomAttributes<ApiQueryAttribute>())
                {
                    parameters.Add(new JsonObject
                    {
                        ["name"] = query.Name,
                        ["in"] = "query",
                        ["required"] = false,
                        ["description"] = query.Description,
                        ["schema"] = schemas.For(query.Type),
                    });
                }

                if (operation.Idempotent)
                {
                    parameters.Add(new JsonObject
                    {
                        ["$ref"] = "#/components/parameters/IdempotencyKey",
                    });
                }

                var body = RequestBody(operation, schemas);
                var answers = new JsonObject();
                foreach (var status in responses.GroupBy(r => r.Status))
                {
                    answers[status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response([.. status], schemas);
                }

                answers["4XX"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" };
                var described = new JsonObject
                {
                    ["operationId"] = function.Name,
                    ["summary"] = operation.Summary,
                    ["description"] = access is null || access.Public
                        ? "公開（認証不要）"
                        : "利用できる役割: " + string.Join(", ", access.Roles.Select(ActorClaims.RoleValue)),
                    ["tags"] = new JsonArray(tag),
                    ["security"] = access is null || access.Public ? new JsonArray(new JsonObject())
                        : access.Roles.SequenceEqual([ActorRole.Applicant]) ? new JsonArray(new JsonObject { ["applicant"] = new JsonArray() })
                        : new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
                };
                if (parameters.Count > 0)
                {
                    described["parameters"] = parameters;
                }

                if (body is not null)
                {
                    described["requestBody"] = body;
                }

                described["responses"] = answers;
                item[verb.ToLowerInvariant()] = described;
            }
        }

        var problem = schemas.For(typeof(Problem));
        var components = new JsonObject
        {
            ["schemas"] = schemas.Components(),
            ["responses"] = new JsonObject
            {
                ["Problem"] = new JsonObject
                {
                    ["description"] = "誤り（RFC 9457 の application/problem+json）。title と detail は日本語、errors は項目ごとの誤り",
                    ["content"] = new JsonObject { [ApiResults.ProblemMediaType] = new JsonObject { ["schema"] = problem } },
                },
            },
            ["parameters"] = new JsonObject
            {
                ["IdempotencyKey"] = new JsonObject
                {
                    ["name"] = IdempotencyKey.Header,
                    ["in"] = "header",
                    ["required"] = false,
                    ["description"] = "同じ操作を繰り返し送るときのキー。同じキーの2回目以降は最初の応答を返し、記録は1回だけ。",
                    ["schema"] = new JsonObject { ["type"] = "string" },
                },
            },
            ["securitySchemes"] = new JsonObject
            {
                ["bearer"] = new JsonObject
                {
                    ["type"] = "http",
                    ["scheme"] = "bearer",
                    ["bearerFormat"] = "JWT",
                    ["description"] = "職員: Entra ID（ローカルでは ./workflow token）が発行する JWT。",
                },
                ["applicant"] = new JsonObject
                {
                    ["type"] = "apiKey",
                    ["in"] = "header",
                    ["name"] = AccessGate.ApplicantTokenHeader,
                    ["description"] = "応募者: 応募時に返されるアクセスキー（apt.…）。",
                },
            },
        };

        var pathsNode = new JsonObject();
        foreach (var (path, item) in paths)
        {
            pathsNode[path] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "自治体DX外部人材 確保支援 API",
                ["version"] = "1.0.0",
                ["description"] = "総務省の委託により、スキル標準に基づいて外部デジタル人材を公募・選定・研修し、人材リストを自治体に周知して任用につなげるための API。",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "この文書を返したホスト" }),
            ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["description"] = TagDescription(t) })]),
            ["paths"] = pathsNode,
            ["components"] = components,
        };
    }

    private static JsonObject? RequestBody(ApiOperationAttribute operation, SchemaComponents schemas)
    {
        JsonObject content;
        if (operation.JsonPart is not null)
        {
            if (operation.Body is null || operation.FilePart is null || operation.FileType is null)
            {
                throw new InvalidOperationException($"A multipart body names its JSON part's type, its file part and the file's media type ({operation.Summary}).");
            }

            content = new JsonObject
            {
                ["multipart/form-data"] = new JsonObject
                {
                    ["schema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray(operation.JsonPart, operation.FilePart),
                        ["properties"] = new JsonObject
                        {
                            [operation.JsonPart] = schemas.For(operation.Body),
                            [operation.FilePart] = new JsonObject { ["type"] = "string", ["format"] = "binary" },
                        },
                    },
                    ["encoding"] = new JsonObject
                    {
                        [operation.JsonPart] = new JsonObject { ["contentType"] = "application/json" },
                        [operation.FilePart] = new JsonObject { ["contentType"] = operation.FileType },
                    },
                },
            };
        }
        else if (operation.Upload is { Length: > 0 } types)
        {
            content = [];
            foreach (var type in types)
            {
                content[type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } };
            }
        }
        else if (operation.Body is not null)
        {
            content = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemas.For(operation.Body) } };
        }
        else
        {
            return null;
        }

        return new JsonObject { ["required"] = !operation.BodyOptional, ["content"] = content };
    }

    /// <summary>One status's answer; a file offered in several formats has one content entry per media type.</summary>
    private static JsonObject Response(IReadOnlyList<ApiResponseAttribute> answers, SchemaComponents schemas)
    {
        var described = new JsonObject { ["description"] = answers.Select(a => a.Description).FirstOrDefault(d => d is not null) ?? ApiResponseAttribute.DefaultDescription(answers[0].Status) };
        var content = new JsonObject();
        foreach (var answer in answers)
        {
            if (answer.MediaType is null && answer.Type is null)
            {
                continue;
            }

            content[answer.MediaType ?? "application/json"] = new JsonObject
            {
                ["schema"] = answer.Type is null ? new JsonObject { ["type"] = "string", ["format"] = "binary" } : schemas.For(answer.Type),
            };
        }

        if (content.Count > 0)
        {
            described["content"] = content;
        }

        return described;
    }

    private static string TagDescription(string tag) => tag switch
    {
        "Commission" => "① 委託: 公募ラウンドの作成、受託、期限の延長、中止",
        "Advertise" => "② 公募: 公募の公開と締切、公開中の公募とスキル標準",
        "Apply" => "③ 応募: 応募、応募状況、取下げ、個人情報の削除、アクセスキーの再発行",
        "Select" => "④ 選定: 応募一覧、選定委員会、利益相反の申告、採点、選定の決定",
        "Train" => "⑤ 研修: 出欠、研修の確定、修了証とその確認",
        "Publish" => "⑥ 掲載・周知: 人材リスト、掲載の範囲、自治体の登録と通知",
        "Appoint" => "⑦ 任用: 自治体のニーズ、連絡の依頼、任用の申込みと回答、特別交付税措置の証跡",
        "Rounds" => "公募ラウンドの一覧、状態、停止した処理の再実行",
        "Audit" => "監査: オーケストレーションの履歴、業務ログとその検証、応募者ごとの経過",
        "Notifications" => "通知メールの配信状況",
        "Waits" => "人の対応を待っている事項の一覧",
        "Platform" => "死活監視とこの文書",
        _ => throw new InvalidOperationException($"The API's folder {tag} has no description in the OpenAPI document: add one."),
    };

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>Route constraints ({session:int}) are the host's business; a path template names the parameter only.</summary>
    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex RouteConstraint();
}

/// <summary>
/// Named types as schema components: each C# record, class or enum of ours appears once under components/schemas and is
/// referred to elsewhere, so a client generator makes one class of each.
/// </summary>
internal sealed class SchemaComponents(JsonSerializerOptions options)
{
    private readonly SortedDictionary<string, JsonNode> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _named = new(StringComparer.Ordinal);

    public JsonObject Components()
    {
        var result = new JsonObject();
        foreach (var (name, schema) in _schemas)
        {
            result[name] = schema.DeepClone();
        }

        return result;
    }

    /// <summary>A reference to the type's component, or the inline schema of a type that has none (a list, a string).</summary>
    public JsonNode For(Type type)
    {
        var node = options.GetJsonSchemaAsNode(type, Exporter(type));
        return IsComponent(type) ? Reference(type) : node;
    }

    private JsonSchemaExporterOptions Exporter(Type root) => new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = (context, node) =>
        {
            AsWritten(node);
            var type = context.TypeInfo.Type;
            if (context.Path.IsEmpty && type == root)
            {
                return node;
            }

            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (!IsComponent(underlying))
            {
                return node;
            }

            var reference = Reference(underlying);
            return IsNullable(node) ? new JsonObject { ["oneOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
        },
    };

    /// <summary>
    /// The schema of what the API writes and a client should send. The web defaults also read a number from a string
    /// ("12"), which the exporter spells as string-or-integer with a pattern: a client would then get a union for every
    /// count. And a null is left out (<see cref="System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull"/>),
    /// so a property that may be null is never required.
    /// </summary>
    private static void AsWritten(JsonNode node)
    {
        if (node is not JsonObject o)
        {
            return;
        }

        if (o["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() is "integer" or "number") && types.Any(t => t?.GetValue<string>() == "string"))
        {
            var kept = types.Select(t => t!.GetValue<string>()).Where(t => t != "string").ToList();
            o["type"] = kept.Count == 1 ? JsonValue.Create(kept[0]) : new JsonArray([.. kept.Select(t => (JsonNode)JsonValue.Create(t))]);
            o.Remove("pattern");
        }

        // A client generator makes an enum only of values it knows to be strings.
        if (o["enum"] is JsonArray values && o["type"] is null && values.All(v => v is null || v.GetValueKind() == JsonValueKind.String))
        {
            o["type"] = values.Any(v => v is null) ? new JsonArray("string", "null") : "string";
        }

        if (o["required"] is JsonArray required && o["properties"] is JsonObject properties)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()).ToList())
            {
                if (properties[name] is { } property && IsNullable(property))
                {
                    required.Remove(required.First(r => r!.GetValue<string>() == name));
                }
            }

            if (required.Count == 0)
            {
                o.Remove("required");
            }
        }
    }

    private JsonObject Reference(Type type)
    {
        var name = NameOf(type);
        if (_named.TryGetValue(name, out var known))
        {
            if (known != type)
            {
                throw new InvalidOperationException($"Two types of the API are both named {name} ({known.FullName}, {type.FullName}): rename one.");
            }
        }
        else
        {
            _named[name] = type;
            _schemas[name] = new JsonObject();
            var schema = options.GetJsonSchemaAsNode(type, Exporter(type));
            if (schema.ToJsonString().Contains("\"$ref\":\"#/", StringComparison.Ordinal) && Regex.IsMatch(schema.ToJsonString(), "\"\\$ref\":\"#/(?!components/)"))
            {
                throw new InvalidOperationException($"{type.FullName} refers to itself in a way the document cannot name: {schema.ToJsonString()}");
            }

            _schemas[name] = schema;
        }

        return new JsonObject { ["$ref"] = "#/components/schemas/" + name };
    }

    private bool IsComponent(Type type)
    {
        if (type.Namespace?.StartsWith("Workflow.", StringComparison.Ordinal) != true)
        {
            return false;
        }

        return type.IsEnum || options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Object;
    }

    private static bool IsNullable(JsonNode node) =>
        node is JsonObject o && ((o["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
            || (o["enum"] is JsonArray values && values.Any(v => v is null))
            || (o["oneOf"] is JsonArray choices && choices.Any(c => c is JsonObject { Count: 1 } only && only["type"]?.GetValue<string>() == "null")));

    /// <summary>
    /// The type's own name; where two of our types share it (a view shaped for one step and another for another), each
    /// is named with its folder in front.
    /// </summary>
    private static string NameOf(Type type)
    {
        if (type.IsGenericType)
        {
            return type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(NameOf));
        }

        return SharedNames.Value.Contains(type.Name) ? type.Namespace!.Split('.').Last() + type.Name : type.Name;
    }

    private static readonly Lazy<HashSet<string>> SharedNames = new(() =>
        [.. new[] { typeof(SchemaComponents).Assembly, typeof(Workflow.Domain.Applications.FieldError).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsPublic)
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)]);
}
