using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Pages.Staff;

namespace Workflow.Functions.Pages.Municipality;

/// <summary>自治体: the notifications inbox.</summary>
public sealed class ShowMunicipalityInbox
{
    [Function(nameof(ShowMunicipalityInbox))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "municipality")] HttpRequest request) =>
        StaffPage.Render("お知らせ", Section.Municipality, "/municipality", "municipality-inbox", Markup.Empty);
}

/// <summary>自治体: describe a need and read the roster ranked for it, with the reasons.</summary>
public sealed class ShowMunicipalityNeeds
{
    [Function(nameof(ShowMunicipalityNeeds))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "municipality/needs")] HttpRequest request) =>
        StaffPage.Render("ニーズと候補者", Section.Municipality, "/municipality/needs", "municipality-needs", Markup.Empty);
}

/// <summary>自治体: browse the roster and ask to appoint someone.</summary>
public sealed class ShowMunicipalityRoster
{
    [Function(nameof(ShowMunicipalityRoster))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "municipality/roster")] HttpRequest request) =>
        StaffPage.Render("人材リストから任用を申し込む", Section.Municipality, "/municipality/roster", "municipality-roster", Markup.Empty);
}

/// <summary>自治体: its appointment requests and their status.</summary>
public sealed class ShowMunicipalityAppointments
{
    [Function(nameof(ShowMunicipalityAppointments))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "municipality/appointments")] HttpRequest request) =>
        StaffPage.Render("任用の申込み", Section.Municipality, "/municipality/appointments", "municipality-appointments", Markup.Empty);
}
