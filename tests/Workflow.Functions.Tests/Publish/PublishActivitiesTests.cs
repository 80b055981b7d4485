using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Tests.Publish;

[Collection("Azurite")]
public sealed class PublishActivitiesTests
{
    private const int Shard = 11;
    private readonly TestStorage _storage = new();

    [Fact]
    public async Task Only_certified_people_who_consented_go_on_the_roster()
    {
        var roundId = RoundIds.NewRoundId(2025);
        var listed = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "listed")), nameof(ApplicationStatus.Certified));
        var private_ = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "private"), consent: false), nameof(ApplicationStatus.Certified));
        var untrained = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "untrained")), nameof(ApplicationStatus.NotCertified));
        var applications = new ApplicationStore(_storage.Storage);
        var roster = new RosterStore(_storage.Storage);

        var result = await new PublishRosterShard(applications, roster).Run(new ShardInput(roundId, Shard, Samples.Now.AddDays(30)), CancellationToken.None);

        Assert.Equal(new ShardPublicationResult(Shard, 1), result);
        var entry = await roster.GetAsync(listed);
        Assert.NotNull(entry);
        Assert.Equal(roundId, entry.RoundId);
        Assert.Null(await roster.GetAsync(private_));
        Assert.Null(await roster.GetAsync(untrained));
        Assert.Single(await _storage.RowsAsync(Storage.Tables.Roster));
        Assert.True((await applications.GetAsync(listed))!.Published);
        Assert.Null((await applications.GetAsync(private_))!.Published);
    }

    [Fact]
    public async Task Every_registered_municipality_is_told_once_even_when_the_activity_runs_twice()
    {
        var round = Samples.Round(RoundState.Publishing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var activity = new NotifyMunicipalitiesOfRoster(new MunicipalityStore(_storage.Storage), new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage));
        var input = new RoundAt(round.RoundId, Samples.Now.AddDays(30));

        var first = await activity.Run(input, CancellationToken.None);
        var second = await activity.Run(input, CancellationToken.None);

        Assert.Equal(MunicipalityCsv.Sample.Count, first);
        Assert.Equal(first, second);
        var notices = (await _storage.RowsAsync(Storage.Tables.Notifications)).Where(n => n.GetString("Kind") == NotifyMunicipalitiesOfRoster.Kind).ToList();
        Assert.Equal(
            MunicipalityCsv.Sample.Select(m => NotificationStore.MunicipalityPartition(m.Code)).Order(StringComparer.Ordinal),
            notices.Select(n => n.PartitionKey).Order(StringComparer.Ordinal));
        Assert.All(notices, n => Assert.Contains(round.Title, n.GetString("Body")));
    }
}
