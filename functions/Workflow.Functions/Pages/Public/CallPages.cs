using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Calendar;
using Workflow.Domain.Training;
using Workflow.Functions.Advertise;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Pages.Public;

/// <summary>公募一覧: the calls one can read or apply to now, as the public API lists them.</summary>
public sealed class ShowOpenCallsPage(RoundStore rounds, RoundStandards standards)
{
    /// <summary>
    /// The site's root. Functions read an empty route as "the function's name", so the root is one optional
    /// segment that must be empty (ADR 0005).
    /// </summary>
    [Function(nameof(ShowOpenCallsPage))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{root:regex(^$)?}")] HttpRequest request)
    {
        var calls = (await rounds.ListAsync(request.HttpContext.RequestAborted)).Where(r => CallViews.IsPublic(r.State)).Select(r => CallViews.From(r, standards.PinnedBy(r)))
            .OrderBy(c => c.ApplicationClosesAt).ToList();
        var list = calls.Count == 0
            ? Html.Of($"<p class=\"notice\">現在、公開中の公募はありません。</p>")
            : Html.Join(calls.Select(c => Html.Of($"""
                <section class="card" aria-labelledby="call-{c.RoundId}">
                <h2 id="call-{c.RoundId}"><a href="/calls/{c.RoundId}">{c.Title}</a></h2>
                <p><span class="badge">{(c.AcceptingApplications ? "応募受付中" : "公開中（受付開始前）")}</span></p>
                <dl class="summary">
                <dt>募集する人材像</dt><dd>{string.Join("、", c.Personas.Select(p => p.Name))}</dd>
                <dt>応募期間</dt><dd>{PublicText.When(c.ApplicationOpensAt)} から {PublicText.Deadline(c.ApplicationClosesAt)} まで</dd>
                <dt>実施</dt><dd>{c.OperatorName}（総務省委託事業）</dd>
                </dl>
                </section>
                """)));
        return PageLayout.Page("公募一覧", Html.Of($"""
            <h1>公募一覧</h1>
            <p class="lead">総務省は、自治体のDXを支える外部デジタル人材を「自治体DX外部人材スキル標準」に基づいて公募し、選定・研修を経て人材リストとして自治体に紹介します。</p>
            {list}
            <p><a href="/roster">人材リスト（研修修了者）を見る</a> ・ <a href="/applications/status">応募状況を確認する</a></p>
            """), current: "/");
    }
}

/// <summary>One call: each persona's role and requirements from the skill standard, the schedule, and the way to apply.</summary>
public sealed class ShowCallPage(RoundStore rounds, RoundStandards standards)
{
    [Function(nameof(ShowCallPage))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calls/{roundId}")] HttpRequest request, string roundId)
    {
        var round = RoundIds.IsWellFormed(roundId) ? await rounds.GetAsync(roundId, request.HttpContext.RequestAborted) : null;
        if (round is null || !CallViews.IsPublic(round.State))
        {
            return NotFoundPage.Render("公募が見つかりません。", "受付を終了したか、アドレスが正しくない可能性があります。");
        }

        var call = CallViews.From(round, standards.PinnedBy(round));
        var apply = call.AcceptingApplications
            ? Html.Of($"<p class=\"actions\"><a class=\"button\" href=\"/calls/{call.RoundId}/apply\">この公募に応募する</a></p>")
            : Html.Of($"<p class=\"notice\">応募の受付は {PublicText.When(call.ApplicationOpensAt)} に始まります。</p>");
        var personas = Html.Join(call.Personas.Select(p => Html.Of($"""
            <section class="card" aria-labelledby="persona-{PublicText.Camel(p.Persona)}-title">
            <h3 id="persona-{PublicText.Camel(p.Persona)}-title">{p.Name}{(p.HeadCount is { } n ? $"（募集 {n} 名程度）" : string.Empty)}</h3>
            <p class="muted">{p.Category} ・ {p.PositionLevel}</p>
            <h4>役割</h4>
            <ul>{p.Roles.Select(r => Html.Of($"<li>{r}</li>"))}</ul>
            <h4>主なスキル</h4>
            <p>{p.MainSkills}</p>
            <h4>テクニカルスキル</h4>
            <ul>{p.TechnicalSkills.Select(s => Html.Of($"<li><strong>{s.Name}</strong>：{s.Description}</li>"))}</ul>
            <h4>ヒューマンスキル</h4>
            <ul>{p.HumanSkills.Select(s => Html.Of($"<li><strong>{s.Name}</strong>：{s.Description}</li>"))}</ul>
            <h4>応募の要件（書類選考で確認します）</h4>
            {PublicText.Requirement(p.Requirement)}
            </section>
            """)));
        var sessions = Html.Join(call.TrainingSessions.Select(s => Html.Of(
            $"<li>第{s.Number}回 {PublicText.When(s.StartsAt)} ・ {Curriculum.Modules.FirstOrDefault(m => m.Number == s.Module)?.Title ?? string.Empty}</li>")));
        return PageLayout.Page(call.Title, Html.Of($"""
            {PublicText.Breadcrumbs(("/", "公募一覧"), ("", call.Title))}
            <h1>{call.Title}</h1>
            <dl class="summary">
            <dt>応募期間</dt><dd>{PublicText.When(call.ApplicationOpensAt)} から {PublicText.Deadline(call.ApplicationClosesAt)} まで</dd>
            <dt>年度</dt><dd>{JapaneseDates.EraYear(new DateTimeOffset(call.FiscalYear, 4, 1, 0, 0, 0, TimeSpan.FromHours(9)))}度（{call.FiscalYear}年度）</dd>
            <dt>実施</dt><dd>{call.OperatorName}（総務省委託事業）</dd>
            <dt>スキル標準</dt><dd>{call.Standard.Source}</dd>
            </dl>
            {apply}
            <h2>募集する人材像</h2>
            {personas}
            <h2>研修</h2>
            <p>選定された方は、次の研修を受講します。全回出席で修了証が交付され、人材リストに掲載されます（掲載に同意した方のみ）。</p>
            <ol>{sessions}</ol>
            {apply}
            """), current: "/");
    }
}

/// <summary>A page-shaped "not found" (the pages are for people; the API answers problem+json).</summary>
internal static class NotFoundPage
{
    public static HtmlResult Render(string title, string detail) => PageLayout.Page(title, Html.Of($"""
        <h1>{title}</h1>
        <p>{detail}</p>
        <p><a href="/">公募一覧に戻る</a></p>
        """), status: StatusCodes.Status404NotFound);
}
