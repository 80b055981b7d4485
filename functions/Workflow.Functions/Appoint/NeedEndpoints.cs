using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Calendar;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;

namespace Workflow.Functions.Appoint;

/// <summary>A municipality describes what it needs (<see cref="MunicipalNeed"/>).</summary>
public sealed record NeedRequest(Persona? Persona, IReadOnlyList<string>? KeySkillCodes, WorkStyle? WorkStyle, string? Prefecture, DateOnly? StartsOn, DateOnly? EndsOn,
    int? DaysPerWeek);

/// <param name="Available">Candidates who have the days (the ones a municipality can ask now).</param>
public sealed record NeedView(string NeedId, string MunicipalityCode, string MunicipalityName, MunicipalNeed Need, DateTimeOffset CreatedAt, int Candidates, int Available,
    NeedStatus Status = NeedStatus.Open, string StatusName = "", NeedClosure? Closure = null);

public sealed record NeedClosing(NeedStatus? Status);

/// <param name="Open">How many of the listed needs are open.</param>
/// <param name="Unmatched">Open needs that nobody with the days to spare can meet.</param>
public sealed record NeedList(IReadOnlyList<NeedView> Items, int Open, int Unmatched);

/// <summary>A need with its candidates in rank order, each with the reasons for its rank.</summary>
public sealed record NeedCandidates(NeedView Need, IReadOnlyList<RankedCandidate> Candidates);

/// <summary>A municipality records a need; the answer says how many candidates it has, the list is one call away.</summary>
public sealed class CreateNeed(AccessGate access, IdempotentRequests idempotency, MunicipalityStore municipalities, NeedStore needs, RosterCandidates candidates,
    RoundStandards standards, AppointmentLimits limits, TimeProvider clock)
{
    [Function(nameof(CreateNeed))]
    [ApiOperation("自治体のニーズを登録する", Body = typeof(NeedRequest), Idempotent = true)]
    [ApiResponse(201, typeof(NeedView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/municipalities/{code}/needs")] HttpRequest request,
        string code)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(CreateNeed), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        return await idempotency.RunAsync(request, $"{nameof(CreateNeed)}|{actor!.LogName}", () => CreateAsync(request, code, actor));
    }

    private async Task<IActionResult> CreateAsync(HttpRequest request, string code, Actor actor)
    {
        var (body, error) = await RequestBody.ReadJsonAsync<NeedRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var errors = new List<FieldError>();
        void Require(object? value, string field, string message)
        {
            if (value is null)
            {
                errors.Add(new FieldError(field, message));
            }
        }

        Require(body!.Persona, "persona", "人材像を選んでください。");
        Require(body.WorkStyle, "workStyle", "勤務の形（onSite: 常駐、remote: リモート、hybrid: 併用）を選んでください。");
        Require(body.StartsOn, "startsOn", "期間の開始日を指定してください。");
        Require(body.EndsOn, "endsOn", "期間の終了日を指定してください。");
        Require(body.DaysPerWeek, "daysPerWeek", "週あたりの勤務日数を指定してください。");
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var persona = standards.Current.For(body.Persona!.Value);
        var need = new MunicipalNeed(body.Persona.Value, [.. (body.KeySkillCodes ?? []).Select(c => c?.Trim() ?? string.Empty)], body.WorkStyle!.Value,
            ApplicationValidator.NormalizeText(body.Prefecture ?? string.Empty), body.StartsOn!.Value, body.EndsOn!.Value, body.DaysPerWeek!.Value);
        errors.AddRange(MunicipalNeed.Validate(need, persona, JapaneseDates.DayInJapan(now)));
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await municipalities.GetAsync(code, cancellationToken) is not { } municipality)
        {
            return ApiResults.NotFound("団体");
        }

        var record = await needs.AddAsync(new NeedRecord(NeedStore.IdFor(code, now, need), code, municipality.Name, need, now, actor.LogName), cancellationToken);
        var ranked = CandidateRanking.Rank(need, persona, await candidates.ForPersonaAsync(need.Persona, cancellationToken), await limits.MaxDaysPerWeekAsync(cancellationToken));
        return ApiResults.Created($"/api/needs/{record.NeedId}/candidates", NeedViews.Of(record, ranked));
    }
}

/// <summary>A municipality's needs (its own), or every need for the ministry, each with its current number of candidates.</summary>
public sealed class ListNeeds(AccessGate access, NeedStore needs, RosterCandidates candidates, RoundStandards standards, AppointmentLimits limits)
{
    [Function(nameof(ListNeeds))]
    [ApiOperation("自治体のニーズの一覧")]
    [ApiResponse(200, typeof(NeedList))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/needs")] HttpRequest request)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ListNeeds));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var records = await needs.ListAsync(actor!.Role == ActorRole.Municipality ? actor.MunicipalityCode : null, cancellationToken);
        var roster = new Dictionary<Persona, IReadOnlyList<RosterCandidate>>();
        var views = new List<NeedView>();
        var limit = await limits.MaxDaysPerWeekAsync(cancellationToken);
        foreach (var record in records)
        {
            if (!roster.TryGetValue(record.Need.Persona, out var people))
            {
                roster[record.Need.Persona] = people = await candidates.ForPersonaAsync(record.Need.Persona, cancellationToken);
            }

            views.Add(NeedViews.Of(record, CandidateRanking.Rank(record.Need, standards.Current.For(record.Need.Persona), people, limit)));
        }

        // The ministry's view of the gap: open needs nobody with the days can meet. A need filled or withdrawn is no gap.
        return ApiResults.Ok(new NeedList(views, views.Count(v => v.Status == NeedStatus.Open), views.Count(v => v.Status == NeedStatus.Open && v.Available == 0)));
    }
}

/// <summary>
/// The candidates for a need, ranked, with the reasons: for the municipality that described it and the ministry. The
/// names shown are personal data, so the read is logged in each round whose people it listed.
/// </summary>
public sealed class GetNeedCandidates(AccessGate access, NeedStore needs, RosterCandidates candidates, RoundStandards standards, AppointmentLimits limits,
    BusinessLog log, TimeProvider clock)
{
    [Function(nameof(GetNeedCandidates))]
    [ApiOperation("ニーズに合う候補者（順位と理由つき）")]
    [ApiResponse(200, typeof(NeedCandidates))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/needs/{needId}/candidates")] HttpRequest request,
        string needId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(GetNeedCandidates), AccessScope.Municipality(NeedStore.CodeOf(needId) ?? string.Empty));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await needs.GetAsync(needId, cancellationToken) is not { } record)
        {
            return ApiResults.NotFound("ニーズ");
        }

        var ranked = CandidateRanking.Rank(record.Need, standards.Current.For(record.Need.Persona), await candidates.ForPersonaAsync(record.Need.Persona, cancellationToken),
            await limits.MaxDaysPerWeekAsync(cancellationToken));
        foreach (var round in ranked.GroupBy(r => r.RoundId))
        {
            await log.WriteAsync(round.Key, clock.GetUtcNow(), actor!.LogName, PersonalDataReads.Action, null,
                $"candidates:{needId}:" + string.Join(',', round.Select(r => r.CandidateId)), cancellationToken: cancellationToken);
        }

        return ApiResults.Ok(new NeedCandidates(NeedViews.Of(record, ranked), ranked));
    }
}

/// <summary>
/// The municipality closes its need: filled (it found someone) or withdrawn (no longer needed). Once: the same closing
/// again answers the same, the other one is refused with the reason.
/// </summary>
public sealed class CloseNeed(AccessGate access, NeedStore needs, RosterCandidates candidates, RoundStandards standards, AppointmentLimits limits, TimeProvider clock)
{
    [Function(nameof(CloseNeed))]
    [ApiOperation("ニーズを閉じる（充足または取下げ）", Body = typeof(NeedClosing))]
    [ApiResponse(200, typeof(NeedView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/needs/{needId}/close")] HttpRequest request,
        string needId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(CloseNeed), AccessScope.Municipality(NeedStore.CodeOf(needId) ?? string.Empty));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<NeedClosing>(request);
        if (error is not null)
        {
            return error;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await needs.GetAsync(needId, cancellationToken) is not { } current)
        {
            return ApiResults.NotFound("ニーズ");
        }

        var wanted = body!.Status ?? NeedStatus.Open;
        if (NeedRules.RefuseClose(current.Closure, wanted) is { } refusal)
        {
            return wanted == NeedStatus.Open ? ApiResults.Validation([new FieldError("status", refusal)]) : ApiResults.Conflict("このニーズは閉じられません。", refusal);
        }

        var closed = await needs.CloseAsync(needId, new NeedClosure(wanted, clock.GetUtcNow(), actor!.LogName), cancellationToken);
        if (closed!.Status != wanted)
        {
            return ApiResults.Conflict("このニーズは閉じられません。", NeedRules.RefuseClose(closed.Closure, wanted));
        }

        var ranked = CandidateRanking.Rank(closed.Need, standards.Current.For(closed.Need.Persona), await candidates.ForPersonaAsync(closed.Need.Persona, cancellationToken),
            await limits.MaxDaysPerWeekAsync(cancellationToken));
        return ApiResults.Ok(NeedViews.Of(closed, ranked));
    }
}

internal static class NeedViews
{
    public static NeedView Of(NeedRecord record, IReadOnlyList<RankedCandidate> ranked) =>
        new(record.NeedId, record.MunicipalityCode, record.MunicipalityName, record.Need, record.CreatedAt, ranked.Count, ranked.Count(r => r.Available),
            record.Status, NeedRules.DisplayName(record.Status), record.Closure);
}
