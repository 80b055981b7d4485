using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Apply;

public sealed record ResumeReplaced(string ApplicationId, string Message);

/// <summary>
/// The applicant sends another résumé (a PDF as the body) in place of one the malware scan keeps closed for good:
/// found malicious, or not scannable where a verdict is required. Staff are told to ask for it; nothing else of the
/// application changes, and the new file is scanned like any upload. A repeat with the same Idempotency-Key gets the
/// first answer.
/// </summary>
public sealed class ReplaceResume(AccessGate access, ApplicationStore applications, ResumeScans scans, BusinessLog log, TimeProvider clock, IdempotentRequests idempotency)
{
    [Function(nameof(ReplaceResume))]
    [ApiOperation("職務経歴書を差し替える（ウイルス検査で開けなかったとき）", Upload = ["application/pdf"], Idempotent = true)]
    [ApiResponse(200, typeof(ResumeReplaced))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/applications/{applicationId}/resume")] HttpRequest request,
        string applicationId)
    {
        var limit = BodyLimits.Apply(request, nameof(ReplaceResume));
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ReplaceResume), AccessScope.Application(applicationId));
        if (denied is not null)
        {
            return denied;
        }

        return await idempotency.RunAsync(request, $"{nameof(ReplaceResume)}|{applicationId}", async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var application = await applications.GetAsync(applicationId, cancellationToken);
            if (application is null)
            {
                return ApiResults.NotFound("応募");
            }

            if (application.Lifecycle.IsWithdrawn)
            {
                return ApiResults.Conflict("職務経歴書を差し替えられません。", "取り下げた応募です。");
            }

            var (pdf, refused) = await PdfBody.ReadAsync(request, limit, "resume");
            if (refused is not null)
            {
                return refused;
            }

            using var buffer = pdf!;

            // Judged on the file as read and written only onto it: of two replacements at once, one lands and the
            // other reads the new file, which waits for its own verdict, and is refused with that.
            return await CommandAttempts.UntilRecordedAsync("職務経歴書", async _ =>
            {
                if (await applications.ResumeETagAsync(application, cancellationToken) is not { } read)
                {
                    return ApiResults.NotFound("職務経歴書");
                }

                if (await scans.RefuseReplacementAsync(application, cancellationToken) is { } refusal)
                {
                    return ApiResults.Conflict("職務経歴書を差し替えられません。", refusal);
                }

                buffer.Position = 0;
                if (!await applications.ReplaceResumeAsync(application, buffer, read, cancellationToken))
                {
                    return null;
                }

                await log.WriteAsync(application.RoundId, clock.GetUtcNow(), actor!.LogName, BusinessLogActions.ResumeReplaced, applicationId, cancellationToken: cancellationToken);
                return ApiResults.Ok(new ResumeReplaced(applicationId, "職務経歴書を差し替えました。ウイルス検査ののち、受託事業者と選定委員が確認します。"));
            });
        });
    }
}
