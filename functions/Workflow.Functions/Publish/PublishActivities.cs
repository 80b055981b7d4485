using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;
using Workflow.Domain.Applications;

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
