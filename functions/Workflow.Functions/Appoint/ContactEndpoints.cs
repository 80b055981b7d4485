using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;

namespace Workflow.Functions.Appoint;

public sealed record ContactRequestBody(string? CandidateId, string? Message);

public sealed record ContactAnswerBody(bool? Accept);

/// <summary>A contact request as either side reads it: the message, where it stands, and when.</summary>
/// <param name="Asked">Which asking this is (1 the first); <paramref name="MayAskAgain"/>: withdrawn, and the municipality may ask once more.</param>
public sealed record ContactView(string CandidateId, string MunicipalityCode, string MunicipalityName, string Message, ContactStatus Status, string StatusName,
    DateTimeOffset RequestedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? WithdrawnAt, int Asked, bool MayAskAgain)
{
    public static ContactView Of(ContactRequest c) => new(c.CandidateId, c.MunicipalityCode, c.MunicipalityName, c.Message, c.Status,
        ContactNames.DisplayName(c.Status), c.RequestedAt, c.AnsweredAt, c.WithdrawnAt, c.Asked, c.MayAskAgain);
}

/// <summary>
/// What a contact request tells each side; one notice per asking and answer, so a repeat writes the same row and a
/// request made again after a withdrawal is told (and mailed) anew.
/// </summary>
public static class ContactNotices
{
    public const string RequestedKind = "ContactRequested";
    public const string AnsweredKind = "ContactAnswered";
    public const string WithdrawnKind = "ContactWithdrawn";

    /// <summary>The business log's key of a line about this asking: the first keeps the key it always had.</summary>
    public static string LogKey(string what, ContactRequest c) =>
        c.Asked == 1 ? $"{what}:{c.CandidateId}:{c.MunicipalityCode}" : $"{what}:{c.CandidateId}:{c.MunicipalityCode}:{c.Asked}";

    /// <summary>The notice's kind for this asking: the first keeps the name it always had.</summary>
    private static string Kind(string kind, ContactRequest c) => c.Asked == 1 ? $"{kind}_{c.MunicipalityCode}" : $"{kind}_{c.MunicipalityCode}_{c.Asked}";

    public static Azure.Data.Tables.TableEntity ToPerson(ContactRequest c) => NotificationStore.ForApplicant(c.CandidateId, Kind(RequestedKind, c),
        $"{c.MunicipalityName}から連絡の申出が届きました",
        $"{c.MunicipalityName}が、人材リストに掲載されたあなたに連絡を取りたいと申し出ています。\n" +
        $"申出の内容: {c.Message}\n" +
        "承諾すると、この団体にだけ、あなたのメールアドレス・電話番号と職務経歴書が開示されます。辞退しても、ほかの団体への掲載は変わりません。\n" +
        "応募状況の確認ページで、承諾するか辞退するかを選んでください。",
        c.RequestedAt);

    public static Azure.Data.Tables.TableEntity WithdrawalToPerson(ContactRequest c) => NotificationStore.ForApplicant(c.CandidateId, Kind(WithdrawnKind, c),
        $"{c.MunicipalityName}が連絡の申出を取り下げました",
        $"{c.MunicipalityName}は、あなたへの連絡の申出を取り下げました。回答の必要はありません。\n" +
        "あなたの連絡先と職務経歴書は、この団体に開示されていません。人材リストへの掲載は変わりません。",
        c.WithdrawnAt ?? c.RequestedAt);

    public static Azure.Data.Tables.TableEntity ToMunicipality(ContactRequest c, string roundId) => NotificationStore.ForMunicipality(c.MunicipalityCode, roundId,
        AnsweredKind, c.CandidateId,
        c.Status == ContactStatus.Accepted ? "連絡の申出が承諾されました" : "連絡の申出が辞退されました",
        c.Status == ContactStatus.Accepted
            ? $"人材リストの {c.CandidateId} の方が連絡の申出を承諾しました。職員ページの人材情報から連絡先と職務経歴書を確認できます。"
            : $"人材リストの {c.CandidateId} の方は連絡の申出を辞退しました。",
        c.AnsweredAt ?? c.RequestedAt);
}

/// <summary>
/// 連絡の申出: a signed-in municipality asks to contact a person listed for municipalities. One request at a time per
/// municipality and person: a repeat answers with the request as stored, and writes its notice and log line again as
/// they were. After a withdrawal the request is made again with the new message (up to
/// <see cref="ContactRequest.MaxAsks"/> askings in all).
/// </summary>
public sealed class RequestContact(AccessGate access, RosterStore roster, MunicipalityStore municipalities, ContactStore contacts, NotificationStore notifications,
    BusinessLog log, TimeProvider clock)
{
    [Function(nameof(RequestContact))]
    [ApiOperation("候補者への連絡を依頼する", Body = typeof(ContactRequestBody))]
    [ApiResponse(201, typeof(ContactView), Description = "新しい依頼")]
    [ApiResponse(200, typeof(ContactView), Description = "この自治体は既に依頼済み")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/municipalities/{code}/contacts")] HttpRequest request,
        string code)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(RequestContact), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<ContactRequestBody>(request);
        if (error is not null)
        {
            return error;
        }

        var errors = new List<FieldError>(ContactRequest.ValidateMessage(body!.Message));
        if (string.IsNullOrWhiteSpace(body.CandidateId) || body.CandidateId.Length > 100)
        {
            errors.Add(new FieldError("candidateId", "連絡したい人材のID（人材リストの candidateId）を指定してください。"));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (!MunicipalityCode.IsValid(code) || await municipalities.GetAsync(code, cancellationToken) is not { } municipality)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "登録されていない団体です。", "総務省に団体の登録を依頼してください。");
        }

        if (await roster.GetAsync(body.CandidateId!, cancellationToken) is not { } candidate || !candidate.Listing.IsListed)
        {
            return ApiResults.NotFound("人材");
        }

        var message = body.Message!.Trim();
        var (stored, recorded) = await contacts.RequestAsync(new ContactRequest(candidate.CandidateId, municipality.Code, municipality.Name,
            message, ContactStatus.Requested, clock.GetUtcNow(), null), cancellationToken);
        if (!recorded && stored.Status == ContactStatus.Withdrawn)
        {
            return await CommandAttempts.UntilRecordedAsync("この連絡の申出", async _ =>
            {
                var read = await contacts.GetAsync(candidate.CandidateId, municipality.Code, cancellationToken);
                if (read is null)
                {
                    return ApiResults.NotFound("連絡の申出");
                }

                if (read.Request.RefuseAskingAgain() is { } refusal)
                {
                    return ApiResults.Conflict("連絡を申し出られません。", refusal);
                }

                if (!read.Request.MayAskAgain)
                {
                    // Made again meanwhile (a double click): answered as the request that stands.
                    return await ToldAsync(read.Request, candidate.RoundId, actor!, code, recorded: false, cancellationToken);
                }

                var again = read.Request.AskAgain(message, clock.GetUtcNow());
                return await contacts.RecordAskedAgainAsync(read, again, cancellationToken)
                    ? await ToldAsync(again, candidate.RoundId, actor!, code, recorded: true, cancellationToken)
                    : null;
            });
        }

        return await ToldAsync(stored, candidate.RoundId, actor!, code, recorded, cancellationToken);
    }

    /// <summary>The person's notice and the log line of the request as it stands (again, as they were, on a repeat), and the answer.</summary>
    private async Task<IActionResult> ToldAsync(ContactRequest request, string roundId, Actor actor, string code, bool recorded, CancellationToken cancellationToken)
    {
        await notifications.UpsertAsync([ContactNotices.ToPerson(request)], cancellationToken);
        await log.WriteAsync(roundId, request.RequestedAt, actor.LogName, BusinessLogActions.ContactRequested, request.CandidateId, request.MunicipalityCode,
            idempotencyKey: ContactNotices.LogKey("contact", request), cancellationToken: cancellationToken);
        var view = ContactView.Of(request);
        return recorded ? ApiResults.Created($"/api/municipalities/{code}/contacts", view) : ApiResults.Ok(view);
    }
}

/// <summary>A municipality's contact requests, newest first.</summary>
public sealed class ListMunicipalityContacts(AccessGate access, ContactStore contacts)
{
    [Function(nameof(ListMunicipalityContacts))]
    [ApiOperation("自治体の連絡依頼の一覧")]
    [ApiResponse(200, typeof(Collection<ContactView>))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/municipalities/{code}/contacts")] HttpRequest request,
        string code)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ListMunicipalityContacts), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        return !MunicipalityCode.IsValid(code) ? ApiResults.NotFound("団体")
            : ApiResults.Ok(new Collection<ContactView>((await contacts.ForMunicipalityAsync(code, request.HttpContext.RequestAborted)).Select(ContactView.Of).ToList()));
    }
}

/// <summary>
/// The person answers a contact request with their access key. The first answer stands: the same answer again gets
/// the same reply; the other one is refused with the reason.
/// </summary>
public sealed class AnswerContact(AccessGate access, ContactStore contacts, NotificationStore notifications, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(AnswerContact))]
    [ApiOperation("連絡依頼に回答する", Body = typeof(ContactAnswerBody))]
    [ApiResponse(200, typeof(ContactView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{applicationId}/contacts/{code}")] HttpRequest request,
        string applicationId,
        string code)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(AnswerContact), AccessScope.Application(applicationId));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<ContactAnswerBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.Accept is not { } accept)
        {
            return ApiResults.Validation([new FieldError("accept", "承諾する（true）か辞退する（false）かを指定してください。")]);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (!MunicipalityCode.IsValid(code) || !ApplicationIds.TryParse(applicationId, out var roundId, out _))
        {
            return ApiResults.NotFound("連絡の申出");
        }

        return await CommandAttempts.UntilRecordedAsync("この連絡の申出", async _ =>
        {
            var read = await contacts.GetAsync(applicationId, code, cancellationToken);
            if (read is null)
            {
                return ApiResults.NotFound("連絡の申出");
            }

            if (read.Request.RefuseAnswer(accept) is { } refusal)
            {
                return ApiResults.Conflict("この連絡の申出には回答済みです。", refusal);
            }

            var answered = read.Request.Answer(accept, clock.GetUtcNow());
            if (read.Request.Status == ContactStatus.Requested && !await contacts.RecordAnswerAsync(read, answered, cancellationToken))
            {
                return null;
            }

            // Written again on a repeat, as they were: an answer cut off after its row is completed by asking again.
            await notifications.UpsertAsync([ContactNotices.ToMunicipality(answered, roundId)], cancellationToken);
            await log.WriteAsync(roundId, answered.AnsweredAt!.Value, actor!.LogName, BusinessLogActions.ContactAnswered, applicationId, $"{code}:{answered.Status}",
                idempotencyKey: $"contact-answer:{applicationId}:{code}", cancellationToken: cancellationToken);
            return ApiResults.Ok(ContactView.Of(answered));
        });
    }
}

/// <summary>The contact requests the person has received, for the status page.</summary>
public sealed class ListApplicantContacts(AccessGate access, ContactStore contacts)
{
    [Function(nameof(ListApplicantContacts))]
    [ApiOperation("自分への連絡依頼")]
    [ApiResponse(200, typeof(Collection<ContactView>))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{applicationId}/contacts")] HttpRequest request,
        string applicationId)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ListApplicantContacts), AccessScope.Application(applicationId));
        return denied ?? ApiResults.Ok(new Collection<ContactView>((await contacts.ForCandidateAsync(applicationId, request.HttpContext.RequestAborted)).Select(ContactView.Of).ToList()));
    }
}

/// <summary>
/// The municipality withdraws its contact request before the person answers (a request sent to the wrong person, a
/// need filled meanwhile). The person's answer and the withdrawal race on the request's row: the first recorded
/// stands, and the other is refused with it. A repeat answers the same and writes the notice and log line again.
/// </summary>
public sealed class WithdrawContact(AccessGate access, ContactStore contacts, NotificationStore notifications, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(WithdrawContact))]
    [ApiOperation("回答前の連絡依頼を取り下げる")]
    [ApiResponse(200, typeof(ContactView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/municipalities/{code}/contacts/{candidateId}/withdrawal")] HttpRequest request,
        string code,
        string candidateId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(WithdrawContact), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (!ApplicationIds.TryParse(candidateId, out var roundId, out _))
        {
            return ApiResults.NotFound("連絡の申出");
        }

        return await CommandAttempts.UntilRecordedAsync("この連絡の申出", async _ =>
        {
            var read = await contacts.GetAsync(candidateId, code, cancellationToken);
            if (read is null)
            {
                return ApiResults.NotFound("連絡の申出");
            }

            if (read.Request.RefuseWithdrawal() is { } refusal)
            {
                return ApiResults.Conflict("この連絡の申出は取り下げられません。", refusal);
            }

            var withdrawn = read.Request.Withdraw(clock.GetUtcNow());
            if (read.Request.Status == ContactStatus.Requested && !await contacts.RecordWithdrawalAsync(read, withdrawn, cancellationToken))
            {
                return null;
            }

            await notifications.UpsertAsync([ContactNotices.WithdrawalToPerson(withdrawn)], cancellationToken);
            await log.WriteAsync(roundId, withdrawn.WithdrawnAt!.Value, actor!.LogName, BusinessLogActions.ContactWithdrawn, candidateId, code,
                idempotencyKey: ContactNotices.LogKey("contact-withdrawal", withdrawn), cancellationToken: cancellationToken);
            return ApiResults.Ok(ContactView.Of(withdrawn));
        });
    }
}
