using Azure.Data.Tables;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Tests.Select;

[Collection("Azurite")]
public sealed class ConcludeSelectionShardTests
{
    private const int Shard = 3;
    private readonly TestStorage _storage = new();

    [Fact]
    public async Task Every_applicant_gets_exactly_one_outcome_even_when_the_activity_runs_twice()
    {
        var roundId = Functions.Rounds.RoundIds.NewRoundId(2025);
        var chosen = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "chosen")));
        var undecided = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "undecided")));
        var ineligible = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.IneligibleEngineer(Samples.EmailInShard(Shard, "engineer")));
        var applications = new ApplicationStore(_storage.Storage);
        await new ScreenApplicationShard(applications).Run(new ShardInput(roundId, Shard, Samples.Now), CancellationToken.None);
        var row = (await applications.GetAsync(chosen))!;
        await SeededApplications.SetAsync(_storage.Storage, new TableEntity(row.PartitionKey, row.RowKey) { [nameof(ApplicationEntity.Decision)] = nameof(PanelDecision.Selected) });
        var activity = new ConcludeSelectionShard(applications, new NotificationStore(_storage.Storage));
        var input = new ShardInput(roundId, Shard, Samples.Now.AddDays(20));

        var first = await activity.Run(input, CancellationToken.None);
        var second = await activity.Run(input, CancellationToken.None);

        Assert.Equal(new ShardSelectionResult(Shard, 3, 2, 1), first);
        Assert.Equal(first, second);
        Assert.Equal(nameof(ApplicationStatus.Selected), (await applications.GetAsync(chosen))!.Status);
        Assert.Equal(nameof(ApplicationStatus.NotSelected), (await applications.GetAsync(undecided))!.Status);
        Assert.Equal(nameof(ApplicationStatus.NotSelected), (await applications.GetAsync(ineligible))!.Status);

        var outcomes = (await _storage.RowsAsync(Storage.Tables.Notifications))
            .Where(n => n.GetString("Kind") == ConcludeSelectionShard.OutcomeKind).ToList();
        Assert.Equal(3, outcomes.Count);
        Assert.Equal(new[] { chosen, undecided, ineligible }.Order(StringComparer.Ordinal).ToList(), outcomes.Select(n => n.GetString("SubjectId")).Order(StringComparer.Ordinal).ToList());
        Assert.Equal("選定結果のお知らせ（選定）", outcomes.Single(n => n.GetString("SubjectId") == chosen).GetString("Title"));
        Assert.Contains("選定委員会の決定がありませんでした", outcomes.Single(n => n.GetString("SubjectId") == undecided).GetString("Body"));
        Assert.Single(await new NotificationStore(_storage.Storage).ForApplicantAsync(ineligible));
    }
}
