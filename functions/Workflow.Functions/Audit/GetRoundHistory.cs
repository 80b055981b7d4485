using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Audit;

/// <summary>One line of the auditor's timeline: an orchestration event or a business log entry.</summary>
public sealed record TimelineEntry(
    DateTimeOffset At,
    string Source,
    string? InstanceId,
    string? EventType,
    string? Name,
    string? Actor,
    string? Action,
    string? Subject,
    string? Detail);

public sealed record RoundHistory(string RoundId, IReadOnlyList<string> Instances, int Total, IReadOnlyList<TimelineEntry> Items, string? Continuation);

/// <summary>
/// Auditors read a round's orchestration history (the round's and every orchestration it started) beside the
/// business log, in time order, a page at a time.
/// </summary>
public sealed class GetRoundHistory(AccessGate access, RoundStore rounds, OrchestrationHistoryReader history, BusinessLog log)
{
    [Function(nameof(GetRoundHistory))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit/rounds/{roundId}/history")] HttpRequest request,
        string roundId)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(GetRoundHistory), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await rounds.GetAsync(roundId, cancellationToken) is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        var pageSize = int.TryParse(request.Query["pageSize"], out var size) ? size : 500;
        var offset = 0;
        if (pageSize is < 1 or > 5000 || (request.Query["continuation"].ToString() is { Length: > 0 } token && (!int.TryParse(token, out offset) || offset < 0)))
        {
            return ApiResults.Validation([new FieldError("pageSize", "pageSize は1〜5000、continuation は前のページが返した値を指定してください。")]);
        }

        var events = await history.ReadByPrefixAsync(RoundIds.InstanceId(roundId), cancellationToken);
        var entries = new List<TimelineEntry>(events.Count);
        entries.AddRange(events.Select(e => new TimelineEntry(e.Timestamp, "orchestration", e.InstanceId, e.EventType, e.Name, null, null, null, null)));
        string? next = null;
        do
        {
            var (page, continuation) = await log.ReadAsync(roundId, 1000, next, cancellationToken);
            entries.AddRange(page.Select(b => new TimelineEntry(b.At, "business", null, null, null, b.Actor, b.Action, b.Subject, b.Detail)));
            next = continuation;
        }
        while (next is not null);

        var ordered = entries.OrderBy(e => e.At).ThenBy(e => e.Source, StringComparer.Ordinal).ToList();
        var items = ordered.Skip(offset).Take(pageSize).ToList();
        var more = offset + items.Count < ordered.Count;
        return ApiResults.Ok(new RoundHistory(roundId, events.Select(e => e.InstanceId).Distinct().Order(StringComparer.Ordinal).ToList(), ordered.Count, items,
            more ? (offset + items.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }
}
