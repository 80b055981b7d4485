using System.Text.Json;
using Workflow.Functions.Http;

namespace Workflow.LocalHost.Http;

/// <summary>
/// An unexpected failure answers with a problem document and a trace id, never a stack trace, as the
/// Functions host does not show one either.
/// </summary>
public sealed class ProblemExceptionMiddleware(RequestDelegate next, ILogger<ProblemExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Unhandled error in {Path}", context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = ApiResults.ProblemContentType;
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                type = "about:blank",
                title = "サーバーで問題が発生しました。",
                status = 500,
                detail = "時間をおいて再度お試しください。解決しない場合は問い合わせ先に次の番号をお伝えください。",
                traceId = context.TraceIdentifier,
            }, Json.Options));
        }
    }
}
