using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Train;

namespace Workflow.Functions.Pages.Public;

/// <summary>
/// 修了証の確認: where a 修了証's QR code leads, open to anyone (a municipality about to appoint, an employer). It says
/// whether the record stands and its signature verifies, whether the paper's QR code carries that signature, and shows
/// the round, the date and the holder's name partly hidden, for comparing with the paper in hand.
/// </summary>
public sealed class ShowCertificateVerificationPage(CertificateStore certificates)
{
    [Function(nameof(ShowCertificateVerificationPage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "certificates/{certificateId?}")] HttpRequest request,
        string? certificateId)
    {
        // A number typed into the form arrives as ?number=; the QR code's URL names it in the path.
        var number = (certificateId ?? request.Query["number"].ToString()).Trim().ToUpperInvariant();
        if (number.Length == 0)
        {
            return Render(string.Empty, [], null);
        }

        var (verification, problem) = await VerifyCertificate.VerifyAsync(certificates, number, request.Query["s"].ToString(), request.HttpContext.RequestAborted);
        if (verification is null)
        {
            var notFound = problem is { StatusCode: StatusCodes.Status404NotFound };
            return Render(number, [new FieldError("number", notFound
                ? "この番号の修了証は交付されていません。番号をお確かめください。"
                : "QRコードの内容を読み取れませんでした。修了証番号を入力して確認してください。")], null,
                notFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }

        return Render(number, [], verification);
    }

    private static HtmlResult Render(string number, IReadOnlyList<FieldError> errors, CertificateVerification? v, int status = StatusCodes.Status200OK) =>
        PageLayout.Page("修了証の確認", Html.Of($"""
            <h1>修了証の確認</h1>
            <p>総務省の自治体DX外部人材確保支援事業で交付された修了証が本物かどうかを確認できます。修了証のQRコードを読み取るか、修了証番号を入力してください。</p>
            {PageLayout.ErrorSummary(errors)}
            <form method="get" action="/certificates" novalidate>
            {ShowApplicationStatusPage.TextField("number", "修了証番号", number, errors, "例：C0123456789ABCDE（Cで始まる16文字）")}
            <div class="actions"><button type="submit">確認する</button></div>
            </form>
            {(v is null ? Markup.Empty : Result(v))}
            """), current: null, status: status);

    private static Markup Result(CertificateVerification v)
    {
        var tone = v.Valid ? "success" : v.Standing is CertificateStanding.Altered || v.PaperMatches == false ? "error" : string.Empty;
        return Html.Of($"""
            <section aria-labelledby="result-title" id="certificate-result">
            <h2 id="result-title">確認結果</h2>
            <div class="notice {tone}" role="status">
            <p><strong>{(v.Valid ? "有効" : v.Standing == CertificateStanding.Revoked ? "失効" : "確認できません")}</strong>：{v.Message}</p>
            {(v.PaperMessage is null ? Markup.Empty : Html.Of($"<p>{v.PaperMessage}</p>"))}
            </div>
            <dl class="summary">
            <dt>修了証番号</dt><dd>{v.CertificateId}</dd>
            {(v.HolderMasked is null ? Markup.Empty : Html.Of($"<dt>氏名（一部を伏せています）</dt><dd>{v.HolderMasked}</dd>"))}
            {(v.RoundTitle is null ? Markup.Empty : Html.Of($"<dt>研修を実施した公募</dt><dd>{v.RoundTitle}</dd>"))}
            {(v.SessionCount is { } sessions ? Html.Of($"<dt>研修</dt><dd>全{sessions}回の全課程を修了</dd>") : Markup.Empty)}
            <dt>交付日</dt><dd>{v.IssuedOn}</dd>
            </dl>
            <p class="muted">氏名は一部を伏せて表示しています。お手元の修了証の氏名・公募名・交付日と照らし合わせてください。</p>
            </section>
            """);
    }
}

/// <summary>
/// The applicant's own 修了証 as a PDF, from the status page: its receipt number and access key come as form fields
/// (a link cannot send the key's header), and the API's GetOwnCertificate answers with them.
/// </summary>
public sealed class DownloadOwnCertificatePage(GetOwnCertificate certificateApi, GetApplicationStatus statusApi, NotificationStore notifications)
{
    [Function(nameof(DownloadOwnCertificatePage))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/status/certificate")] HttpRequest request)
    {
        var form = await PageForms.TryReadAsync(request);
        if (form is null && BodyLimits.WasExceeded(request))
        {
            return PageForms.TooLarge(request, "/applications/status");
        }

        var applicationId = form?["applicationId"].ToString().Trim() ?? string.Empty;
        var accessToken = form?["accessToken"].ToString().Trim() ?? string.Empty;
        request.Headers[AccessGate.ApplicantTokenHeader] = accessToken;
        var answer = await certificateApi.Run(request, applicationId);
        if (answer is PdfResult)
        {
            return answer;
        }

        var notice = Html.Of($"<div class=\"notice error\" role=\"alert\"><p>{(answer is JsonBodyResult { Body: Problem problem } ? problem.Title : "修了証を表示できませんでした。")}</p></div>");
        return await ShowApplicationStatusPage.ShowAsync(statusApi, notifications, request, applicationId, accessToken, notice);
    }
}
