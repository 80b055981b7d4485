using Microsoft.AspNetCore.Http;

namespace Workflow.Functions.Http;

/// <summary>
/// What an API function takes: its one-line Japanese summary and its request body. The OpenAPI document
/// (<see cref="Platform.OpenApiDocument"/>) reads it beside the function's own trigger, so the description sits on the code it
/// describes; a test refuses an API function without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiOperationAttribute(string summary) : Attribute
{
    public string Summary { get; } = summary;

    /// <summary>The JSON body's type (read with <c>RequestBody.ReadJsonAsync</c>).</summary>
    public Type? Body { get; init; }

    /// <summary>The body may be left out (an empty body is not an error).</summary>
    public bool BodyOptional { get; init; }

    /// <summary>The function honours an Idempotency-Key header: a repeat gets the first answer.</summary>
    public bool Idempotent { get; init; }

    /// <summary>A file sent as the whole body, in one of these media types.</summary>
    public string[]? Upload { get; init; }

    /// <summary>
    /// A multipart/form-data body: a JSON part of type <see cref="Body"/> under this name, beside the file part
    /// <see cref="FilePart"/> of media type <see cref="FileType"/>.
    /// </summary>
    public string? JsonPart { get; init; }

    public string? FilePart { get; init; }

    public string? FileType { get; init; }
}

/// <summary>
/// One successful answer of an API function: its status and the type written as JSON (or, for a file, its media type).
/// Problems (4xx, application/problem+json) are described once for every operation.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int status, Type? type = null) : Attribute
{
    public int Status { get; } = status;

    public Type? Type { get; } = type;

    /// <summary>For files and text: the answer's media type (its body is then the file's bytes).</summary>
    public string? MediaType { get; init; }

    /// <summary>What this answer means, when it is more than its status says.</summary>
    public string? Description { get; init; }

    public static string DefaultDescription(int status) => status switch
    {
        StatusCodes.Status200OK => "成功",
        StatusCodes.Status201Created => "登録しました",
        StatusCodes.Status202Accepted => "受け付けました",
        StatusCodes.Status204NoContent => "成功（本文なし）",
        _ => "成功",
    };
}

/// <summary>A query parameter an API function reads.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiQueryAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>string unless said otherwise; an enum type gives the values the API accepts.</summary>
    public Type Type { get; init; } = typeof(string);
}
