using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Audit;

/// <summary>One line of the auditor's timeline: an orchestration event or a business log entry.</summary>
/// <param name="Key">Where it is stored: the business log's row key (as the log's verification names rows), or the
/// orchestration's history row (instance/row). Two events of one instance can share their time, type and name (a
/// fan-out scheduled within the clock's resolution); the key tells them apart.</param>
public sealed record TimelineEntry(
    DateTimeOffset At,
    string Source,
    string Key,
    string? InstanceId,
    string? EventType,
    string? Name,
    string? Actor,
    string? Action,
    string? Subject,
    string? Detail);

/// <param name="Continuation">Pass it back for the next page; null on the last page. The timeline is not counted: at
/// tens of thousands of entries that would mean reading it all for every page.</param>
public sealed record RoundHistory(string RoundId, IReadOnlyList<string> Instances, IReadOnlyList<TimelineEntry> Items, string? Continuation);

/// <summary>
/// Auditors read a round's orchestration history (the round's and every orchestration it started) beside the
/// business log, in time order, a page at a time; each page reads only from where the last one ended.
/// </summary>
public sealed class GetRoundHistory(AccessGate access, RoundStore rounds, OrchestrationHistoryReader history, BusinessLog log)
{
    [Function(nameof(GetRoundHistory))]
    [ApiOperation("オーケストレーションの履歴と業務ログ")]
    [ApiResponse(200, typeof(RoundHistory))]
    [ApiQuery("pageSize", "1ページの件数（既定 500、最大 5000）", Type = typeof(int))]
    [ApiQuery("continuation", "前のページが返した続きのトークン")]
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

        var errors = new List<FieldError>();
        var pageSize = QueryParameters.PageSize(request, 500, 5000, errors);
        var token = QueryParameters.Continuation(request, errors);
        var cursor = token is null ? null : TimelineCursor.Parse(token);
        if (token is not null && cursor is null)
        {
            errors.Add(QueryParameters.ContinuationError());
        }

        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        // A real page: the business log from the cursor on (its row keys are in time order), and the few orchestration
        // events from the cursor's instant on, merged; nothing before the cursor is read again.
        var prefix = RoundIds.InstanceId(roundId);
        var instances = history.ListInstancesAsync(prefix, cancellationToken);
        var events = history.ReadByPrefixAsync(prefix, cursor?.At, cancellationToken);
        var afterRowKey = cursor is null ? string.Empty : cursor.Source == TimelineCursor.Business ? cursor.Key : BusinessLog.AfterInstant(cursor.At);
        var (logged, moreLogged) = await log.ReadAfterAsync(roundId, afterRowKey, pageSize, cancellationToken);
        var candidates = logged
            .Select(b => (Cursor: new TimelineCursor(b.Entry.At, TimelineCursor.Business, b.RowKey),
                Entry: new TimelineEntry(b.Entry.At, TimelineCursor.Business, b.RowKey, null, null, null, b.Entry.Actor, b.Entry.Action, b.Entry.Subject, b.Entry.Detail)))
            .Concat((await events)
                .Select(e => (Cursor: new TimelineCursor(e.Timestamp, TimelineCursor.Orchestration, e.Key),
                    Entry: new TimelineEntry(e.Timestamp, TimelineCursor.Orchestration, e.Key, e.InstanceId, e.EventType, e.Name, null, null, null, null)))
                .Where(c => cursor is null || c.Cursor.CompareTo(cursor) > 0))
            .OrderBy(c => c.Cursor)
            .ToList();
        var page = candidates.Take(pageSize).ToList();
        var more = moreLogged || candidates.Count > pageSize;
        return ApiResults.Ok(new RoundHistory(roundId, await instances, page.Select(c => c.Entry).ToList(),
            more && page.Count > 0 ? page[^1].Cursor.ToToken() : null));
    }
}

/// <summary>
/// Where a page of the timeline ended: the last item's time, source and key. The timeline is ordered by these three,
/// so the next page starts right after it whatever was written since.
/// </summary>
public sealed record TimelineCursor(DateTimeOffset At, string Source, string Key) : IComparable<TimelineCursor>
{
    public const string Business = "business";
    public const string Orchestration = "orchestration";

    public int CompareTo(TimelineCursor? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byTime = At.UtcTicks.CompareTo(other.At.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var bySource = string.CompareOrdinal(Source, other.Source);
        return bySource != 0 ? bySource : string.CompareOrdinal(Key, other.Key);
    }

    public string ToToken() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{At.UtcTicks}|{Source}|{Key}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static TimelineCursor? Parse(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var parts = text.Split('|', 3);
            return parts.Length == 3
                   && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                   && ticks <= DateTimeOffset.MaxValue.UtcTicks
                   && parts[1] is Business or Orchestration
                ? new TimelineCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1], parts[2])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
