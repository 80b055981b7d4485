using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;
using Workflow.Domain.Applications;
using Workflow.Domain.Mail;

namespace Workflow.Functions.Publish;

public sealed record ShardPublicationResult(int Shard, int Published);

/// <summary>
/// ⑥ 掲載: every certified person of the shard goes on the roster with the listing they chose (a row for someone who
/// chose not to be listed too, hidden from every listing, so that changing their mind later lists them). Returns how
/// many are listed.
/// </summary>
public sealed class PublishRosterShard(ApplicationStore applications, RosterStore roster)
{
    [Function(nameof(PublishRosterShard))]
    public async Task<ShardPublicationResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        // Published marks that the person's choice now acts on the roster: a change of choice after it writes the row
        // itself (ChangeListing), and one that lands before it makes this update read the row again.
        var results = await applications.UpdateShardAsync(input.RoundId, input.Shard, row =>
        {
            if (!row.Lifecycle.IsListable)
            {
                return ((Azure.Data.Tables.TableEntity?)null, (ApplicationEntity?)null);
            }

            var change = row.Published == true ? null : new Azure.Data.Tables.TableEntity(row.PartitionKey, row.RowKey) { [nameof(ApplicationEntity.Published)] = true };
            return (change, row);
        }, cancellationToken);
        var certified = results.OfType<ApplicationEntity>().ToList();
        await roster.PublishAsync(certified, input.At, cancellationToken);
        return new ShardPublicationResult(input.Shard, certified.Count(r => r.Listing.IsListed));
    }
}

public sealed record ShardListingNoticeResult(int Shard, int Told);

/// <summary>
/// ⑥ 掲載, from orchestration version 2 (ADR 0021): each person the roster now lists is told so, with who sees them and
/// that they can change it. Rounds of version 1 never call it. Returns how many were told.
/// </summary>
public sealed class NotifyListedPeopleShard(ApplicationStore applications, NotificationStore notifications, RoundStore rounds)
{
    public const string Kind = "RosterListed";

    [Function(nameof(NotifyListedPeopleShard))]
    public async Task<ShardListingNoticeResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        var round = await rounds.GetAsync(input.RoundId, cancellationToken) ?? throw new InvalidOperationException($"Round {input.RoundId} does not exist.");

        // Published is set by PublishRosterShard just before; the notice names the tier as read now, which is what the
        // roster shows. The row key is the person's and the kind's, so a re-run writes the same notice again.
        var listed = (await applications.ReadShardAsync(input.RoundId, input.Shard, cancellationToken))
            .Where(row => row.Published == true && row.Listing.IsListed)
            .ToList();
        await notifications.UpsertAsync(listed.Select(row =>
        {
            var text = NoticeTexts.Listed(round.Title, row.Listing.Tier);
            return NotificationStore.ForApplicant(row.RowKey, Kind, text.Title, text.Body, input.At);
        }), cancellationToken);
        return new ShardListingNoticeResult(input.Shard, listed.Count);
    }
}

/// <summary>⑥ 周知: every registered municipality is told the roster is out. Returns how many were told.</summary>
public sealed class NotifyMunicipalitiesOfRoster(MunicipalityStore municipalities, NotificationStore notifications, RoundStore rounds)
{
    public const string Kind = "RosterPublished";

    [Function(nameof(NotifyMunicipalitiesOfRoster))]
    public async Task<int> Run([ActivityTrigger] RoundAt input, CancellationToken cancellationToken)
    {
        var round = await rounds.GetAsync(input.RoundId, cancellationToken) ?? throw new InvalidOperationException($"Round {input.RoundId} does not exist.");
        var all = await municipalities.ListAsync(cancellationToken: cancellationToken);
        var closes = round.Schedule.AppointmentClosesAt.ToOffset(TimeSpan.FromHours(9));
        await notifications.UpsertAsync(all.Select(m => NotificationStore.ForMunicipality(m.Code, input.RoundId, Kind, input.RoundId,
            "自治体DX外部人材リスト掲載のお知らせ",
            $"「{round.Title}」で選定・研修を修了した民間人材のリストを掲載しました。任用の申込みは{closes:yyyy年M月d日}まで受け付けます。CIO補佐官等として任用する場合は特別交付税措置の対象となります。",
            input.At)), cancellationToken);
        return all.Count;
    }
}
