using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Http;
using Workflow.Functions.Publish;

namespace Workflow.Functions.Pages.Public;

/// <summary>人材リスト: the published roster (only what each person consented to publish), filtered, a page at a time.</summary>
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

        var continuation = QueryParameters.Continuation(request, errors);
        IReadOnlyList<RosterEntry> items = [];
        string? next = null;
        if (errors.Count == 0)
        {
            try
            {
                (items, next) = await roster.PageAsync(persona, prefecture.Length == 0 ? null : prefecture, null, PageSize, continuation, request.HttpContext.RequestAborted);
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
            <tr><th scope="row">{e.Name}</th><td>{string.Join("、", e.PersonaNames)}</td><td>{e.Prefecture}</td>
            <td>{string.Join("、", e.Qualifications)}</td><td>{string.Join("、", e.Experience)}</td><td>{e.CertificateId}</td></tr>
            """)));
        var table = items.Count == 0
            ? Html.Of($"<p class=\"notice\">条件に合う人材は掲載されていません。</p>")
            : Html.Of($"""
                <div class="table-wrap"><table>
                <caption>人材リスト（{items.Count}名を表示）</caption>
                <thead><tr><th scope="col">氏名</th><th scope="col">人材像</th><th scope="col">都道府県</th><th scope="col">資格</th><th scope="col">経験</th><th scope="col">修了証番号</th></tr></thead>
                <tbody>{rows}</tbody>
                </table></div>
                """);
        var nextLink = next is null ? Markup.Empty : Html.Of(
            $"<nav class=\"pagination\" aria-label=\"ページ送り\"><a href=\"/roster?persona={Uri.EscapeDataString(personaText)}&amp;prefecture={Uri.EscapeDataString(prefecture)}&amp;continuation={Uri.EscapeDataString(next)}\">次のページ</a></nav>");
        return PageLayout.Page("人材リスト", Html.Of($"""
            <h1>人材リスト</h1>
            <p class="lead">研修を修了し、掲載に同意した方の一覧です。自治体の方は、職員ページから任用を申し込めます。</p>
            {PageLayout.ErrorSummary(errors)}
            <form method="get" action="/roster" class="card">
            <div class="field"><label for="field-persona">人材像</label>
            <select id="field-persona" name="persona"><option value="">すべて</option>{personaOptions}</select></div>
            <div class="field"><label for="field-prefecture">都道府県</label>
            <select id="field-prefecture" name="prefecture"><option value="">すべて</option>{prefectureOptions}</select></div>
            <button type="submit">絞り込む</button>
            </form>
            {table}
            {nextLink}
            """), current: "/roster");
    }
}
