using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Workflow.Functions.Pages.Staff;

/// <summary>職員のサインイン: locally the development issuer's form; in Azure, Entra ID's sign-in takes its place.</summary>
public sealed class ShowStaffSignIn
{
    [Function(nameof(ShowStaffSignIn))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff")] HttpRequest request) =>
        StaffPage.Render("職員のサインイン", Section.Public, "/staff", "staff-sign-in", Html.Of($"""
            <p class="lead">総務省・受託事業者・選定委員・自治体・監査の職員の方は、役割を選んでサインインしてください。</p>
            """));
}
