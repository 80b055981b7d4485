using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;

namespace Workflow.Functions.Pages.Public;

/// <summary>
/// 応募者: a lost access key. The person gives the receipt number (which names the call) and the address they applied
/// with; the API's RequestApplicantTokenReissue does the rest and answers alike whether or not that address applied.
/// </summary>
public sealed class ShowAccessKeyReissuePage(RequestApplicantTokenReissue reissueApi)
{
    private const string Path = "/applications/status/access-key";

    [Function(nameof(ShowAccessKeyReissuePage))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "applications/status/access-key")] HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return Render(string.Empty, string.Empty, [], null);
        }

        var form = await PageForms.TryReadAsync(request);
        if (form is null && BodyLimits.WasExceeded(request))
        {
            return PageForms.TooLarge(request, Path);
        }

        var applicationId = form?["applicationId"].ToString().Trim() ?? string.Empty;
        var email = form?["email"].ToString().Trim() ?? string.Empty;
        var errors = new List<FieldError>();
        if (!ApplicationIds.TryParse(applicationId, out var roundId, out _))
        {
            errors.Add(new FieldError("applicationId", "受付番号を、応募完了画面に表示されたとおりに入力してください。"));
        }

        if (!ApplicationValidator.IsValidEmail(ApplicationValidator.NormalizeEmail(email)))
        {
            errors.Add(new FieldError("email", "応募に使ったメールアドレスを正しい形式で入力してください。"));
        }

        if (errors.Count > 0)
        {
            return Render(applicationId, email, errors, null);
        }

        // The API reads the address as JSON: give it the same request with that body.
        var json = System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new TokenReissueRequest(email), Json.Options));
        request.Body = new MemoryStream(json);
        request.ContentType = "application/json";
        request.ContentLength = json.Length;
        var answer = await reissueApi.Run(request, roundId) as JsonBodyResult;
        var notice = answer is { StatusCode: StatusCodes.Status202Accepted }
            ? Html.Of($"<div class=\"notice success\" role=\"status\" id=\"reissue-result\"><p>{RequestApplicantTokenReissue.Accepted}</p><p>メールに記載の新しいアクセスキーで<a href=\"/applications/status\">応募状況を確認</a>してください。以前のアクセスキーは、メールが送られた時点で使えなくなります。</p></div>")
            : Html.Of($"<div class=\"notice error\" role=\"alert\" id=\"reissue-result\"><p>{(answer?.Body as Problem)?.Title ?? "受け付けられませんでした。"}</p>{((answer?.Body as Problem)?.Detail is { } detail ? Html.Of($"<p>{detail}</p>") : Markup.Empty)}</div>");
        return Render(applicationId, email, [], notice, answer?.StatusCode ?? StatusCodes.Status200OK);
    }

    private static HtmlResult Render(string applicationId, string email, IReadOnlyList<FieldError> errors, Markup? notice, int status = StatusCodes.Status200OK) =>
        PageLayout.Page("アクセスキーの再発行", Html.Of($"""
            <h1>アクセスキーの再発行</h1>
            <p>新しいアクセスキーを、応募に使ったメールアドレスにお送りします。メールが送られると、以前のアクセスキーは使えなくなります。</p>
            <p>受付番号がわからない場合は、公募の事務局にお問い合わせください。</p>
            {PageLayout.ErrorSummary(errors)}
            <form method="post" action="{Path}" novalidate>
            {ShowApplicationStatusPage.TextField("applicationId", "受付番号", applicationId, errors, "例：R2026-1a2b3c4d_05_…")}
            {ShowApplicationStatusPage.TextField("email", "応募に使ったメールアドレス", email, errors, "例：taro@example.jp")}
            <div class="actions"><button type="submit">新しいアクセスキーを送る</button></div>
            </form>
            {notice ?? Markup.Empty}
            <p><a href="/applications/status">応募状況の確認に戻る</a></p>
            """), current: "/applications/status", status: errors.Count > 0 ? StatusCodes.Status400BadRequest : status);
}
