using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Pages.Staff;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Pages.Operator;

/// <summary>受託事業者: its rounds, with the action each is waiting for (accept, publish, close, finalize).</summary>
public sealed class ShowOperatorRounds
{
    [Function(nameof(ShowOperatorRounds))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator")] HttpRequest request) =>
        StaffPage.Render("担当する公募", Section.Operator, "/operator", "operator-rounds", Markup.Empty);
}

/// <summary>受託事業者・選定委員: a round's applications with screening results and reasons, a page at a time.</summary>
public sealed class ShowOperatorApplications
{
    [Function(nameof(ShowOperatorApplications))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator/rounds/{roundId}/applications")] HttpRequest request, string roundId) =>
        StaffPage.Render("応募の一覧", Section.Operator, "/operator", "operator-applications", Markup.Empty);
}

/// <summary>
/// 受託事業者・総務省・監査: where every notice's mail of a round stands; the ones that did not arrive first, with
/// whom they were about, so that the operator can reach those people another way.
/// </summary>
public sealed class ShowRoundMail
{
    [Function(nameof(ShowRoundMail))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator/rounds/{roundId}/mail")] HttpRequest request, string roundId) =>
        StaffPage.Render("通知メールの送信状況", Section.Operator, "/operator", "operator-mail", Markup.Empty);
}

/// <summary>受託事業者: one application, the conflict-of-interest declaration, and per persona the panel's scores and the decision.</summary>
public sealed class ShowPanelDecision
{
    [Function(nameof(ShowPanelDecision))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator/rounds/{roundId}/applications/{applicationId}")] HttpRequest request,
        string roundId,
        string applicationId) =>
        StaffPage.Render("選定の審査", Section.Operator, "/operator", "operator-decision", Markup.Empty);
}

/// <summary>受託事業者: who sits on the round's 選定委員会, and the panel's scores side by side with their distribution.</summary>
public sealed class ShowPanelOverview
{
    [Function(nameof(ShowPanelOverview))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator/rounds/{roundId}/panel")] HttpRequest request, string roundId) =>
        StaffPage.Render("選定委員会", Section.Operator, "/operator", "operator-panel", Markup.Empty);
}

/// <summary>受託事業者: the training attendance grid and the certificates issued.</summary>
public sealed class ShowTrainingAttendance
{
    [Function(nameof(ShowTrainingAttendance))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator/rounds/{roundId}/training")] HttpRequest request, string roundId) =>
        StaffPage.Render("研修の出席と修了証", Section.Operator, "/operator", "operator-training", Markup.Empty);
}
