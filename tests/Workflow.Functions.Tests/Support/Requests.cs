using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Workflow.Functions.Http;

namespace Workflow.Functions.Tests.Support;

/// <summary>What a trigger's result wrote to the response, read back the way a client would.</summary>
public sealed record HttpAnswer(int Status, string? ContentType, IHeaderDictionary Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The body as sent, for files (a PDF, a workbook, CSV with its byte order mark).</summary>
    public byte[] Bytes { get; init; } = [];

    public bool IsProblem => ContentType is not null && ContentType.StartsWith("application/problem+json", StringComparison.Ordinal);

    /// <summary>The Japanese messages a problem document gives for one field; empty when the field is not named.</summary>
    public IReadOnlyList<string> ErrorsFor(string field) =>
        Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(m => m.GetString()!).ToList()
            : [];

    public IReadOnlyList<string> ErrorFields =>
        Json.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];
}

public static class Requests
{
    public static HttpRequest Request(string method, string? actor = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Response.Body = new MemoryStream();
        if (actor is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + TestSignIn.TokenFor(actor);
        }

        return context.Request;
    }

    public static HttpRequest Json(string method, string? actor, string? json, string contentType = "application/json")
    {
        var request = Request(method, actor);
        var bytes = Encoding.UTF8.GetBytes(json ?? string.Empty);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        if (json is not null)
        {
            request.ContentType = contentType;
        }

        return request;
    }

    public static HttpRequest JsonOf(string method, string? actor, object body) =>
        Json(method, actor, JsonSerializer.Serialize(body, Functions.Http.Json.Options));

    /// <summary>A real multipart body, so the trigger's own form parsing is exercised.</summary>
    public static async Task<HttpRequest> MultipartAsync(string? applicationJson, byte[]? resume, string resumeType = "application/pdf")
    {
        using var content = new MultipartFormDataContent("----workflow-test-boundary");
        if (applicationJson is not null)
        {
            content.Add(new StringContent(applicationJson, Encoding.UTF8, "application/json"), "application");
        }

        if (resume is not null)
        {
            var file = new ByteArrayContent(resume);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(resumeType);
            content.Add(file, "resume", "resume.pdf");
        }

        return await ContentAsync(content);
    }

    /// <summary>A request carrying <paramref name="content"/> as its body, as a client sends it.</summary>
    public static async Task<HttpRequest> ContentAsync(HttpContent content, string method = "POST")
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer);
        buffer.Position = 0;
        var request = Request(method);
        request.Body = buffer;
        request.ContentType = content.Headers.ContentType!.ToString();
        request.ContentLength = buffer.Length;
        return request;
    }

    public static async Task<HttpAnswer> ExecuteAsync(IActionResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var body = (MemoryStream)context.Response.Body;
        return new HttpAnswer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, Encoding.UTF8.GetString(body.ToArray()))
        {
            Bytes = body.ToArray(),
        };
    }
}
