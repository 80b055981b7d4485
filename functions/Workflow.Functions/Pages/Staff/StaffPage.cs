namespace Workflow.Functions.Pages.Staff;

/// <summary>
/// The frame of a staff page: heading, a status region for announcements, and the container its script fills from
/// the API with the signed-in staff member's token, and the names of the API's enum values (<see cref="Labels"/>) that
/// script reads. Without JavaScript the page says what it needs.
/// </summary>
public static class StaffPage
{
    public static HtmlResult Render(string title, Section section, string current, string module, Markup intro) =>
        PageLayout.Page(title, Html.Of($"""
            <h1>{title}</h1>
            {intro}
            {Labels.Script}
            <div id="status" role="status" aria-live="polite" hidden></div>
            <div id="app"><noscript><p class="notice">このページは JavaScript を使って最新の情報を表示します。ブラウザの設定で JavaScript を有効にしてください。</p></noscript></div>
            """), section, current, module);
}
