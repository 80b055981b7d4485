using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Pages.Staff;

namespace Workflow.Functions.Pages.Auditor;

/// <summary>監査: the rounds to audit.</summary>
public sealed class ShowAuditRounds
{
    [Function(nameof(ShowAuditRounds))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auditor")] HttpRequest request) =>
        StaffPage.Render("監査", Section.Auditor, "/auditor", "auditor-rounds", Markup.Empty);
}

/// <summary>監査: a round's timeline — orchestration history and business log side by side, filterable, exportable as CSV.</summary>
public sealed class ShowAuditTimeline
{
    [Function(nameof(ShowAuditTimeline))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auditor/rounds/{roundId}")] HttpRequest request, string roundId) =>
        StaffPage.Render("公募ラウンドの記録（タイムライン）", Section.Auditor, "/auditor", "auditor-timeline", Markup.Empty);
}

/// <summary>監査: whether a round's business log is as it was written (its hash chain and seals), or where it breaks.</summary>
public sealed class ShowRoundLogVerification
{
    [Function(nameof(ShowRoundLogVerification))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auditor/rounds/{roundId}/log")] HttpRequest request, string roundId) =>
        StaffPage.Render("業務ログの改ざん検証", Section.Auditor, "/auditor", "auditor-log", Markup.Empty);
}

/// <summary>監査: the same for the actions outside any round (the municipality registry).</summary>
public sealed class ShowRegistryLogVerification
{
    [Function(nameof(ShowRegistryLogVerification))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auditor/registry/log")] HttpRequest request) =>
        StaffPage.Render("業務ログの改ざん検証（団体の登録）", Section.Auditor, "/auditor", "auditor-log", Markup.Empty);
}

/// <summary>監査: one person's story in a round — every event in time order, grouped by step, with who acted; CSV download.</summary>
public sealed class ShowApplicantStory
{
    [Function(nameof(ShowApplicantStory))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auditor/rounds/{roundId}/applications/{applicationId}")] HttpRequest request,
        string roundId,
        string applicationId) =>
        StaffPage.Render("応募者の記録", Section.Auditor, "/auditor", "auditor-story", Markup.Empty);
}
