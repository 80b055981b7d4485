using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Pages.Staff;

namespace Workflow.Functions.Pages.Reviewer;

/// <summary>
/// 選定委員: the applications of a round to score, by pseudonym, with what the reviewer has scored so far. Reviewers
/// work under the operator's section: the panel is the operator's, and they reach it from the same rounds page.
/// </summary>
public sealed class ShowReviewerQueue
{
    [Function(nameof(ShowReviewerQueue))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviewer/rounds/{roundId}")] HttpRequest request, string roundId) =>
        StaffPage.Render("採点する応募", Section.Operator, "/operator", "reviewer-queue", Markup.Empty);
}

/// <summary>選定委員: one application, name-blind: the conflict-of-interest declaration, the review pack and the scoring forms.</summary>
public sealed class ShowReviewerScoring
{
    [Function(nameof(ShowReviewerScoring))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviewer/rounds/{roundId}/applications/{applicationId}")] HttpRequest request,
        string roundId,
        string applicationId) =>
        StaffPage.Render("応募の採点", Section.Operator, "/operator", "reviewer-scoring", Markup.Empty);
}
