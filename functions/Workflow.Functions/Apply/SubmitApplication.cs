using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Workflow.Functions.Telemetry;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Mail;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Apply;

/// <summary>The application form as sent: every member optional, so that missing ones become field errors.</summary>
public sealed record ApplicationRequest(
    string? FullName,
    string? FullNameKana,
    string? Email,
    string? Phone,
    string? Prefecture,
    List<Persona>? Personas,
    List<SelfAssessment>? SelfAssessments,
    List<Qualification>? Qualifications,
    List<SkillLevelClaim>? SkillLevels,
    List<ExperienceClaim>? Experiences,
    bool? ConsentToPublication,
    ListingTier? Listing = null,
    List<WorkStyle>? WorkStyles = null,
    List<string>? Regions = null)
{
    /// <summary>
    /// The listing asked for: <c>listing</c> when sent; otherwise what the first form's one checkbox,
    /// <c>consentToPublication</c>, meant (the public roster), so that older clients keep working.
    /// </summary>
    public ListingChoice ToListing() =>
        ListingChoice.From(Listing ?? ListingChoice.FromConsent(ConsentToPublication ?? false).Tier, WorkStyles, Regions);

    public ApplicationForm ToForm() => new(
        FullName ?? string.Empty,
        FullNameKana,
        Email ?? string.Empty,
        Phone ?? string.Empty,
        Prefecture ?? string.Empty,
        Personas ?? [],
        SelfAssessments ?? [],
        Qualifications ?? [],
        SkillLevels ?? [],
        Experiences ?? [],
        ToListing().Tier,
        ToListing().WorkStyles,
        ToListing().Regions);
}

/// <summary>
/// The answer to a submission. <see cref="AccessToken"/> is shown once: the applicant presents it
/// (X-Applicant-Token header) to read or withdraw the application; only its hash is stored.
/// </summary>
public sealed record ApplicationReceipt(string ApplicationId, string RoundId, string AccessToken, DateTimeOffset SubmittedAt, string Message);

/// <summary>
/// ③ 応募: an applicant submits the form (multipart: "application" as JSON, "resume" as a PDF).
/// Nothing is stored unless every field is valid, the window is open and the e-mail is new to the round.
/// An Idempotency-Key is kept with the application itself (<see cref="ApplicationStore.SubmitAsync"/>): a retry
/// with it gets the first receipt back, across a crash too, or hears that the application has since gone.
/// </summary>
public sealed class SubmitApplication(RoundStore rounds, RoundStandards standards, ApplicationStore applications, NotificationStore notifications, BusinessLog log, TimeProvider clock, ILogger<SubmitApplication> logger)
{
    /// <summary>The notice (and mail) of the receipt.</summary>
    public const string ReceiptKind = "ApplicationReceived";

    private const string Accepted = "応募を受け付けました。受付番号とアクセスキーは応募状況の確認や応募の取り下げに必要です。大切に保管してください。";

    [Function(nameof(SubmitApplication))]
    [ApiOperation("応募する（応募内容の JSON と職務経歴書の PDF）", Body = typeof(ApplicationRequest), Idempotent = true, JsonPart = "application", FilePart = "resume", FileType = "application/pdf")]
    [ApiResponse(201, typeof(ApplicationReceipt))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/applications")] HttpRequest request,
        string roundId)
    {
        BodyLimits.Apply(request, nameof(SubmitApplication));
        var (key, malformed) = IdempotencyKey.FromHeader(request, KeyScope(roundId));
        return malformed ?? await SubmitAsync(request, roundId, key);
    }

    /// <summary>The public form's last step: the same submission, keyed by the command id its confirmation page carried.</summary>
    public async Task<IActionResult> SubmitFormAsync(HttpRequest request, string roundId, string? commandId)
    {
        var (key, malformed) = commandId is null ? (null, null) : IdempotencyKey.From(commandId, KeyScope(roundId));
        return malformed ?? await SubmitAsync(request, roundId, key);
    }

    /// <summary>Applicants are anonymous: they share keys by round.</summary>
    public static string KeyScope(string roundId) => $"{nameof(SubmitApplication)}|{roundId}";

    private async Task<IActionResult> SubmitAsync(HttpRequest request, string roundId, IdempotencyKey? key)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var round = await rounds.GetForIntakeAsync(roundId, cancellationToken);
        if (round is null)
        {
            return ApiResults.NotFound("公募");
        }

        if (request.ContentLength > BodyLimits.Of(request).Bytes)
        {
            return BodyLimits.TooLarge(request);
        }

        if (!request.HasFormContentType || !(request.ContentType ?? string.Empty).StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "multipart/form-data で送信してください。",
                "application (JSON) と resume (PDF) の2つの部分が必要です。");
        }

        var now = clock.GetUtcNow();
        var closed = WindowClosedAnswer(round, now);
        if (closed is not null && key is null)
        {
            return closed;
        }

        IFormCollection formData;
        try
        {
            formData = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (BodyLimits.IsTooLarge(e))
        {
            return BodyLimits.TooLarge(request);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return closed ?? ApiResults.Validation([new FieldError("body", "送信内容を読み取れません。フォームの形式を確認してください。")]);
        }

        var errors = new List<FieldError>();
        ApplicationForm? form = null;
        var json = formData["application"].ToString();
        if (string.IsNullOrWhiteSpace(json))
        {
            errors.Add(new FieldError("application", "応募内容(application)がありません。"));
        }
        else if (json.Length > BodyLimits.Json)
        {
            errors.Add(new FieldError("application", "応募内容が大きすぎます。"));
        }
        else
        {
            try
            {
                form = JsonSerializer.Deserialize<ApplicationRequest>(json, Json.Options)?.ToForm();
                if (form is null)
                {
                    errors.Add(new FieldError("application", "応募内容(application)が空です。"));
                }
            }
            catch (JsonException e)
            {
                var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "application" : e.Path.TrimStart('$', '.');
                errors.Add(new FieldError(field, "値の形式または選択肢が正しくありません。"));
            }
        }

        if (closed is not null)
        {
            // The retry of a submission stored just before the window closed, whose answer was lost, still gets it.
            var email = form is null ? string.Empty : ApplicationValidator.NormalizeEmail(form.Email);
            var earlier = ApplicationValidator.IsValidEmail(email)
                ? await applications.FindSubmissionAsync(roundId, email, new SubmissionKey(key!, await IdempotencyKey.FingerprintAsync(request, cancellationToken)), now, cancellationToken)
                : null;
            return earlier is null ? closed : await AnswerAsync(roundId, earlier, cancellationToken);
        }

        if (form is not null)
        {
            errors.AddRange(ApplicationValidator.Validate(form, round.PersonasSought, standards.PinnedBy(round)));
        }

        var resume = formData.Files.GetFile("resume");
        if (resume is null)
        {
            errors.Add(new FieldError("resume", "職務経歴書(PDF)を添付してください。"));
        }
        else
        {
            var head = new byte[8];
            await using (var peek = resume.OpenReadStream())
            {
                var read = await peek.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
                errors.AddRange(ResumeRules.Validate(resume.ContentType, resume.Length, head.AsSpan(0, read)));
            }
        }

        if (errors.Count > 0 || form is null || resume is null)
        {
            return ApiResults.Validation(errors);
        }

        var submissionKey = key is null ? null : new SubmissionKey(key, await IdempotencyKey.FingerprintAsync(request, cancellationToken));
        SubmittedApplication submitted;
        await using (var content = resume.OpenReadStream())
        {
            submitted = await applications.SubmitAsync(roundId, form, content, now, submissionKey, cancellationToken);
        }

        if (submitted.Outcome != SubmitOutcome.Accepted)
        {
            return await AnswerAsync(roundId, submitted, cancellationToken);
        }

        // The window may have closed while this request was being handled; the round's state decides.
        var after = await rounds.GetFreshAsync(roundId, cancellationToken);
        if (after is null || !after.Lifecycle.AcceptsApplications)
        {
            await applications.WithdrawSubmissionAsync(submitted.ApplicationId!, CancellationToken.None);
            return ApiResults.Conflict("応募期間外です。", "応募の受付は終了しました。");
        }

        await LogAsync(roundId, submitted, cancellationToken);
        await NoticeAsync(after, submitted, form.Personas, cancellationToken);
        logger.LogInformation("Application {ApplicationId} accepted for round {RoundId}", submitted.ApplicationId, roundId);
        WorkflowTelemetry.ApplicationsAccepted.Add(1, new KeyValuePair<string, object?>(WorkflowTelemetry.RoundIdTag, roundId));
        return Receipt(roundId, submitted);
    }

    /// <summary>Whatever the store found instead of storing: another application of the address, or this key's own.</summary>
    private async Task<JsonBodyResult> AnswerAsync(string roundId, SubmittedApplication found, CancellationToken cancellationToken)
    {
        switch (found.Outcome)
        {
            case SubmitOutcome.Replayed:
                // The first try may have died before its log line or its notice: the same ones again, not second ones.
                await LogAsync(roundId, found, cancellationToken);
                if (await rounds.GetAsync(roundId, cancellationToken) is { } round && await applications.GetAsync(found.ApplicationId!, cancellationToken) is { } stored)
                {
                    await NoticeAsync(round, found, stored.PersonaList, cancellationToken);
                }

                var replay = Receipt(roundId, found);
                replay.Headers["Idempotent-Replayed"] = "true";
                return replay;
            case SubmitOutcome.KeyUsedForOtherContent:
                return IdempotencyKey.UsedForOtherContent();
            case SubmitOutcome.Gone when found.GoneBecause == ErasureReason.WithdrawnByApplicant:
                return ApiResults.Gone("この応募は取り下げられました。", "取り下げた応募の受付番号とアクセスキーは使えません。");
            case SubmitOutcome.Gone:
                return ApiResults.Gone("この応募は削除されました。", "保存期間が過ぎたため、応募の内容と個人情報は削除されています。");
            default:
                return ApiResults.Conflict("このメールアドレスでは既にこの公募に応募しています。", null,
                    [new FieldError("email", "同じメールアドレスで同じ公募に2回応募することはできません。")]);
        }
    }

    /// <summary>
    /// The receipt as a notice, keyed by its kind: written again by a retry, it is the same row and the same mail. Its
    /// mail carries the access key, known here and nowhere later.
    /// </summary>
    private Task NoticeAsync(RoundRecord round, SubmittedApplication submitted, IReadOnlyList<Persona> personas, CancellationToken cancellationToken)
    {
        var text = NoticeTexts.Receipt(round.Title, submitted.ApplicationId!, personas, submitted.SubmittedAt);
        return notifications.UpsertReceiptAsync(NotificationStore.ForApplicant(submitted.ApplicationId!, ReceiptKind, text.Title, text.Body, submitted.SubmittedAt),
            submitted.AccessToken!, cancellationToken);
    }

    private Task LogAsync(string roundId, SubmittedApplication submitted, CancellationToken cancellationToken) =>
        log.WriteAsync(roundId, submitted.SubmittedAt, Actor.ApplicantLogName, BusinessLogActions.ApplicationSubmitted, submitted.ApplicationId,
            idempotencyKey: "submitted-" + submitted.ApplicationId, cancellationToken: cancellationToken);

    private static JsonBodyResult Receipt(string roundId, SubmittedApplication submitted) => ApiResults.Created(
        $"/api/applications/{submitted.ApplicationId}",
        new ApplicationReceipt(submitted.ApplicationId!, roundId, submitted.AccessToken!, submitted.SubmittedAt, Accepted));

    private static JsonBodyResult? WindowClosedAnswer(RoundRecord round, DateTimeOffset now)
    {
        if (round.Lifecycle.AcceptsApplications && now < round.Schedule.ApplicationClosesAt)
        {
            return null;
        }

        var detail = round.State < RoundState.AcceptingApplications
            ? $"応募の受付は{round.Schedule.ApplicationOpensAt.ToOffset(TimeSpan.FromHours(9)):yyyy年M月d日 H:mm}に始まります。"
            : "応募の受付は終了しました。";
        return ApiResults.Conflict("応募期間外です。", detail);
    }
}
