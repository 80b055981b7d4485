using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Configuration;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Apply;

/// <summary>Erasure cases, one partition per round, one row per application: ids and times only.</summary>
public sealed class ErasureCaseStore(WorkflowStorage storage)
{
    /// <summary>Adds the cases not yet there; a case already proposed, approved or carried out stays as it is.</summary>
    public async Task<int> ProposeAsync(IReadOnlyList<ErasureCase> cases, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Erasures);
        var added = 0;
        foreach (var erasure in cases)
        {
            try
            {
                await table.AddEntityAsync(ToEntity(erasure), cancellationToken);
                added++;
            }
            catch (RequestFailedException e) when (TableBatches.IsConflict(e))
            {
            }
        }

        return added;
    }

    public async Task<IReadOnlyList<(ErasureCase Case, ETag ETag)>> ListAsync(string? roundId = null, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Erasures);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, roundId is null ? string.Empty : TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"),
            cancellationToken: cancellationToken);
        return [.. rows.Select(r => (JsonSerializer.Deserialize<ErasureCase>(r.GetString("CaseJson")!, Json.Options)!, r.ETag))];
    }

    /// <summary>Writes the case's new state if the row is still as read; false when someone changed it meanwhile.</summary>
    public async Task<bool> RecordAsync(ErasureCase next, ETag read, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Erasures);
        try
        {
            await table.UpdateEntityAsync(ToEntity(next), read, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ErasureCase erasure) => new(erasure.RoundId, erasure.ApplicationId)
    {
        ["State"] = erasure.State.ToString(),
        ["CaseJson"] = JsonSerializer.Serialize(erasure, Json.Options),
    };
}

/// <summary>What one scheduled run did.</summary>
public sealed record ErasureRun(int Proposed, int Erased, int Deferred);

/// <summary>
/// Erasure after the retention period, in two steps with the ministry between them: the schedule lists everyone whose
/// round's period is over (<see cref="ProposeDueAsync"/>); the ministry approves a round's list (recorded: who, when);
/// the next scheduled run erases what was approved (<see cref="EraseApprovedAsync"/>). Nothing is erased that nobody
/// approved, and the approval is in the business log before anything goes.
/// </summary>
public sealed class RetentionErasures(RoundStore rounds, ApplicationStore applications, ErasureCaseStore cases, ApplicantErasure erasure, RetentionSettings retention,
    TimeProvider clock, ILogger<RetentionErasures> logger)
{
    public DateTimeOffset ErasableFrom(RoundRecord round) =>
        PersonalDataRetention.ErasableFrom(round.Schedule, round.StateTimes.TryGetValue(RoundState.Completed, out var completed) ? completed : null, retention.Period);

    public async Task<int> ProposeDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var proposed = 0;
        foreach (var round in await rounds.ListAsync(cancellationToken))
        {
            var from = ErasableFrom(round);
            if (now < from)
            {
                continue;
            }

            var ids = await applications.ForPanelOverviewAsync(round.RoundId, cancellationToken);
            proposed += await cases.ProposeAsync([.. ids.Select(a => new ErasureCase(round.RoundId, a.RowKey, ErasureState.Proposed, from, now))], cancellationToken);
        }

        return proposed;
    }

    /// <summary>
    /// Erases every approved case whose period is over, as the ministry member who approved it. A person whose
    /// appointment orchestration still runs waits for the next run; one already gone is recorded as erased.
    /// </summary>
    public async Task<(int Erased, int Deferred)> EraseApprovedAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var (erased, deferred) = (0, 0);
        foreach (var (approved, etag) in (await cases.ListAsync(cancellationToken: cancellationToken)).Where(c => c.Case.IsDue(now)))
        {
            var outcome = await erasure.EraseAsync(approved.ApplicationId, client, approved.ApprovedBy!, ErasureReason.RetentionPeriodEnded, cancellationToken);
            if (outcome == ErasureOutcome.AppointmentStillRunning)
            {
                deferred++;
                continue;
            }

            // The erasure is idempotent; a lost write of the state only means the next run erases nothing again.
            if (await cases.RecordAsync(approved.Erased(clock.GetUtcNow()), etag, cancellationToken))
            {
                erased++;
            }
        }

        if (deferred > 0)
        {
            logger.LogInformation("{Count} approved erasures wait for appointments still running", deferred);
        }

        return (erased, deferred);
    }
}

/// <summary>
/// The schedule of erasure after the retention period (<see cref="SettingNames.ErasureSchedule"/>): proposes who is due,
/// and erases what the ministry approved.
/// </summary>
public sealed class EraseAfterRetention(RetentionErasures erasures, ILogger<EraseAfterRetention> logger)
{
    [Function(nameof(EraseAfterRetention))]
    public async Task Run([TimerTrigger("%" + SettingNames.ErasureSchedule + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var erased = await erasures.EraseApprovedAsync(client, cancellationToken);
        var proposed = await erasures.ProposeDueAsync(cancellationToken);
        logger.LogInformation("Retention: {Proposed} erasures proposed, {Erased} carried out, {Deferred} deferred", proposed, erased.Erased, erased.Deferred);
    }
}

/// <summary>One round's erasure cases for the ministry: how many wait for approval, are approved, are done.</summary>
public sealed record ErasuresApproved(string RoundId, int Approved, string Message);

public sealed record RoundErasures(string RoundId, string Title, DateTimeOffset ErasableFrom, int Proposed, int Approved, int Erased, string? ApprovedBy, DateTimeOffset? ApprovedAt);

/// <summary>総務省: the rounds whose retention period is over, and where their erasure stands.</summary>
public sealed class ListErasures(AccessGate access, ErasureCaseStore cases, RoundStore rounds, RetentionErasures erasures)
{
    [Function(nameof(ListErasures))]
    [ApiOperation("保存期間を過ぎた個人情報の削除（公募ラウンドごと）")]
    [ApiResponse(200, typeof(Collection<RoundErasures>))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ministry/erasures")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ListErasures));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var all = await cases.ListAsync(cancellationToken: cancellationToken);
        var items = new List<RoundErasures>();
        foreach (var round in all.GroupBy(c => c.Case.RoundId, StringComparer.Ordinal))
        {
            var record = await rounds.GetAsync(round.Key, cancellationToken);
            var list = round.Select(c => c.Case).ToList();
            var last = list.Where(c => c.ApprovedAt is not null).MaxBy(c => c.ApprovedAt);
            items.Add(new RoundErasures(round.Key, record?.Title ?? string.Empty, record is null ? list[0].ErasableFrom : erasures.ErasableFrom(record),
                list.Count(c => c.State == ErasureState.Proposed), list.Count(c => c.State == ErasureState.Approved), list.Count(c => c.State == ErasureState.Erased),
                last?.ApprovedBy, last?.ApprovedAt));
        }

        return ApiResults.Ok(new Collection<RoundErasures>(items.OrderBy(i => i.ErasableFrom).ThenBy(i => i.RoundId, StringComparer.Ordinal).ToList()));
    }
}

/// <summary>
/// 総務省 approves the erasure of everyone proposed in a round. Recorded in the round's business log before anything
/// is erased; the schedule's next run carries it out. Approving again approves only what was proposed since.
/// </summary>
public sealed class ApproveErasures(AccessGate access, ErasureCaseStore cases, BusinessLog log, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    [Function(nameof(ApproveErasures))]
    [ApiOperation("保存期間を過ぎた個人情報の削除を承認する")]
    [ApiResponse(200, typeof(ErasuresApproved))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/ministry/erasures/{roundId}/approval")] HttpRequest request,
        string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ApproveErasures));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var now = clock.GetUtcNow();
        var approved = 0;
        var open = 0;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var proposed = (await cases.ListAsync(roundId, cancellationToken)).Where(c => c.Case.State == ErasureState.Proposed).ToList();
            open = proposed.Count;
            if (open == 0)
            {
                break;
            }

            // The approval is in the log first: an erasure never runs on an approval the log does not show.
            if (approved == 0)
            {
                await log.WriteAsync(roundId, now, actor!.LogName, BusinessLogActions.ErasureApproved, null, $"{proposed.Count}件",
                    idempotencyKey: $"erasure-approval:{roundId}:{now.UtcTicks}", cancellationToken: cancellationToken);
            }

            foreach (var (erasure, etag) in proposed)
            {
                approved += await cases.RecordAsync(erasure.Approve(actor!.LogName, now), etag, cancellationToken) ? 1 : 0;
            }
        }

        if (approved == 0 && open == 0 && (await cases.ListAsync(roundId, cancellationToken)).Count == 0)
        {
            return ApiResults.NotFound("削除の対象");
        }

        return ApiResults.Ok(new ErasuresApproved(roundId, approved, approved == 0 ? "承認待ちの削除はありません。" : $"{approved}件の削除を承認しました。次回の定期処理で削除します。"));
    }
}
