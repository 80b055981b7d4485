using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Http;

public static class RequestBody
{
    /// <summary>application/json, with or without parameters such as charset; not application/jsonp or the like.</summary>
    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The whole body, read within the route's limit (<see cref="BodyLimits"/>): past it, reading stops and the answer
    /// is 413, so at most the limit is ever held.
    /// </summary>
    public static async Task<(MemoryStream? Body, JsonBodyResult? Error)> ReadAllAsync(HttpRequest request)
    {
        BodyLimits.Ensure(request);
        var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (BodyLimits.IsTooLarge(e))
        {
            await buffer.DisposeAsync();
            return (null, BodyLimits.TooLarge(request));
        }

        buffer.Position = 0;
        return (buffer, null);
    }

    /// <summary>
    /// Reads a JSON body into <typeparamref name="T"/>, or says in Japanese what is wrong with it.
    /// An empty body counts as an error unless <paramref name="optional"/> is set.
    /// </summary>
    public static async Task<(T? Value, JsonBodyResult? Error)> ReadJsonAsync<T>(HttpRequest request, bool optional = false)
        where T : class
    {
        var (body, tooLarge) = await ReadAllAsync(request);
        if (tooLarge is not null)
        {
            return (null, tooLarge);
        }

        using var buffer = body!;
        if (buffer.Length == 0)
        {
            return optional ? (null, null) : (null, ApiResults.Validation([new FieldError("body", "リクエスト本文(JSON)がありません。")]));
        }

        if (request.ContentType is not { } type || !IsJson(type))
        {
            return (null, ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "application/json で送信してください。"));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), Json.Options);
            return value is null
                ? (null, ApiResults.Validation([new FieldError("body", "リクエスト本文(JSON)が空です。")]))
                : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, ApiResults.Validation([new FieldError(field, "JSONの形式または値の型が正しくありません。")]));
        }
    }
}
