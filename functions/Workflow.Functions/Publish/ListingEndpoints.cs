using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.Functions.Publish;

/// <summary>The listing as the person sends it (see <see cref="ListingChoice"/>); every member optional so that a missing one is a field error.</summary>
public sealed record ListingRequest(ListingTier? Listing, List<WorkStyle>? WorkStyles, List<string>? Regions)
{
    public ListingChoice ToChoice() => ListingChoice.From(Listing ?? ListingTier.NotListed, WorkStyles, Regions);
}

/// <param name="OnRoster">Whether the roster shows the person now (the round has published it and they chose to be listed).</param>
public sealed record ListingView(ListingTier Listing, string ListingName, IReadOnlyList<WorkStyle> WorkStyles, IReadOnlyList<string> Regions, bool OnRoster, string Message)
{
    public static ListingView Of(ApplicationEntity application, string message)
    {
        var choice = application.Listing;
        return new(choice.Tier, ListingNames.DisplayName(choice.Tier), choice.WorkStyles, choice.Regions,
            application.Published == true && application.Lifecycle.IsListable && choice.IsListed, message);
    }
}

/// <summary>The outcome of a change: the application as it stands after it, or why it was refused.</summary>
public sealed record ListingChange(ApplicationEntity? Application, ApplicationRefusal? Refusal, bool ChangedMeanwhile = false);

/// <summary>
/// A person changes who sees them on the roster. The application row holds the choice (the commit point, written as
/// read); once the round has published its roster, the person's roster row follows it (<see cref="RosterStore.WriteAsync"/>).
/// A repeat of the same choice changes nothing and writes the roster row and the log line again, as they were: that is
/// how a change cut off between its writes is completed.
/// </summary>
public sealed class ListingChanges(ApplicationStore applications, RosterStore roster, BusinessLog log, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    public async Task<ListingChange> ChangeAsync(string applicationId, ListingChoice choice, string actor, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var application = await applications.GetAsync(applicationId, cancellationToken);
            if (application is null)
            {
                return new ListingChange(null, null);
            }

            if (application.Lifecycle.RefuseListingChange() is { } refusal)
            {
                return new ListingChange(application, refusal);
            }

            if (!application.Listing.SameAs(choice))
            {
                if (!await applications.RecordListingAsync(application, choice.Normalized(), clock.GetUtcNow(), cancellationToken))
                {
                    continue;
                }

                application = await applications.GetAsync(applicationId, cancellationToken);
                if (application is null)
                {
                    return new ListingChange(null, null);
                }
            }

            await FollowAsync(application, actor, cancellationToken);
            return new ListingChange(application, null);
        }

        return new ListingChange(null, null, ChangedMeanwhile: true);
    }

    /// <summary>The log line and the roster row for the choice the application holds; both the same on a repeat.</summary>
    private async Task FollowAsync(ApplicationEntity application, string actor, CancellationToken cancellationToken)
    {
        if (application.ListingChangedAt is { } at)
        {
            await log.WriteAsync(application.RoundId, at, actor, BusinessLogActions.ListingChanged, application.RowKey,
                application.Listing.Tier.ToString(), idempotencyKey: $"listing:{application.RowKey}:{application.ListingVersion}", cancellationToken: cancellationToken);
        }

        if (application.Published == true && application.Lifecycle.IsListable)
        {
            await roster.WriteAsync(application, clock.GetUtcNow(), cancellationToken);
        }
    }
}

/// <summary>人材リストへの掲載設定: the applicant reads or changes who sees them on the roster, with its access key.</summary>
public sealed class ChangeListing(AccessGate access, ListingChanges changes)
{
    [Function(nameof(ChangeListing))]
    [ApiOperation("人材リストへの掲載の範囲を変える", Body = typeof(ListingRequest))]
    [ApiResponse(200, typeof(ListingView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/applications/{applicationId}/listing")] HttpRequest request,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ChangeListing), AccessScope.Application(applicationId));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<ListingRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var errors = new List<FieldError>();
        if (body!.Listing is null)
        {
            errors.Add(new FieldError("listing", "人材リストへの掲載について、選択肢から選んでください。"));
        }

        // A missing tier is named above; the choice reads it as "not listed", which the domain finds valid.
        var choice = body.ToChoice();
        errors.AddRange(choice.Validate());
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        var change = await changes.ChangeAsync(applicationId, choice, actor!.LogName, request.HttpContext.RequestAborted);
        return change switch
        {
            { ChangedMeanwhile: true } => ApiResults.ChangedMeanwhile("この応募"),
            { Application: null } => ApiResults.NotFound("応募"),
            { Refusal: { } refusal } => ApiResults.Conflict(refusal.Title, refusal.Detail),
            _ => ApiResults.Ok(ListingView.Of(change.Application, Message(change.Application))),
        };
    }

    private static string Message(ApplicationEntity application) => application.Listing.Tier switch
    {
        ListingTier.NotListed => "人材リストに掲載しない設定にしました。",
        _ when application.Published == true => $"掲載設定を「{ListingNames.DisplayName(application.Listing.Tier)}」にしました。人材リストに反映しました。",
        _ => $"掲載設定を「{ListingNames.DisplayName(application.Listing.Tier)}」にしました。研修を修了し人材リストが公開されたときに反映します。",
    };
}
