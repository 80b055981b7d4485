using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Publish;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;

namespace Workflow.Functions.Pages.Public;

/// <summary>
/// 応募状況の確認: the applicant types its receipt number and access key; the page asks the API's own
/// GetApplicationStatus function with them, so the page shows exactly what the API would.
/// </summary>
public sealed class ShowApplicationStatusPage(GetApplicationStatus statusApi, NotificationStore notifications)
{
    [Function(nameof(ShowApplicationStatusPage))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "applications/status")] HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return Render(string.Empty, string.Empty, [], null);
        }

        var form = await PageForms.TryReadAsync(request);
        if (form is null && BodyLimits.WasExceeded(request))
        {
            return PageForms.TooLarge(request, "/applications/status");
        }

        var applicationId = form?["applicationId"].ToString().Trim() ?? string.Empty;
        var accessToken = form?["accessToken"].ToString().Trim() ?? string.Empty;
        var errors = new List<FieldError>();
        if (!ApplicationIds.TryParse(applicationId, out _, out _))
        {
            errors.Add(new FieldError("applicationId", "受付番号を、応募完了画面に表示されたとおりに入力してください。"));
        }

        if (accessToken.Length == 0)
        {
            errors.Add(new FieldError("accessToken", "アクセスキーを入力してください。"));
        }

        if (errors.Count > 0)
        {
            return Render(applicationId, accessToken, errors, null);
        }

        return await ShowAsync(statusApi, notifications, request, applicationId, accessToken, null);
    }

    /// <summary>The status as the API's GetApplicationStatus gives it for these credentials, with the applicant's notifications.</summary>
    internal static async Task<HtmlResult> ShowAsync(
        GetApplicationStatus statusApi, NotificationStore notifications, HttpRequest request, string applicationId, string accessToken, Markup? notice)
    {
        request.Headers[AccessGate.ApplicantTokenHeader] = accessToken;
        var answer = await statusApi.Run(request, applicationId) as JsonBodyResult;
        if (answer is { StatusCode: 200, Body: ApplicationStatusView view })
        {
            // The API opened the application for this key; its notifications are the applicant's own.
            var items = await notifications.ForApplicantAsync(applicationId, request.HttpContext.RequestAborted);
            return Render(applicationId, accessToken, [], view, items, notice);
        }

        return Render(applicationId, accessToken, [new FieldError("accessToken", "受付番号とアクセスキーの組み合わせが正しくありません。")], null);
    }

    private static HtmlResult Render(string applicationId, string accessToken, IReadOnlyList<FieldError> errors, ApplicationStatusView? view,
        IReadOnlyList<Notification>? items = null, Markup? notice = null)
    {
        var inbox = items is not { Count: > 0 } ? Markup.Empty : Html.Of($"""
            <section aria-labelledby="inbox-title">
            <h2 id="inbox-title">お知らせ</h2>
            {items.OrderByDescending(n => n.CreatedAt).Select(n => Notice(n, applicationId, accessToken))}
            </section>
            """);
        var result = view is null ? Markup.Empty : Html.Of($"""
            <section class="card" aria-labelledby="status-title">
            <h2 id="status-title">応募状況</h2>
            <dl class="summary">
            <dt>公募</dt><dd>{view.RoundTitle}</dd>
            <dt>受付番号</dt><dd>{view.ApplicationId}</dd>
            <dt>応募した人材像</dt><dd>{string.Join("、", view.Personas)}</dd>
            <dt>応募日時</dt><dd>{PublicText.When(view.SubmittedAt)}</dd>
            <dt>状態</dt><dd><strong>{view.StatusName}</strong></dd>
            {(view.OutcomeReason is null ? Markup.Empty : Html.Of($"<dt>理由</dt><dd>{view.OutcomeReason}</dd>"))}
            {(view.AttendedSessions.Count == 0 ? Markup.Empty : Html.Of($"<dt>出席した研修</dt><dd>第{string.Join("・", view.AttendedSessions)}回</dd>"))}
            {(view.CertificateId is null ? Markup.Empty : Html.Of($"<dt>修了証番号</dt><dd>{view.CertificateId}（<a href=\"/certificates/{view.CertificateId}\">交付記録を確認する</a>）</dd>"))}
            </dl>
            {(view.CertificateId is null ? Markup.Empty : Html.Of($"""
                <form method="post" action="/applications/status/certificate" class="actions">
                <input type="hidden" name="applicationId" value="{applicationId}">
                <input type="hidden" name="accessToken" value="{accessToken}">
                <button type="submit" id="certificate-download">修了証（PDF）をダウンロード</button>
                </form>
                """))}
            {Results(view.Results)}
            </section>
            {ResumeReplacement(view, applicationId, accessToken)}
            {Listing(view, applicationId, accessToken)}
            {Contacts(view, applicationId, accessToken)}
            """);
        return PageLayout.Page("応募状況の確認", Html.Of($"""
            <h1>応募状況の確認</h1>
            <p>応募完了画面に表示された受付番号とアクセスキーを入力してください。</p>
            {PageLayout.ErrorSummary(errors)}
            <form method="post" action="/applications/status" novalidate>
            {TextField("applicationId", "受付番号", applicationId, errors, "例：R2026-1a2b3c4d_05_…")}
            {TextField("accessToken", "アクセスキー", accessToken, errors, "apt. で始まる文字列")}
            <div class="actions"><button type="submit">確認する</button></div>
            </form>
            <p><a href="/applications/status/access-key">アクセスキーをなくした場合（新しいアクセスキーをメールで受け取る）</a></p>
            {notice ?? Markup.Empty}
            {result}
            {inbox}
            """), current: "/applications/status", status: errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>Where the malware scan keeps the résumé closed for good, the request for another file, and its form.</summary>
    private static Markup ResumeReplacement(ApplicationStatusView view, string applicationId, string accessToken) => !view.ResumeNeedsReplacing ? Markup.Empty : Html.Of($"""
        <section class="card" aria-labelledby="resume-title" id="resume-replacement">
        <h2 id="resume-title">職務経歴書の差し替え</h2>
        <div class="notice error"><p>提出された職務経歴書は、ウイルス検査で安全を確認できなかったため、選定に使えません。ウイルス対策ソフトで確認したPDFを、改めて提出してください。</p></div>
        <form method="post" action="/applications/status/resume" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="applicationId" value="{applicationId}">
        <input type="hidden" name="accessToken" value="{accessToken}">
        <div class="field">
        <label for="field-resume">職務経歴書（PDF、10MB以下）<span class="required">必須</span></label>
        <input type="file" id="field-resume" name="resume" accept="application/pdf" aria-required="true">
        </div>
        <div class="actions"><button type="submit">職務経歴書を差し替える</button></div>
        </form>
        </section>
        """);

    /// <summary>The outcome per persona applied for, with its reason: what the person may be trained and listed as.</summary>
    private static Markup Results(IReadOnlyList<PersonaResultView> results) => results.Count == 0 ? Markup.Empty : Html.Of($"""
        <h3>人材像ごとの選定結果</h3>
        <table>
        <thead><tr><th scope="col">人材像</th><th scope="col">結果</th><th scope="col">理由</th></tr></thead>
        <tbody>{results.Select(r => Html.Of($"<tr><th scope=\"row\">{r.PersonaName}</th><td>{ApplicationNames.Outcome(r.Selected)}</td><td>{r.Reason}</td></tr>"))}</tbody>
        </table>
        """);

    /// <summary>
    /// Who sees the person on the roster, and the form to change it, while a choice can still act (not after a
    /// withdrawal or an outcome that keeps the person off the roster).
    /// </summary>
    private static Markup Listing(ApplicationStatusView view, string applicationId, string accessToken)
    {
        if (view.Listing is not { } listing)
        {
            return Markup.Empty;
        }

        var current = new ListingChoice(listing.Listing, listing.WorkStyles, listing.Regions);
        var closed = view.Status is ApplicationStatus.Withdrawn or ApplicationStatus.NotSelected or ApplicationStatus.NotCertified;
        return Html.Of($"""
            <section class="card" aria-labelledby="listing-title">
            <h2 id="listing-title">人材リストへの掲載</h2>
            <dl class="summary">
            <dt>掲載の範囲</dt><dd id="listing-current"><strong>{listing.ListingName}</strong></dd>
            <dt>希望</dt><dd>{current.PreferencesText()}</dd>
            <dt>現在の掲載</dt><dd>{(listing.OnRoster ? "人材リストに掲載されています" : "人材リストには掲載されていません")}</dd>
            </dl>
            {(closed ? Markup.Empty : Html.Of($"""
                <form method="post" action="/applications/status/listing" novalidate>
                <input type="hidden" name="applicationId" value="{applicationId}">
                <input type="hidden" name="accessToken" value="{accessToken}">
                {ListingFields.Tiers(listing.Listing, [])}
                {ListingFields.Preferences(current, [])}
                <div class="actions"><button type="submit" id="listing-save">掲載設定を保存する</button></div>
                </form>
                """))}
            </section>
            """);
    }

    /// <summary>Municipalities' contact requests: what they wrote, and the answer (once) or the buttons to give it.</summary>
    private static Markup Contacts(ApplicationStatusView view, string applicationId, string accessToken)
    {
        if (view.Contacts is not { Count: > 0 } contacts)
        {
            return Markup.Empty;
        }

        return Html.Of($"""
            <section aria-labelledby="contacts-title">
            <h2 id="contacts-title">自治体からの連絡の申出</h2>
            {Html.Join(contacts.Select(c => Html.Of($"""
                <article class="card">
                <h3>{c.MunicipalityName}</h3>
                <p class="muted">{PublicText.When(c.RequestedAt)}・{c.StatusName}</p>
                <p>{c.Message}</p>
                {(c.Status != ContactStatus.Requested ? Markup.Empty : Html.Of($"""
                    <p class="hint">承諾すると、{c.MunicipalityName}にだけ、メールアドレス・電話番号と職務経歴書が開示されます。</p>
                    <form method="post" action="/applications/status/contacts/{c.MunicipalityCode}" class="actions">
                    <input type="hidden" name="applicationId" value="{applicationId}">
                    <input type="hidden" name="accessToken" value="{accessToken}">
                    <button type="submit" name="accept" value="true">連絡を承諾する</button>
                    <button type="submit" name="accept" value="false" class="secondary">辞退する</button>
                    </form>
                    """))}
                </article>
                """)))}
            </section>
            """);
    }

    /// <summary>A notice's text, its line breaks kept.</summary>
    private static Markup Lines(string text) => Html.Join(text.Split('\n').Select((line, i) => i == 0 ? Html.Of($"{line}") : Html.Of($"<br>{line}")));

    /// <summary>One notification; an appointment request carries the form to accept or decline it.</summary>
    private static Markup Notice(Notification n, string applicationId, string accessToken)
    {
        const string appointmentKind = Appoint.NotifyCandidateOfAppointment.Kind + "_";
        var answer = n.Kind.StartsWith(appointmentKind, StringComparison.Ordinal) ? Html.Of($"""
            <form method="post" action="/applications/status/appointments/{n.Kind[appointmentKind.Length..]}" class="actions">
            <input type="hidden" name="applicationId" value="{applicationId}">
            <input type="hidden" name="accessToken" value="{accessToken}">
            <button type="submit" name="accept" value="true">任用を承諾する</button>
            <button type="submit" name="accept" value="false" class="secondary">辞退する</button>
            </form>
            """) : Markup.Empty;
        return Html.Of($"""
            <article class="card">
            <h3>{n.Title}</h3>
            <p class="muted">{PublicText.When(n.CreatedAt)}</p>
            <p>{Lines(n.Body)}</p>
            {answer}
            </article>
            """);
    }

    internal static Markup TextField(string name, string label, string value, IReadOnlyList<FieldError> errors, string hint)
    {
        var id = PageLayout.FieldId(name);
        var hasError = PageLayout.HasError(errors, name);
        return Html.Of($"""
            <div class="field{(hasError ? " has-error" : string.Empty)}">
            <label for="{id}">{label}<span class="required">必須</span></label>
            <span class="hint" id="{id}-hint">{hint}</span>
            {PageLayout.FieldErrors(errors, name)}
            <input type="text" id="{id}" name="{name}" value="{value}" autocomplete="off" spellcheck="false" aria-describedby="{id}-hint{(hasError ? $" {id}-error" : string.Empty)}"{(hasError ? Html.Raw(" aria-invalid=\"true\"") : Markup.Empty)}>
            </div>
            """);
    }
}

/// <summary>The applicant answers an appointment request from the status page, through the API's AnswerAppointment.</summary>
public sealed class AnswerAppointmentPage(AnswerAppointment answerApi, GetApplicationStatus statusApi, NotificationStore notifications)
{
    [Function(nameof(AnswerAppointmentPage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/status/appointments/{appointmentId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string appointmentId)
    {
        var (post, refused) = await StatusPageCommands.ReadAsync(request, statusApi, notifications, "回答を受け付けられませんでした。", appointmentId.Length <= 80);
        if (refused is not null)
        {
            return refused;
        }

        var (applicationId, accessToken) = (post!.ApplicationId, post.AccessToken);
        var accept = post.Form["accept"].ToString() == "true";

        var answer = await StatusPageCommands.CallAsync(request, accessToken, new AnswerRequest(accept), () => answerApi.Run(request, client, appointmentId));

        // A refusal says why (the days-a-week limit, a deadline passed) under its title.
        var notice = answer is { StatusCode: StatusCodes.Status202Accepted }
            ? Html.Of($"<div class=\"notice success\" role=\"status\"><p>{(accept ? "任用の申込みを承諾しました。" : "任用の申込みを辞退しました。")}自治体にお知らせします。</p></div>")
            : StatusPageCommands.Refused(answer?.Body as Problem, "回答できませんでした。");
        return await ShowApplicationStatusPage.ShowAsync(statusApi, notifications, request, applicationId, accessToken, notice);
    }
}

/// <summary>The applicant changes their roster choice from the status page, through the API's ChangeListing.</summary>
public sealed class ChangeListingPage(ChangeListing listingApi, GetApplicationStatus statusApi, NotificationStore notifications)
{
    [Function(nameof(ChangeListingPage))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/status/listing")] HttpRequest request)
    {
        var (post, refused) = await StatusPageCommands.ReadAsync(request, statusApi, notifications, "掲載設定を保存できませんでした。");
        if (refused is not null)
        {
            return refused;
        }

        var (form, applicationId, accessToken) = (post!.Form, post.ApplicationId, post.AccessToken);
        var body = new ListingRequest(ListingFields.TierFrom(form), ListingFields.WorkStylesFrom(form), ListingFields.RegionsFrom(form));
        var answer = await StatusPageCommands.CallAsync(request, accessToken, body, () => listingApi.Run(request, applicationId));
        var notice = answer switch
        {
            { StatusCode: StatusCodes.Status200OK, Body: ListingView view } => Html.Of($"<div class=\"notice success\" role=\"status\"><p>{view.Message}</p></div>"),
            { Body: Problem problem } => StatusPageCommands.Refused(problem, "掲載設定を保存できませんでした。"),
            _ => StatusPageCommands.Refused(null, "掲載設定を保存できませんでした。"),
        };
        return await ShowApplicationStatusPage.ShowAsync(statusApi, notifications, request, applicationId, accessToken, notice);
    }
}

/// <summary>The applicant answers a municipality's contact request from the status page, through the API's AnswerContact.</summary>
public sealed class AnswerContactPage(AnswerContact answerApi, GetApplicationStatus statusApi, NotificationStore notifications)
{
    [Function(nameof(AnswerContactPage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/status/contacts/{code}")] HttpRequest request,
        string code)
    {
        var (post, refused) = await StatusPageCommands.ReadAsync(request, statusApi, notifications, "回答を受け付けられませんでした。", code.Length <= 10);
        if (refused is not null)
        {
            return refused;
        }

        var (applicationId, accessToken) = (post!.ApplicationId, post.AccessToken);
        var accept = post.Form["accept"].ToString() == "true";
        var answer = await StatusPageCommands.CallAsync(request, accessToken, new ContactAnswerBody(accept), () => answerApi.Run(request, applicationId, code));
        var notice = answer is { StatusCode: StatusCodes.Status200OK }
            ? Html.Of($"<div class=\"notice success\" role=\"status\"><p>{(accept ? "連絡の申出を承諾しました。" : "連絡の申出を辞退しました。")}自治体にお知らせします。</p></div>")
            : StatusPageCommands.Refused(answer?.Body as Problem, "回答できませんでした。");
        return await ShowApplicationStatusPage.ShowAsync(statusApi, notifications, request, applicationId, accessToken, notice);
    }
}

/// <summary>The applicant sends another résumé from the status page, through the API's ReplaceResume.</summary>
public sealed class ReplaceResumePage(ReplaceResume replaceApi, GetApplicationStatus statusApi, NotificationStore notifications)
{
    [Function(nameof(ReplaceResumePage))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/status/resume")] HttpRequest request)
    {
        BodyLimits.Apply(request, nameof(ReplaceResumePage));
        var (post, refused) = await StatusPageCommands.ReadAsync(request, statusApi, notifications, "職務経歴書を差し替えられませんでした。");
        if (refused is not null)
        {
            return refused;
        }

        var (applicationId, accessToken) = (post!.ApplicationId, post.AccessToken);
        var file = post.Form.Files.GetFile("resume");
        Markup notice;
        if (file is null || file.Length == 0)
        {
            notice = Html.Of($"<div class=\"notice error\" role=\"alert\"><p>職務経歴書を差し替えられませんでした。</p><p>PDFファイルを選んでください。</p></div>");
        }
        else
        {
            await using var pdf = file.OpenReadStream();
            var answer = await StatusPageCommands.CallWithFileAsync(request, accessToken, pdf, file.Length, file.ContentType, () => replaceApi.Run(request, applicationId));
            notice = answer is { StatusCode: StatusCodes.Status200OK, Body: ResumeReplaced replaced }
                ? Html.Of($"<div class=\"notice success\" role=\"status\"><p>{replaced.Message}</p></div>")
                : StatusPageCommands.Refused(answer?.Body as Problem, "職務経歴書を差し替えられませんでした。");
        }

        return await ShowApplicationStatusPage.ShowAsync(statusApi, notifications, request, applicationId, accessToken, notice);
    }
}

/// <summary>A status-page form as posted: the receipt number and access key it carries, and the rest of its fields.</summary>
internal sealed record StatusPagePost(IFormCollection Form, string ApplicationId, string AccessToken);

/// <summary>How a status-page form hands its command to the API function: the same request, with the key and a JSON body.</summary>
internal static class StatusPageCommands
{
    /// <summary>
    /// The form, or the page to answer instead: 413 for a body past the limit, the status page with
    /// <paramref name="failure"/> for a form without a well-formed receipt number and key (or a route value the
    /// caller found wrong: <paramref name="routeValueOk"/>).
    /// </summary>
    public static async Task<(StatusPagePost? Post, IActionResult? Refused)> ReadAsync(HttpRequest request, GetApplicationStatus statusApi, NotificationStore notifications,
        string failure, bool routeValueOk = true)
    {
        var form = await PageForms.TryReadAsync(request);
        if (form is null && BodyLimits.WasExceeded(request))
        {
            return (null, PageForms.TooLarge(request, "/applications/status"));
        }

        var applicationId = form?["applicationId"].ToString().Trim() ?? string.Empty;
        var accessToken = form?["accessToken"].ToString().Trim() ?? string.Empty;
        if (form is null || !ApplicationIds.TryParse(applicationId, out _, out _) || accessToken.Length is 0 or > 200 || !routeValueOk)
        {
            return (null, await ShowApplicationStatusPage.ShowAsync(statusApi, notifications, request, applicationId, accessToken,
                Html.Of($"<div class=\"notice error\" role=\"alert\"><p>{failure}受付番号とアクセスキーを入力して、もう一度お試しください。</p></div>")));
        }

        return (new StatusPagePost(form, applicationId, accessToken), null);
    }

    public static async Task<JsonBodyResult?> CallAsync<T>(HttpRequest request, string accessToken, T body, Func<Task<IActionResult>> call)
    {
        request.Headers[AccessGate.ApplicantTokenHeader] = accessToken;
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, Json.Options);
        request.Body = new MemoryStream(json);
        request.ContentType = "application/json";
        request.ContentLength = json.Length;
        return await call() as JsonBodyResult;
    }

    /// <summary>The same request, with the key and the uploaded file as its body, as the API takes a document.</summary>
    public static async Task<JsonBodyResult?> CallWithFileAsync(HttpRequest request, string accessToken, Stream file, long length, string? contentType, Func<Task<IActionResult>> call)
    {
        request.Headers[AccessGate.ApplicantTokenHeader] = accessToken;
        request.Body = file;
        request.ContentType = contentType;
        request.ContentLength = length;
        return await call() as JsonBodyResult;
    }

    /// <summary>A refusal says why under its title; a field error, which field.</summary>
    public static Markup Refused(Problem? problem, string fallback)
    {
        var details = problem?.Errors is { Count: > 0 } errors ? string.Join(" ", errors.Values.SelectMany(m => m)) : problem?.Detail;
        return Html.Of($"<div class=\"notice error\" role=\"alert\"><p>{problem?.Title ?? fallback}</p>{(details is null ? Markup.Empty : Html.Of($"<p>{details}</p>"))}</div>");
    }
}

