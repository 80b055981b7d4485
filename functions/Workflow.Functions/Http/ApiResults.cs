using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Http;

/// <summary>
/// Results that write themselves to the response, so they behave the same under the Functions host and the
/// local host without depending on MVC's formatters being registered.
/// </summary>
public sealed class JsonBodyResult(int statusCode, object? body, string contentType = "application/json; charset=utf-8") : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public object? Body { get; } = body;

    public string ContentType { get; } = contentType;

    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (Body is null)
        {
            return;
        }

        response.ContentType = ContentType;
        var bytes = Body is string text ? Encoding.UTF8.GetBytes(text) : JsonSerializer.SerializeToUtf8Bytes(Body, Body.GetType(), Json.Options);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
    }
}

/// <summary>A PDF download. The file name is ours (an id), never one a client sent.</summary>
public sealed class PdfResult(byte[] content, string fileName) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => new DownloadResult(content, "application/pdf", fileName).ExecuteResultAsync(context);
}

/// <summary>
/// A file to save: its bytes, type and name. The name goes both as an ASCII fallback and as RFC 6266's UTF-8
/// <c>filename*</c>, so that a Japanese name arrives as written.
/// </summary>
public sealed class DownloadResult(byte[] content, string contentType, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        var ascii = string.Concat(fileName.Select(c => char.IsAscii(c) && c is not ('"' or '\\') && !char.IsControl(c) ? c : '_'));
        response.Headers.ContentDisposition = ascii == fileName
            ? $"attachment; filename=\"{fileName}\""
            : $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, context.HttpContext.RequestAborted);
    }
}

/// <summary>
/// An RFC 9457 problem document; <see cref="Errors"/> names each bad field, in Japanese. The type is about:blank:
/// the status code and the title say what happened, and there are no problem-type pages to point at.
/// </summary>
public sealed record Problem(string Type, string Title, int Status, string? Detail, IReadOnlyDictionary<string, string[]>? Errors);

public static class ApiResults
{
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    public const string ProblemMediaType = "application/problem+json";

    public static JsonBodyResult Ok(object body) => new(StatusCodes.Status200OK, body);

    public static JsonBodyResult Created(string location, object body)
    {
        var result = new JsonBodyResult(StatusCodes.Status201Created, body);
        result.Headers["Location"] = location;
        return result;
    }

    public static JsonBodyResult Accepted(object body) => new(StatusCodes.Status202Accepted, body);

    public static JsonBodyResult Bytes(string contentType, string text) => new(StatusCodes.Status200OK, text, contentType);

    public static JsonBodyResult Problem(int status, string title, string? detail = null, IEnumerable<FieldError>? errors = null)
    {
        var grouped = errors?
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return new JsonBodyResult(status, new Problem("about:blank", title, status, detail, grouped is { Count: > 0 } ? grouped : null), ProblemContentType);
    }

    public static JsonBodyResult Validation(IEnumerable<FieldError> errors, string? detail = null) =>
        Problem(StatusCodes.Status400BadRequest, "入力内容に誤りがあります。", detail ?? "各項目のメッセージを確認して、入力し直してください。", errors);

    public static JsonBodyResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, $"{what}が見つかりません。");

    public static JsonBodyResult Conflict(string title, string? detail = null, IEnumerable<FieldError>? errors = null) =>
        Problem(StatusCodes.Status409Conflict, title, detail, errors);

    /// <summary>A conditional write kept losing to other writers on the same record: nothing was written; try again.</summary>
    public static JsonBodyResult ChangedMeanwhile(string what) =>
        Conflict($"{what}が他の操作と同時に更新されました。", "何も記録していません。もう一度お試しください。");

    /// <summary>What was once there and has been removed for good (a replay of a withdrawn application, say).</summary>
    public static JsonBodyResult Gone(string title, string? detail = null) =>
        Problem(StatusCodes.Status410Gone, title, detail);
}
