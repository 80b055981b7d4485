using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflow.Domain.Applications;
using Workflow.Domain.Calendar;
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

    /// <summary>Writes the case's new state if the row is still as read: its new ETag, or null when someone changed it meanwhile.</summary>
    public async Task<ETag?> RecordAsync(ErasureCase next, ETag read, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Erasures);
        try
        {
            return (await table.UpdateEntityAsync(ToEntity(next), read, TableUpdateMode.Replace, cancellationToken)).Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>One case as stored now, or null.</summary>
    public async Task<(ErasureCase Case, ETag ETag)?> GetAsync(string roundId, string applicationId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Erasures);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(roundId, applicationId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? (JsonSerializer.Deserialize<ErasureCase>(entity.GetString("CaseJson")!, Json.Options)!, entity.ETag) : null;
    }

    /// <summary>
    /// Records an approval unless one of the same list is recorded already; returns the approval that stands (this one,
    /// or the earlier one) and whether it is this one. The insert is the commit point: of two at once, one wins.
    /// </summary>
    public async Task<(ErasureApproval Standing, bool Recorded)> ClaimApprovalAsync(ErasureApproval approval, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.ErasureApprovals);
        try
        {
            await table.AddEntityAsync(new TableEntity(approval.RoundId, approval.Key) { ["ApprovalJson"] = JsonSerializer.Serialize(approval, Json.Options) }, cancellationToken);
            return (approval, true);
        }
        catch (RequestFailedException e) when (TableBatches.IsConflict(e))
        {
            var stored = await table.GetEntityAsync<TableEntity>(approval.RoundId, approval.Key, cancellationToken: cancellationToken);
            return (JsonSerializer.Deserialize<ErasureApproval>(stored.Value.GetString("ApprovalJson")!, Json.Options)!, false);
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
        foreach (var (approved, read) in (await cases.ListAsync(cancellationToken: cancellationToken)).Where(c => c.Case.IsDue(now)))
        {
            // Marked first: a hold that lands before this is respected, one after it is refused. A case the previous
            // run marked and did not finish is finished now.
            var marked = approved.Erasing();
            var etag = approved.State == ErasureState.Erasing ? read : await cases.RecordAsync(marked, read, cancellationToken);
            if (etag is null)
            {
                continue;
            }

            var outcome = await erasure.EraseAsync(approved.ApplicationId, client, approved.ApprovedBy!, ErasureReason.RetentionPeriodEnded, cancellationToken);
            if (outcome == ErasureOutcome.AppointmentStillRunning)
            {
                deferred++;
                continue;
            }

            // The erasure is idempotent; a lost write of the state only means the next run erases nothing again.
            if (await cases.RecordAsync(marked.Erased(clock.GetUtcNow()), etag.Value, cancellationToken) is not null)
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

public sealed record RoundErasures(string RoundId, string Title, DateTimeOffset ErasableFrom, int Proposed, int Approved, int Erased, string? ApprovedBy, DateTimeOffset? ApprovedAt,
    int Held, IReadOnlyList<ErasureHoldView> Holds);

/// <summary>One person's held erasure, by receipt number: who held it, when and why (a category).</summary>
public sealed record ErasureHoldView(string ApplicationId, ErasureHoldReason Reason, string ReasonName, string HeldBy, DateTimeOffset HeldAt)
{
    public static ErasureHoldView Of(ErasureCase c) => new(c.ApplicationId, c.HoldReason!.Value, ErasureStates.HoldReasonName(c.HoldReason.Value), c.HeldBy!, c.HeldAt!.Value);
}

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
                list.Count(c => c.State == ErasureState.Proposed), list.Count(c => c.State is ErasureState.Approved or ErasureState.Erasing),
                list.Count(c => c.State == ErasureState.Erased), last?.ApprovedBy, last?.ApprovedAt,
                list.Count(c => c.State == ErasureState.Held),
                [.. list.Where(c => c.State == ErasureState.Held).OrderBy(c => c.HeldAt).Select(ErasureHoldView.Of)]));
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
        var all = await cases.ListAsync(roundId, cancellationToken);
        if (all.Count == 0)
        {
            return ApiResults.NotFound("削除の対象");
        }

        var proposed = all.Where(c => c.Case.State == ErasureState.Proposed).ToList();
        if (proposed.Count == 0)
        {
            return ApiResults.Ok(new ErasuresApproved(roundId, 0, "承認待ちの削除はありません。"));
        }

        var (approval, recorded) = await cases.ClaimApprovalAsync(
            ErasureApproval.Of(roundId, proposed.Select(c => c.Case.ApplicationId), actor!.LogName, clock.GetUtcNow()), cancellationToken);

        // Whoever finds the approval recorded completes it, in case its author's process stopped halfway: the log line
        // first (once, by the approval's key), so that nothing is erased on an approval the log does not show.
        await log.WriteAsync(roundId, approval.ApprovedAt, approval.ApprovedBy, BusinessLogActions.ErasureApproved, null, $"{approval.Count}件",
            idempotencyKey: $"erasure-approval:{roundId}:{approval.Key}", cancellationToken: cancellationToken);
        foreach (var (erasure, etag) in proposed)
        {
            await ApproveAsync(approval, erasure, etag, cancellationToken);
        }

        if (!recorded && approval.ApprovedBy != actor.LogName)
        {
            return ApiResults.Conflict("この操作は既に記録されています。",
                $"この{approval.Count}件の削除は、{approval.ApprovedBy}が{JapaneseDates.DateTime(approval.ApprovedAt)}に承認しました。");
        }

        return ApiResults.Ok(new ErasuresApproved(roundId, approval.Count, $"{approval.Count}件の削除を承認しました。次回の定期処理で削除します。"));
    }

    /// <summary>Approves one case, reading it again when it moved meanwhile; a case already approved or erased stays as it is.</summary>
    private async Task ApproveAsync(ErasureApproval approval, ErasureCase erasure, ETag etag, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts && erasure.State == ErasureState.Proposed; attempt++)
        {
            if (await cases.RecordAsync(approval.Apply(erasure), etag, cancellationToken) is not null
                || await cases.GetAsync(erasure.RoundId, erasure.ApplicationId, cancellationToken) is not { } current)
            {
                return;
            }

            (erasure, etag) = current;
        }
    }
}

public sealed record ErasureHoldBody(ErasureHoldReason? Reason);

public sealed record ErasureHoldAnswer(string RoundId, string ApplicationId, ErasureState State, string Message);

/// <summary>
/// 総務省 holds one person's erasure past the retention period, or releases the hold: a dispute, a
/// disclosure request or an audit may need the records kept. A held case is not approved with its round nor erased;
/// released, it is proposed again and needs a new approval. The schedule marks a case before it erases it, so a hold
/// either lands first and is respected, or is refused.
/// </summary>
public sealed class HoldErasure(AccessGate access, ErasureCaseStore cases, BusinessLog log, TimeProvider clock)
{
    public const string ReleaseFunction = "ReleaseErasureHold";

    [Function(nameof(HoldErasure))]
    [ApiOperation("一人の削除を保留する", Body = typeof(ErasureHoldBody))]
    [ApiResponse(200, typeof(ErasureHoldAnswer))]
    public async Task<IActionResult> Hold(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/ministry/erasures/{roundId}/applications/{applicationId}/hold")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(HoldErasure));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<ErasureHoldBody>(request);
        if (error is not null)
        {
            return error;
        }

        return body!.Reason is { } reason && Enum.IsDefined(reason)
            ? await ChangeAsync(request, roundId, applicationId, actor!, reason)
            : ApiResults.Validation([new FieldError("reason", "保留の理由を選択肢から選んでください。")]);
    }

    [Function(ReleaseFunction)]
    [ApiOperation("一人の削除の保留を解除する")]
    [ApiResponse(200, typeof(ErasureHoldAnswer))]
    public async Task<IActionResult> Release(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/ministry/erasures/{roundId}/applications/{applicationId}/hold")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, ReleaseFunction);
        return denied ?? await ChangeAsync(request, roundId, applicationId, actor!, null);
    }

    /// <param name="reason">The hold's reason; null: a release.</param>
    private async Task<IActionResult> ChangeAsync(HttpRequest request, string roundId, string applicationId, Actor actor, ErasureHoldReason? reason)
    {
        var release = reason is null;
        var cancellationToken = request.HttpContext.RequestAborted;
        return await CommandAttempts.UntilRecordedAsync("この削除の対象", async _ =>
        {
            var found = await cases.GetAsync(roundId, applicationId, cancellationToken);
            if (found is null)
            {
                return ApiResults.NotFound("削除の対象");
            }

            var (current, etag) = found.Value;

            if ((release ? current.RefuseRelease() : current.RefuseHold(reason!.Value)) is { } refusal)
            {
                return ApiResults.Conflict(release ? "保留を解除できません。" : "保留できません。", refusal);
            }

            // Each line is keyed by the hold it makes or ends, so a repeat, or two at once, log it once. A release is
            // logged before the case changes (nothing else can move a held case, so the line cannot be left untrue);
            // a hold after, because an approval landing meanwhile makes the next attempt a different hold.
            if (release && current.HeldAt is { } releasing)
            {
                await log.WriteAsync(roundId, clock.GetUtcNow(), actor.LogName, BusinessLogActions.ErasureHoldReleased, applicationId, current.HoldReason.ToString(),
                    idempotencyKey: $"erasure-release:{applicationId}:{releasing.UtcTicks}", cancellationToken: cancellationToken);
            }

            var next = release ? current.Release() : current.Hold(actor.LogName, clock.GetUtcNow(), reason!.Value);
            if (next != current && await cases.RecordAsync(next, etag, cancellationToken) is null)
            {
                return null;
            }

            if (!release)
            {
                await log.WriteAsync(roundId, next.HeldAt!.Value, next.HeldBy!, BusinessLogActions.ErasureHeld, applicationId, next.HoldReason.ToString(),
                    idempotencyKey: $"erasure-hold:{applicationId}:{next.HeldAt.Value.UtcTicks}", cancellationToken: cancellationToken);
            }

            return ApiResults.Ok(new ErasureHoldAnswer(roundId, applicationId, next.State,
                release ? "保留を解除しました。削除の対象に戻り、承認を待ちます。" : $"「{ErasureStates.HoldReasonName(reason!.Value)}」のため、削除を保留しました。"));
        });
    }
}
