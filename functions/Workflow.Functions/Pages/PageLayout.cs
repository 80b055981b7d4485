using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Pages;

/// <summary>Whose pages these are: decides the navigation shown.</summary>
public enum Section { Public, Ministry, Operator, Municipality, Auditor }

/// <summary>A whole HTML page, with the headers every page carries (no framing, no foreign scripts, no sniffing).</summary>
public sealed class HtmlResult(Markup document, int statusCode = StatusCodes.Status200OK, string? connectSource = null) : IActionResult
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public int StatusCode { get; } = statusCode;

    public Markup Document { get; } = document;

    /// <summary>The page's policy: one more origin the page's script may fetch from (the sign-in authority), or none.</summary>
    public string Policy => connectSource is null ? ContentSecurityPolicy : $"{ContentSecurityPolicy}; connect-src 'self' {connectSource}";

    /// <summary>The same page, allowed to fetch from <paramref name="origin"/> too: the sign-in page's authority (MSAL.js reads its metadata and redeems the code there).</summary>
    public HtmlResult ConnectingTo(string origin) => new(Document, StatusCode, origin);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers["Content-Security-Policy"] = Policy;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
        var bytes = Encoding.UTF8.GetBytes(Document.Value);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
    }
}

/// <summary>The frame of every page: lang="ja", a skip link, the service's header and navigation, one main landmark.</summary>
public static class PageLayout
{
    public const string ServiceName = "自治体DX外部人材 確保支援";

    private static readonly (Section Section, string Href, string Label)[] Navigation =
    [
        (Section.Public, "/", "公募一覧"),
        (Section.Public, "/roster", "人材リスト"),
        (Section.Public, "/applications/status", "応募状況の確認"),
        (Section.Public, "/staff", "職員の方"),
        (Section.Ministry, "/ministry", "公募ラウンド"),
        (Section.Ministry, "/ministry/overview", "応募から任用まで"),
        (Section.Ministry, "/ministry/waits", "対応待ちの一覧"),
        (Section.Ministry, "/ministry/rounds/new", "公募ラウンドの作成"),
        (Section.Ministry, "/ministry/municipalities", "自治体の登録"),
        (Section.Operator, "/operator", "担当する公募"),
        (Section.Municipality, "/municipality", "お知らせ"),
        (Section.Municipality, "/municipality/needs", "ニーズと候補者"),
        (Section.Municipality, "/municipality/roster", "人材リスト"),
        (Section.Municipality, "/municipality/appointments", "任用の申込み"),
        (Section.Auditor, "/auditor", "監査"),
    ];

    private static readonly Dictionary<Section, string> SectionNames = new()
    {
        [Section.Public] = "公募・応募",
        [Section.Ministry] = "総務省",
        [Section.Operator] = "受託事業者",
        [Section.Municipality] = "自治体",
        [Section.Auditor] = "監査",
    };

    /// <param name="title">The page's own title; the browser tab shows it before the service's name.</param>
    /// <param name="current">The path of the navigation item this page belongs to.</param>
    /// <param name="script">A page module of app.js to start ("operator-applications" …); staff pages need it.</param>
    public static HtmlResult Page(string title, Markup body, Section section = Section.Public, string? current = null, string? script = null, int status = 200)
    {
        var nav = Navigation.Where(n => n.Section == section).Select(n => n.Href == current
            ? Html.Of($"<li><a href=\"{n.Href}\" aria-current=\"page\">{n.Label}</a></li>")
            : Html.Of($"<li><a href=\"{n.Href}\">{n.Label}</a></li>"));
        var scriptTag = script is null ? Markup.Empty : Html.Of($"<script src=\"/assets/app.js\" type=\"module\" data-page=\"{script}\"></script>");
        var document = Html.Of($"""
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} | {ServiceName}</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/assets/tokens.css">
            <link rel="stylesheet" href="/assets/site.css">
            {scriptTag}
            </head>
            <body>
            <a class="skip-link" href="#main">本文へ移動</a>
            <header class="site-header">
            <div class="inner">
            <p class="site-title"><a href="/">{ServiceName}</a><small>総務省 ・ {SectionNames[section]}</small></p>
            <nav class="site-nav" aria-label="{SectionNames[section]}のメニュー"><ul>{nav}</ul></nav>
            </div>
            </header>
            <main id="main" tabindex="-1">
            <div class="inner">
            {body}
            </div>
            </main>
            <footer class="site-footer">
            <div class="inner">
            <p>総務省 自治行政局 ・ 自治体DX外部人材スキル標準に基づく外部デジタル人材の確保支援</p>
            </div>
            </footer>
            </body>
            </html>
            """);
        return new HtmlResult(document, status);
    }

    /// <summary>
    /// The errors of a form, at the top, each linked to its field (whose id is "field-" + the API's field name), so
    /// that a screen reader hears them first and a keyboard user reaches the field in one step.
    /// </summary>
    public static Markup ErrorSummary(IReadOnlyList<FieldError> errors) => errors.Count == 0 ? Markup.Empty : Html.Of($"""
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
        <h2 id="error-summary-title">入力内容を確認してください（{errors.Count}件）</h2>
        <ul>{errors.Select(e => Html.Of($"<li><a href=\"#{FieldId(e.Field)}\">{e.Message}</a></li>"))}</ul>
        </div>
        """);

    /// <summary>The id of the input an API field name refers to: "selfAssessments[2].level" becomes "field-selfAssessments-2-level".</summary>
    public static string FieldId(string field) =>
        "field-" + new string(field.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-').Replace("--", "-", StringComparison.Ordinal);

    /// <summary>Error messages for one field, to place under its label and reference from aria-describedby.</summary>
    public static Markup FieldErrors(IReadOnlyList<FieldError> errors, params string[] fields)
    {
        var mine = errors.Where(e => fields.Any(f => Names(e.Field, f))).ToList();
        return mine.Count == 0
            ? Markup.Empty
            : Html.Of($"<span class=\"error-message\" id=\"{FieldId(fields[0])}-error\">{mine.Select(e => Html.Of($"<span>エラー：{e.Message}</span> "))}</span>");
    }

    public static bool HasError(IReadOnlyList<FieldError> errors, string field) => errors.Any(e => Names(e.Field, field));

    /// <summary>An error about "experiences[1].years" is also an error about "experiences".</summary>
    private static bool Names(string errorField, string field) =>
        errorField == field || errorField.StartsWith(field + "[", StringComparison.Ordinal) || errorField.StartsWith(field + ".", StringComparison.Ordinal);
}
