using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Http;

public static class RequestBody
{
    public const int MaxJsonBytes = 256 * 1024;

    /// <summary>application/json, with or without parameters such as charset; not application/jsonp or the like.</summary>
    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads a JSON body into <typeparamref name="T"/>, or says in Japanese what is wrong with it.
    /// An empty body counts as an error unless <paramref name="optional"/> is set.
    /// </summary>
    public static async Task<(T? Value, JsonBodyResult? Error)> ReadJsonAsync<T>(HttpRequest request, bool optional = false)
        where T : class
    {
        if (request.ContentLength > MaxJsonBytes)
        {
            return (null, ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "リクエストが大きすぎます。", "256KB以下にしてください。"));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxJsonBytes)
        {
            return (null, ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "リクエストが大きすぎます。", "256KB以下にしてください。"));
        }

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
