using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Http;

/// <summary>
/// A document sent as the whole body (application/pdf), as the contract and a replaced résumé are: with its
/// Content-Length, within the route's limit, and a PDF by its type and first bytes (<see cref="ResumeRules"/>).
/// </summary>
public static class PdfBody
{
    /// <summary>The body in memory, at position 0; or the answer to give instead (413, or 400 naming <paramref name="field"/>).</summary>
    public static async Task<(MemoryStream? Pdf, IActionResult? Refused)> ReadAsync(HttpRequest request, BodyLimit limit, string field)
    {
        if (request.ContentLength is null || request.ContentLength > limit.Bytes)
        {
            return (null, ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, BodyLimits.Title, $"{limit.Detail}Content-Length を付けて送信してください。"));
        }

        var (body, tooLarge) = await RequestBody.ReadAllAsync(request);
        if (tooLarge is not null)
        {
            return (null, tooLarge);
        }

        var errors = ResumeRules.Validate(request.ContentType, body!.Length, body.GetBuffer().AsSpan(0, (int)Math.Min(8, body.Length)))
            .Select(e => e with { Field = field }).ToList();
        if (errors.Count > 0)
        {
            await body.DisposeAsync();
            return (null, ApiResults.Validation(errors));
        }

        body.Position = 0;
        return (body, null);
    }
}
