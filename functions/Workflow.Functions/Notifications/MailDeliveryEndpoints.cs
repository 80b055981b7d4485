using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Mail;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Pages.Public;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Notifications;

/// <summary>A round's mail at a glance: how many in each state, and each message (ids and kinds, never an address).</summary>
public sealed record MailDeliveryList(string RoundId, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<DeliveryStatus> Items);

/// <summary>
/// Where every notice's mail of a round stands: queued, waiting for a retry, sent, dead or cancelled. The operator
/// sees whom to contact another way (a dead or cancelled mail names the application or appointment it was about);
/// the ministry and auditors see the same.
/// </summary>
public sealed class ListMailDeliveries(AccessGate access, RoundStore rounds, OutboxStore outbox)
{
    [Function(nameof(ListMailDeliveries))]
    [ApiOperation("公募ラウンドの通知メールの配信状況")]
    [ApiResponse(200, typeof(MailDeliveryList))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/mail")] HttpRequest request,
        string roundId)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ListMailDeliveries), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await rounds.GetAsync(roundId, cancellationToken) is null)
        {
            return ApiResults.NotFound("公募");
        }

        var items = await outbox.ForRoundAsync(roundId, cancellationToken);
        var counts = Enum.GetValues<DeliveryState>().ToDictionary(s => PublicText.Camel(s), s => items.Count(i => i.State == s), StringComparer.Ordinal);
        return ApiResults.Ok(new MailDeliveryList(roundId, counts, items));
    }
}
