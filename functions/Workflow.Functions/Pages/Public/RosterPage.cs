using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Http;
using Workflow.Functions.Publish;

namespace Workflow.Functions.Pages.Public;

/// <summary>
/// 人材リスト: how many people are listed per persona and prefecture, and the people who chose to be shown publicly
/// (name, persona, prefecture), filtered, a page at a time.
/// </summary>
public sealed class ShowRosterPage(RosterStore roster)
{
    private const int PageSize = 20;

    [Function(nameof(ShowRosterPage))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "roster")] HttpRequest request)
    {
        var errors = new List<FieldError>();
        var personaText = request.Query["persona"].ToString();
        Persona? persona = null;
        if (personaText.Length > 0)
        {
            if (SkillStandardCatalog.TryParsePersona(personaText, out var parsed))
            {
                persona = parsed;
            }
            else
            {
                errors.Add(new FieldError("persona", "人材像の指定が正しくありません。"));
            }
        }

        var prefecture = request.Query["prefecture"].ToString();
        if (prefecture.Length > 0 && !Prefectures.IsPrefecture(prefecture))
        {
            errors.Add(new FieldError("prefecture", "都道府県の指定が正しくありません。"));
            prefecture = string.Empty;
        }

        // A call's page links here with its round: the people of that round only.
        var roundId = request.Query["roundId"].ToString();
        if (roundId.Length > 0 && !Rounds.RoundIds.IsWellFormed(roundId))
        {
            errors.Add(new FieldError("roundId", "公募の指定が正しくありません。"));
            roundId = string.Empty;
        }

        var continuation = QueryParameters.Continuation(request, errors);
        IReadOnlyList<RosterEntry> items = [];
        string? next = null;
        if (errors.Count == 0)
        {
            try
            {
                (items, next) = await roster.PageAsync(RosterAudience.Public, persona, prefecture.Length == 0 ? null : prefecture, roundId.Length == 0 ? null : roundId, PageSize, continuation, request.HttpContext.RequestAborted);
            }
            catch (Azure.RequestFailedException e) when (QueryParameters.IsRefusedToken(e))
            {
                errors.Add(QueryParameters.ContinuationError());
            }
        }

        var personaOptions = Html.Join(Enum.GetValues<Persona>().Select(p => PublicText.Camel(p) == personaText || p.ToString() == personaText
            ? Html.Of($"<option value=\"{PublicText.Camel(p)}\" selected>{SkillStandardCatalog.DisplayName(p)}</option>")
            : Html.Of($"<option value=\"{PublicText.Camel(p)}\">{SkillStandardCatalog.DisplayName(p)}</option>")));
        var prefectureOptions = Html.Join(Prefectures.All.Select(p => p == prefecture
            ? Html.Of($"<option selected>{p}</option>")
            : Html.Of($"<option>{p}</option>")));
        var rows = Html.Join(items.Select(e => Html.Of($"""
            <tr><th scope="row">{e.Name}</th><td>{string.Join("、", e.PersonaNames)}</td><td>{e.Prefecture}</td></tr>
            """)));
        var table = items.Count == 0
            ? Html.Of($"<p class=\"notice\">条件に合う人材で、一般向けの掲載に同意した方はいません。</p>")
            : Html.Of($"""
                <div class="table-wrap"><table id="public-roster">
                <caption>一般向けの掲載に同意した方（{items.Count}名を表示）</caption>
                <thead><tr><th scope="col">氏名</th><th scope="col">人材像</th><th scope="col">都道府県</th></tr></thead>
                <tbody>{rows}</tbody>
                </table></div>
                """);
        var totals = await roster.TotalsAsync(request.HttpContext.RequestAborted);
        var nextLink = next is null ? Markup.Empty : Html.Of(
            $"<nav class=\"pagination\" aria-label=\"ページ送り\"><a href=\"/roster?persona={Uri.EscapeDataString(personaText)}&amp;prefecture={Uri.EscapeDataString(prefecture)}&amp;roundId={Uri.EscapeDataString(roundId)}&amp;continuation={Uri.EscapeDataString(next)}\">次のページ</a></nav>");
        return PageLayout.Page("人材リスト", Html.Of($"""
            <h1>人材リスト</h1>
            <p class="lead">選定され研修を修了した方のうち、掲載に同意した方の人数と、一般向けの掲載に同意した方の一覧です。経歴やスキルの評価は、ログインした自治体の職員だけが見られます。自治体の方は、職員ページから連絡や任用を申し込めます。</p>
            {Totals(totals)}
            {PageLayout.ErrorSummary(errors)}
            <form method="get" action="/roster" class="card">
            <div class="field"><label for="field-persona">人材像</label>
            <select id="field-persona" name="persona"><option value="">すべて</option>{personaOptions}</select></div>
            <div class="field"><label for="field-prefecture">都道府県</label>
            <select id="field-prefecture" name="prefecture"><option value="">すべて</option>{prefectureOptions}</select></div>
            {(roundId.Length == 0 ? Markup.Empty : Html.Of($"<input type=\"hidden\" name=\"roundId\" value=\"{roundId}\"><p class=\"hint\">公募ラウンド {roundId} の人材だけを表示しています。<a href=\"/roster\">すべての公募の人材を見る</a></p>"))}
            <button type="submit">絞り込む</button>
            </form>
            {table}
            {nextLink}
            """), current: "/roster");
    }

    /// <summary>The totals as a table: personas down, prefectures with anyone listed across would be too wide, so one row per pair.</summary>
    private static Markup Totals(IReadOnlyList<RosterTotal> totals)
    {
        if (totals.Count == 0)
        {
            return Html.Of($"<p class=\"notice\">まだ掲載されている人材はいません。</p>");
        }

        var byPersona = totals.GroupBy(t => t.Persona).Select(g => Html.Of($"""
            <tr><th scope="row">{g.First().PersonaName}</th><td class="number">{g.Sum(t => t.Count)}名</td>
            <td>{string.Join("、", g.Select(t => $"{t.Prefecture} {t.Count}名"))}</td></tr>
            """));
        return Html.Of($"""
            <section aria-labelledby="totals-title" class="card">
            <h2 id="totals-title">掲載人数</h2>
            <div class="table-wrap"><table id="roster-totals">
            <caption>人材像・都道府県ごとの掲載人数（自治体向けのみの掲載を含む）</caption>
            <thead><tr><th scope="col">人材像</th><th scope="col">合計</th><th scope="col">都道府県ごと</th></tr></thead>
            <tbody>{Html.Join(byPersona)}</tbody>
            </table></div>
            </section>
            """);
    }
}
