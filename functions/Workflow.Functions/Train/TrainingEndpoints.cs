using System.Buffers.Text;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Train;

public sealed record AttendanceRequest(List<string>? Attendees, List<string>? Absentees);

public sealed record AttendanceRecorded(string RoundId, int Session, int Attended, int Absent);

/// <summary>
/// The operator records who attended one session: attendees true, absentees false. Each session has its own
/// column, so recording two sessions at once never overwrites the other.
/// </summary>
public sealed class RecordAttendance(AccessGate access, RoundStore rounds, ApplicationStore applications, BusinessLog log, TimeProvider clock, IdempotentRequests idempotency)
{
    public const int MaxPerRequest = 1000;

    [Function(nameof(RecordAttendance))]
    [ApiOperation("研修回の出欠を記録する", Body = typeof(AttendanceRequest), Idempotent = true)]
    [ApiResponse(200, typeof(AttendanceRecorded))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rounds/{roundId}/training/sessions/{session}/attendance")] HttpRequest request,
        string roundId,
        string session)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(RecordAttendance), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        // A repeat with the same Idempotency-Key gets the first answer and is not recorded again.
        return await idempotency.RunAsync(request, $"{nameof(RecordAttendance)}|{actor!.LogName}|{roundId}|{session}", async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var round = await rounds.GetAsync(roundId, cancellationToken);
            if (round is null)
            {
                return ApiResults.NotFound("公募ラウンド");
            }

            var number = session is { Length: 1 or 2 } && session.All(char.IsAsciiDigit) ? int.Parse(session) : 0;
            if (number < 1 || number > round.Schedule.TrainingSessions.Count)
            {
                return ApiResults.Validation([new FieldError("session", $"研修の回は1〜{round.Schedule.TrainingSessions.Count}で指定してください。")]);
            }

            if (!round.Lifecycle.AcceptsAttendance)
            {
                return AttendanceClosed(round);
            }

            var (body, error) = await RequestBody.ReadJsonAsync<AttendanceRequest>(request);
            if (error is not null)
            {
                return error;
            }

            var attendees = body!.Attendees ?? [];
            var absentees = body.Absentees ?? [];
            if (attendees.Count + absentees.Count is 0 or > MaxPerRequest)
            {
                return ApiResults.Validation([new FieldError("attendees", $"出席者・欠席者を合わせて1〜{MaxPerRequest}人指定してください。")]);
            }

            var entries = attendees.Select((id, i) => (Id: id, Field: $"attendees[{i}]", Attended: true))
                .Concat(absentees.Select((id, i) => (Id: id, Field: $"absentees[{i}]", Attended: false)))
                .ToList();
            var repeated = entries.GroupBy(e => e.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            var attended = entries.Where(e => !repeated.Contains(e.Id)).ToDictionary(e => e.Id, e => e.Attended, StringComparer.Ordinal);

            // Written only onto the rows as read, after the fence was read: if the training is finalized meanwhile, the
            // certificates are decided on the rows this write changed or this write fails and sees the fence next turn.
            return await CommandAttempts.UntilRecordedAsync("出席の記録", async attempt =>
            {
                if (attempt > 1 && await rounds.GetAsync(roundId, cancellationToken) is { Lifecycle.AcceptsAttendance: false } closed)
                {
                    return AttendanceClosed(closed);
                }

                var errors = new List<FieldError>();
                var read = new List<ApplicationEntity>(entries.Count);
                var found = await applications.GetManyAsync(roundId, entries.Select(e => e.Id), [nameof(ApplicationEntity.Status)], cancellationToken);
                foreach (var entry in entries)
                {
                    if (repeated.Contains(entry.Id))
                    {
                        errors.Add(new FieldError(entry.Field, "同じ人を2回指定することはできません。"));
                        continue;
                    }

                    // Only people selected for this round are trained; every one is checked before anything is written.
                    var application = found.GetValueOrDefault(entry.Id);
                    if (application is null)
                    {
                        errors.Add(new FieldError(entry.Field, "この公募の受付番号ではありません。"));
                    }
                    else if (application.Lifecycle.RefuseAttendance() is { } refusal)
                    {
                        errors.Add(new FieldError(entry.Field, refusal.Title));
                    }
                    else
                    {
                        read.Add(application);
                    }
                }

                if (errors.Count > 0)
                {
                    // People who are "not trainees" any more were just certified: the training closed under this request.
                    return await rounds.GetAsync(roundId, cancellationToken) is { Lifecycle.AcceptsAttendance: false } now
                        ? AttendanceClosed(now)
                        : ApiResults.Validation(errors);
                }

                if (await applications.RecordAttendanceAsync(read, number, attended, cancellationToken))
                {
                    await log.WriteAsync(roundId, clock.GetUtcNow(), actor!.LogName, BusinessLogActions.AttendanceRecorded, $"session-{number}",
                        $"出席 {attendees.Count} / 欠席 {absentees.Count}", cancellationToken: cancellationToken);
                    return ApiResults.Ok(new AttendanceRecorded(roundId, number, attendees.Count, absentees.Count));
                }

                return null;
            });
        });
    }

    private static JsonBodyResult AttendanceClosed(RoundRecord round) =>
        ApiResults.Conflict("現在は出席を記録できません。", round.Lifecycle.Closing is { } closing
            ? $"研修は{RoundLifecycle.DisplayName(closing.Command)}により締め切られました。"
            : $"現在の状態: {RoundStateMachine.DisplayName(round.State)}");
}
/// <summary>The operator says the training is over: certificates are issued now.</summary>
public sealed class FinalizeTraining(RoundActions actions)
{
    [Function(nameof(FinalizeTraining))]
    [ApiOperation("研修を確定する", Idempotent = true)]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/training/finalize")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId) =>
        actions.RecordAsync(request, client, roundId, nameof(FinalizeTraining), RoundCommand.FinalizeTraining, "研修を終了しました。修了者に修了証を交付します。");
}

/// <summary>What the public verification of a 修了証 answers; the holder's name is masked, nothing else personal is shown.</summary>
/// <param name="Standing">valid, altered, revoked or unsigned.</param>
/// <param name="PaperMatches">Whether the signature from the QR code is the one on record; null when none was given.</param>
public sealed record CertificateVerification(
    string CertificateId,
    CertificateStanding Standing,
    bool Valid,
    string Message,
    string? HolderMasked,
    string? RoundTitle,
    DateTimeOffset IssuedAt,
    string IssuedOn,
    int? SessionCount,
    bool? PaperMatches,
    string? PaperMessage);

/// <summary>
/// Public: anyone holding a 修了証 checks it by its number, and with the signature its QR code carries (<c>?s=</c>),
/// that the paper is the one on record. A revoked certificate says so instead of disappearing.
/// </summary>
public sealed class VerifyCertificate(CertificateStore certificates)
{
    [Function(nameof(VerifyCertificate))]
    [ApiOperation("修了証を確認する")]
    [ApiResponse(200, typeof(CertificateVerification))]
    [ApiQuery("s", "修了証の QR コードが持つ署名")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/certificates/{certificateId}/verification")] HttpRequest request,
        string certificateId)
    {
        var (verification, problem) = await VerifyAsync(certificates, certificateId, request.Query["s"].ToString(), request.HttpContext.RequestAborted);
        return problem ?? ApiResults.Ok(verification!);
    }

    /// <summary>The verification the API answers and the public page shows: one reading of the record for both.</summary>
    public static async Task<(CertificateVerification? Verification, JsonBodyResult? Problem)> VerifyAsync(
        CertificateStore certificates, string certificateId, string? paperSignature, CancellationToken cancellationToken)
    {
        byte[]? paper = null;
        if (!string.IsNullOrEmpty(paperSignature))
        {
            if (paperSignature.Length > 200 || !Base64Url.IsValid(paperSignature))
            {
                return (null, ApiResults.Validation([new FieldError("s", "QRコードの署名の形式が正しくありません。")]));
            }

            paper = Base64Url.DecodeFromChars(paperSignature);
        }

        var check = await certificates.CheckAsync(certificateId, paper, cancellationToken);
        if (check is null)
        {
            return (null, ApiResults.NotFound("修了証"));
        }

        var record = check.Record;
        var facts = record.Facts;
        return (new CertificateVerification(
            record.CertificateId,
            check.Standing,
            check.Standing == CertificateStanding.Valid && check.PaperMatches != false,
            CertificateText.Standing(check.Standing),
            facts is null ? null : CertificateText.MaskedName(facts.HolderName),
            facts?.RoundTitle,
            record.IssuedAt,
            Workflow.Domain.Calendar.JapaneseDates.EraDate(record.IssuedAt),
            facts?.SessionCount,
            check.PaperMatches,
            check.PaperMatches == false ? CertificateText.PaperMismatch : null), null);
    }
}

/// <summary>The applicant downloads its own 修了証, a PDF drawn from the signed record.</summary>
public sealed class GetOwnCertificate(ApplicantAccess access, CertificateStore certificates, PublicSite site)
{
    [Function(nameof(GetOwnCertificate))]
    [ApiOperation("自分の修了証（PDF）")]
    [ApiResponse(200, MediaType = "application/pdf")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{applicationId}/certificate")] HttpRequest request,
        string applicationId)
    {
        var (application, denied) = await access.OpenAsync(request, nameof(GetOwnCertificate), applicationId);
        if (denied is not null)
        {
            return denied;
        }

        var certificate = application!.CertificateId is null ? null : await certificates.GetAsync(application.CertificateId, request.HttpContext.RequestAborted);
        if (certificate is not { Facts: { } facts, Revoked: false })
        {
            return ApiResults.NotFound("修了証");
        }

        var pdf = CertificatePdf.Render(facts, CertificateStore.VerificationUrl(site, certificate.CertificateId, certificate.Signature));
        return new PdfResult(pdf, $"certificate-{certificate.CertificateId}.pdf");
    }
}
