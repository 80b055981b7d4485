using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Workflow.Domain.Applications;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Configuration;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Apply;

public sealed record ErasureRequest(ErasureReason? Reason);

/// <summary>The retention period in force (<see cref="SettingNames.PrivacyRetentionDays"/>).</summary>
public sealed record RetentionSettings(TimeSpan Period)
{
    public static RetentionSettings FromConfiguration(IConfiguration configuration) =>
        new(int.TryParse(configuration[SettingNames.PrivacyRetentionDays], out var days) && days >= 0 ? TimeSpan.FromDays(days) : PersonalDataRetention.DefaultPeriod);
}

public sealed record TokenReissueRequest(string? Email);

/// <summary>A withdrawal or an erasure done: the application's id and what became of its data.</summary>
public sealed record PersonalDataRemoved(string ApplicationId, string Message);

/// <summary>The same answer whether or not the address applied.</summary>
public sealed record TokenReissueAccepted(string Message);

/// <summary>応募の取り下げ: before the panel's outcome, the applicant withdraws and everything about them is erased.</summary>
public sealed class WithdrawApplication(AccessGate access, ApplicationStore applications, RoundStore rounds, ApplicantErasure erasure, IdempotentRequests idempotency)
{
    [Function(nameof(WithdrawApplication))]
    [ApiOperation("応募を取り下げる", Idempotent = true)]
    [ApiResponse(200, typeof(PersonalDataRemoved))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/applications/{applicationId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(WithdrawApplication), AccessScope.Application(applicationId));
        if (denied is not null)
        {
            return denied;
        }

        // A repeat with the same Idempotency-Key gets the first answer and is not recorded again.
        return await idempotency.RunAsync(request, $"{nameof(WithdrawApplication)}|{applicationId}", async () =>
        {
            // The withdrawal is recorded on the application as read, after the round's fence was read: a conclusion that
            // wins the race makes this write fail (and the next turn refuses), one that loses reads the withdrawal and skips it.
            var cancellationToken = request.HttpContext.RequestAborted;
            return await CommandAttempts.UntilRecordedAsync("この応募", async _ =>
            {
                var application = await applications.GetAsync(applicationId, cancellationToken);
                var round = application is null ? null : await rounds.GetAsync(application.RoundId, cancellationToken);
                if (application is null || round is null)
                {
                    return ApiResults.NotFound("応募");
                }

                // Withdrawn already (a repeat, or a first request cut off before its erasure): the erasure is done again.
                if (!application.Lifecycle.IsWithdrawn)
                {
                    if (!round.Lifecycle.AcceptsWithdrawals || application.Lifecycle.RefuseWithdrawal() is not null)
                    {
                        return ApiResults.Conflict("選定の結果が出た後は応募を取り下げられません。", "個人情報の削除は、保存期間の満了後に総務省が行います。");
                    }

                    if (!await applications.MarkWithdrawnAsync(application, cancellationToken))
                    {
                        return null;
                    }
                }

                await erasure.EraseAsync(applicationId, client, actor!.LogName, ErasureReason.WithdrawnByApplicant, cancellationToken);
                return ApiResults.Ok(new PersonalDataRemoved(applicationId, "応募を取り下げました。お預かりした個人情報と職務経歴書は削除しました。"));
            });
        });
    }
}

/// <summary>After the retention period the ministry orders an applicant's personal data erased.</summary>
public sealed class EraseApplicant(AccessGate access, ApplicationStore applications, RoundStore rounds, ApplicantErasure erasure, RetentionSettings retention, TimeProvider clock, IdempotentRequests idempotency)
{
    [Function(nameof(EraseApplicant))]
    [ApiOperation("応募者の個人情報を削除する", Body = typeof(ErasureRequest), Idempotent = true)]
    [ApiResponse(200, typeof(PersonalDataRemoved))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/applications/{applicationId}/erasure")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(EraseApplicant), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        // A repeat with the same Idempotency-Key gets the first answer and is not recorded again.
        return await idempotency.RunAsync(request, $"{nameof(EraseApplicant)}|{actor!.LogName}|{applicationId}", async () =>
        {
            var (body, error) = await RequestBody.ReadJsonAsync<ErasureRequest>(request);
            if (error is not null)
            {
                return error;
            }

            if (body!.Reason != ErasureReason.RetentionPeriodEnded)
            {
                return ApiResults.Validation([new FieldError("reason", "削除の理由（retentionPeriodEnded）を指定してください。")]);
            }

            var cancellationToken = request.HttpContext.RequestAborted;
            var round = await rounds.GetAsync(roundId, cancellationToken);
            var application = await applications.GetAsync(applicationId, cancellationToken);
            if (round is null || application is null || application.RoundId != roundId)
            {
                return ApiResults.NotFound("応募");
            }

            var erasableFrom = PersonalDataRetention.ErasableFrom(round.Schedule, round.StateTimes.TryGetValue(RoundState.Completed, out var completed) ? completed : null, retention.Period);
            if (clock.GetUtcNow() < erasableFrom)
            {
                return ApiResults.Conflict("保存期間中のため削除できません。", $"{erasableFrom.ToOffset(TimeSpan.FromHours(9)):yyyy年M月d日}以降に削除できます。");
            }

            var outcome = await erasure.EraseAsync(applicationId, client, actor!.LogName, body.Reason.Value, cancellationToken);
            return outcome == ErasureOutcome.AppointmentStillRunning
                ? ApiResults.Conflict("任用の手続が進行中のため削除できません。", "任用の申込みへの回答期限が過ぎてから、もう一度実行してください。")
                : ApiResults.Ok(new PersonalDataRemoved(applicationId, "個人情報を削除しました。監査ログには削除の記録のみが残ります。"));
        });
    }
}

/// <summary>
/// A lost access key: the applicant asks for a new one to be mailed to the address it applied with (ADR 0013). The
/// answer is the same whether or not the address applied, so the route does not reveal who applied. An address gets
/// at most one new key an hour (the notice is keyed by the hour); a client may ask <see cref="PerClientPerHour"/>
/// times an hour, whatever the addresses, so the route cannot be used to rotate many people's keys.
/// </summary>
public sealed class RequestApplicantTokenReissue(RoundStore rounds, ApplicationStore applications, NotificationStore notifications, ClientRequestLimit limit, BusinessLog log, TimeProvider clock)
{
    public const int PerClientPerHour = 10;

    public const string Accepted = "ご入力のアドレスで応募がある場合、新しいアクセスキーをメールでお送りします。届くまで数分かかることがあります。";

    [Function(nameof(RequestApplicantTokenReissue))]
    [ApiOperation("アクセスキーの再発行をメールで依頼する", Body = typeof(TokenReissueRequest))]
    [ApiResponse(202, typeof(TokenReissueAccepted))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/access-token-requests")] HttpRequest request,
        string roundId)
    {
        var (body, error) = await RequestBody.ReadJsonAsync<TokenReissueRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var email = ApplicationValidator.NormalizeEmail(body!.Email ?? string.Empty);
        if (!ApplicationValidator.IsValidEmail(email))
        {
            return ApiResults.Validation([new FieldError("email", "応募に使ったメールアドレスを正しい形式で入力してください。")]);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await rounds.GetAsync(roundId, cancellationToken) is null)
        {
            return ApiResults.NotFound("公募");
        }

        if (!await limit.TryCountAsync(request, nameof(RequestApplicantTokenReissue), PerClientPerHour, cancellationToken))
        {
            return ApiResults.Problem(StatusCodes.Status429TooManyRequests, "アクセスキーの再発行の依頼が多すぎます。", "1時間ほどたってから、もう一度お試しください。");
        }

        var applicationId = await applications.FindByEmailAsync(roundId, email, cancellationToken);
        if (applicationId is not null)
        {
            var now = clock.GetUtcNow();
            await notifications.UpsertAsync([ApplicantAccessKeys.ReissueNotice(applicationId, now)], cancellationToken);
            await log.WriteAsync(roundId, now, Actor.ApplicantLogName, BusinessLogActions.ApplicantTokenReissueRequested, applicationId, cancellationToken: cancellationToken);
        }

        return ApiResults.Accepted(new TokenReissueAccepted(Accepted));
    }
}
