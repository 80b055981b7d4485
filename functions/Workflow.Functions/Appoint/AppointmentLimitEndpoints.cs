using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Appointments;
using Workflow.Domain.Audit;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Appoint;

/// <param name="MaxDaysPerWeek">The new limit, 1–7 days a week.</param>
/// <param name="Seen">The limit the page showed when the change was made; a change made by someone else since is not overwritten.</param>
public sealed record AppointmentLimitRequest(int? MaxDaysPerWeek, int? Seen = null);

/// <summary>The limit as it stands, for the ministry's dashboard and auditors.</summary>
public sealed class GetAppointmentLimit(AccessGate access, AppointmentLimits limits)
{
    [Function(nameof(GetAppointmentLimit))]
    [ApiOperation("1人が同時に持てる任用の上限（週の日数）")]
    [ApiResponse(200, typeof(AppointmentLimitView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ministry/settings/appointment-limit")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(GetAppointmentLimit));
        return denied ?? ApiResults.Ok(await limits.CurrentAsync(request.HttpContext.RequestAborted));
    }
}

/// <summary>
/// The ministry changes the limit. Every change is written to the registry's business log with who made it and the
/// old and new value; setting the value it already has records nothing.
/// </summary>
public sealed class ChangeAppointmentLimit(AccessGate access, IdempotentRequests idempotency, AppointmentLimits limits, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(ChangeAppointmentLimit))]
    [ApiOperation("任用の上限を変更する", Body = typeof(AppointmentLimitRequest), Idempotent = true)]
    [ApiResponse(200, typeof(AppointmentLimitChanged))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/ministry/settings/appointment-limit")] HttpRequest request)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ChangeAppointmentLimit));
        if (denied is not null)
        {
            return denied;
        }

        return await idempotency.RunAsync(request, $"{nameof(ChangeAppointmentLimit)}|{actor!.LogName}", () => ChangeAsync(request, actor));
    }

    private async Task<IActionResult> ChangeAsync(HttpRequest request, Actor actor)
    {
        var (body, error) = await RequestBody.ReadJsonAsync<AppointmentLimitRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (Commitments.ValidateLimit(body!.MaxDaysPerWeek) is { Count: > 0 } errors)
        {
            return ApiResults.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var cancellationToken = request.HttpContext.RequestAborted;
        var (change, stale) = await limits.ChangeAsync(body.MaxDaysPerWeek!.Value, body.Seen, actor.LogName, now, cancellationToken);
        if (stale)
        {
            return ApiResults.Conflict("上限は他の担当者が既に変更しています。",
                $"現在の上限は週{change.Current.MaxDaysPerWeek}日です。画面を読み込み直して、変更が必要か確かめてください。何も変更していません。");
        }

        if (change.Changed)
        {
            // Who, the old and the new value: the limit decides whose acceptance is refused, so each change is on record.
            await log.WriteAsync(LogChain.Registry, now, actor.LogName, BusinessLogActions.AppointmentLimitChanged, null,
                $"週{change.Before}日→週{change.After}日", cancellationToken: cancellationToken);
        }

        return ApiResults.Ok(new AppointmentLimitChanged(
            change.Current.MaxDaysPerWeek,
            change.Before,
            change.Changed,
            change.Current,
            change.Changed
                ? $"1人が同時に持てる任用の上限を週{change.Before}日から週{change.After}日に変更しました。これからの承諾に適用します。"
                : $"上限は既に週{change.After}日です。変更はありません。"));
    }
}
