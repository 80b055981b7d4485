using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Pages.Staff;

namespace Workflow.Functions.Pages.Ministry;

/// <summary>総務省: the rounds dashboard — each round's step, what it waits for and whom, and the deadline.</summary>
public sealed class ShowMinistryDashboard
{
    [Function(nameof(ShowMinistryDashboard))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ministry")] HttpRequest request) =>
        StaffPage.Render("公募ラウンドの状況", Section.Ministry, "/ministry", "ministry-dashboard", Markup.Empty);
}

/// <summary>
/// 総務省: the funnel from 応募 to 任用, across rounds and per round, and where appointments were made, by prefecture:
/// the seed's survey says most municipalities cannot find people, and this is where the ministry sees the gap.
/// </summary>
public sealed class ShowMinistryOverview
{
    [Function(nameof(ShowMinistryOverview))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ministry/overview")] HttpRequest request) =>
        StaffPage.Render("応募から任用まで", Section.Ministry, "/ministry/overview", "ministry-overview", Markup.Empty);
}

/// <summary>
/// 総務省: every wait on people across all rounds and appointments — who, since when, until when, overdue first — with
/// a link to where each party acts.
/// </summary>
public sealed class ShowPendingWaits
{
    [Function(nameof(ShowPendingWaits))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ministry/waits")] HttpRequest request) =>
        StaffPage.Render("対応待ちの一覧", Section.Ministry, "/ministry/waits", "ministry-waits", Markup.Empty);
}

/// <summary>総務省: commission a round (①委託).</summary>
public sealed class ShowCreateRound
{
    [Function(nameof(ShowCreateRound))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ministry/rounds/new")] HttpRequest request) =>
        StaffPage.Render("公募ラウンドの作成（委託）", Section.Ministry, "/ministry/rounds/new", "ministry-create-round", Markup.Empty);
}

/// <summary>総務省: the municipality registry and its CSV import.</summary>
public sealed class ShowMunicipalityRegistry
{
    [Function(nameof(ShowMunicipalityRegistry))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ministry/municipalities")] HttpRequest request) =>
        StaffPage.Render("自治体の登録", Section.Ministry, "/ministry/municipalities", "ministry-municipalities", Markup.Empty);
}
