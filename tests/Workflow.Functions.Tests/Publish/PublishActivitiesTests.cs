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
    public async Task Every_certified_person_gets_a_row_with_their_tier_and_each_audience_sees_only_whom_it_may()
    {
        var roundId = RoundIds.NewRoundId(2025);
        var open = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "public")), nameof(ApplicationStatus.Certified));
        var municipal = await SeededApplications.AddAsync(_storage.Storage, roundId,
            Samples.EligibleProducer(Samples.EmailInShard(Shard, "municipal")) with { Listing = ListingTier.Municipalities }, nameof(ApplicationStatus.Certified));
        var private_ = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "private"), consent: false), nameof(ApplicationStatus.Certified));
        var untrained = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "untrained")), nameof(ApplicationStatus.NotCertified));
        var applications = new ApplicationStore(_storage.Storage);
        var roster = new RosterStore(_storage.Storage);
        var activity = new PublishRosterShard(applications, roster);
        var input = new ShardInput(roundId, Shard, Samples.Now.AddDays(30));

        var result = await activity.Run(input, CancellationToken.None);
        var again = await activity.Run(input, CancellationToken.None);

        Assert.Equal(new ShardPublicationResult(Shard, 2), result);
        Assert.Equal(result, again);
        Assert.Equal(ListingTier.Public, (await roster.GetAsync(open))!.Tier);
        Assert.Equal(ListingTier.Municipalities, (await roster.GetAsync(municipal))!.Tier);
        Assert.Equal(ListingTier.NotListed, (await roster.GetAsync(private_))!.Tier);
        Assert.Null(await roster.GetAsync(untrained));
        Assert.Equal(3, (await _storage.RowsAsync(Storage.Tables.Roster)).Count);
        Assert.Equal([open], (await roster.PageAsync(RosterAudience.Public, null, null, roundId, 50, null)).Items.Select(e => e.CandidateId));
        Assert.Equal(new[] { open, municipal }.Order(StringComparer.Ordinal),
            (await roster.PageAsync(RosterAudience.Listed, null, null, roundId, 50, null)).Items.Select(e => e.CandidateId).Order(StringComparer.Ordinal));
        foreach (var id in new[] { open, municipal, private_ })
        {
            Assert.True((await applications.GetAsync(id))!.Published);
        }

        Assert.Null((await applications.GetAsync(untrained))!.Published);
    }

    [Fact]
    public async Task Someone_who_applied_as_two_personas_and_was_selected_as_one_is_listed_and_found_as_that_one_only()
    {
        var roundId = RoundIds.NewRoundId(2025);
        var both = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducerAndEngineer(Samples.EmailInShard(Shard, "both")), nameof(ApplicationStatus.Certified));
        ApplicationIds.TryParse(both, out _, out var shard);
        await SeededApplications.SetAsync(_storage.Storage, new Azure.Data.Tables.TableEntity(ApplicationShards.PartitionKey(roundId, shard), both)
        {
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn([
                new PersonaOutcome(Domain.SkillStandard.Persona.Producer, true, ApplicationLifecycle.SelectedByPanel),
                new PersonaOutcome(Domain.SkillStandard.Persona.Engineer, false, "委員会の平均が基準に届きませんでした。")]),
        });
        var roster = new RosterStore(_storage.Storage);

        await new PublishRosterShard(new ApplicationStore(_storage.Storage), roster).Run(new ShardInput(roundId, shard, Samples.Now.AddDays(30)), CancellationToken.None);

        Assert.Equal([Domain.SkillStandard.Persona.Producer], (await roster.GetAsync(both))!.Personas);
        Assert.Equal([both], (await roster.PageAsync(RosterAudience.Public, Domain.SkillStandard.Persona.Producer, null, roundId, 50, null)).Items.Select(e => e.CandidateId));
        Assert.Empty((await roster.PageAsync(RosterAudience.Public, Domain.SkillStandard.Persona.Engineer, null, roundId, 50, null)).Items);
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

    [Fact]
    public async Task Each_listed_person_is_told_with_who_sees_them_once_and_nobody_else_is()
    {
        var round = Samples.Round(RoundState.Publishing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var roundId = round.RoundId;
        var open = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "public")), nameof(ApplicationStatus.Certified));
        var municipal = await SeededApplications.AddAsync(_storage.Storage, roundId,
            Samples.EligibleProducer(Samples.EmailInShard(Shard, "municipal")) with { Listing = ListingTier.Municipalities }, nameof(ApplicationStatus.Certified));
        await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "private"), consent: false), nameof(ApplicationStatus.Certified));
        await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "untrained")), nameof(ApplicationStatus.NotCertified));
        var applications = new ApplicationStore(_storage.Storage);
        var input = new ShardInput(roundId, Shard, Samples.Now.AddDays(30));
        await new PublishRosterShard(applications, new RosterStore(_storage.Storage)).Run(input, CancellationToken.None);
        var activity = new NotifyListedPeopleShard(applications, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage));

        var first = await activity.Run(input, CancellationToken.None);
        var again = await activity.Run(input, CancellationToken.None);

        Assert.Equal(new ShardListingNoticeResult(Shard, 2), first);
        Assert.Equal(first, again);
        var notices = (await _storage.RowsAsync(Storage.Tables.Notifications)).Where(n => n.GetString("Kind") == NotifyListedPeopleShard.Kind).ToList();
        Assert.Equal(new[] { open, municipal }.Order(StringComparer.Ordinal), notices.Select(n => n.GetString("SubjectId")).Order(StringComparer.Ordinal));
        var toOpen = notices.Single(n => n.GetString("SubjectId") == open).GetString("Body")!;
        var toMunicipal = notices.Single(n => n.GetString("SubjectId") == municipal).GetString("Body")!;
        Assert.Contains(round.Title, toOpen, StringComparison.Ordinal);
        Assert.Contains("公開ページには氏名", toOpen, StringComparison.Ordinal);
        Assert.Contains("公開ページには人数のみ", toMunicipal, StringComparison.Ordinal);
    }
}
