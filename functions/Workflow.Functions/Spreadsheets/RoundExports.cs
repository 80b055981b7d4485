using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Workflow.Domain.Applications;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Spreadsheets;

/// <summary>What every export of one round does before it reads anything: who asks, in which format, and whether the round exists.</summary>
public sealed class RoundExports(AccessGate access, RoundStore rounds)
{
    /// <returns>The caller and the format, or the answer to give instead (401/403, 400 for the format, 404 for the round).</returns>
    public async Task<(Actor? Actor, TableFormat Format, IActionResult? Refused)> OpenAsync(HttpRequest request, string function, string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, function, AccessScope.Round(roundId));
        if (denied is not null)
        {
            return (null, default, denied);
        }

        var errors = new List<FieldError>();
        var format = TableDownloads.Format(request, errors);
        if (errors.Count > 0)
        {
            return (null, default, ApiResults.Validation(errors));
        }

        return await rounds.GetAsync(roundId, request.HttpContext.RequestAborted) is null
            ? (null, default, ApiResults.NotFound("公募ラウンド"))
            : (actor, format, null);
    }
}
