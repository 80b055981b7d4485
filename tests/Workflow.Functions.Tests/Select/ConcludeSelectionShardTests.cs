using Azure.Data.Tables;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Select;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;

namespace Workflow.Functions.Tests.Select;

[Collection("Azurite")]
public sealed class ConcludeSelectionShardTests
{
    private const int Shard = 3;
    private readonly TestStorage _storage = new();

    [Fact]
    public async Task Every_applicant_gets_exactly_one_outcome_even_when_the_activity_runs_twice()
    {
        var roundId = (await Standards.StoredRoundAsync(_storage.Storage, RoundState.PanelReview)).RoundId;
        var chosen = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "chosen")));
        var undecided = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "undecided")));
        var ineligible = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.IneligibleEngineer(Samples.EmailInShard(Shard, "engineer")));
        var applications = new ApplicationStore(_storage.Storage);
        await new ScreenApplicationShard(applications, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(new ShardInput(roundId, Shard, Samples.Now), CancellationToken.None);
        var row = (await applications.GetAsync(chosen))!;
        Assert.True(await applications.RecordDecisionAsync(row, new PersonaDecision(Persona.Producer, PanelDecision.Selected, null, "reviewer", Samples.Now)));
        var activity = new ConcludeSelectionShard(applications, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage));
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
        // The screening's notice before it, and one outcome however often the conclusion ran.
        Assert.Equal([ScreenApplicationShard.ResultKind, ConcludeSelectionShard.OutcomeKind],
            (await new NotificationStore(_storage.Storage).ForApplicantAsync(ineligible)).Select(n => n.Kind).Order(StringComparer.Ordinal).ToList());

        // The outcome is per persona, stored with the status and told in the notice with its reason.
        Assert.Equal([Persona.Producer], (await applications.GetAsync(chosen))!.SelectedPersonas);
        var engineer = Assert.Single((await applications.GetAsync(ineligible))!.Lifecycle.Outcomes);
        Assert.Equal(Persona.Engineer, engineer.Persona);
        Assert.False(engineer.Selected);
        Assert.Contains("エンジニアの望ましい要件を満たしていません。", outcomes.Single(n => n.GetString("SubjectId") == ineligible).GetString("Body"), StringComparison.Ordinal);
        Assert.Contains("プロデューサー（CIO補佐官等）：選定", outcomes.Single(n => n.GetString("SubjectId") == chosen).GetString("Body"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_eligible_for_two_personas_and_chosen_for_one_is_selected_only_as_that_one()
    {
        var roundId = (await Standards.StoredRoundAsync(_storage.Storage, RoundState.PanelReview)).RoundId;
        var both = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducerAndEngineer(Samples.EmailInShard(Shard, "both")));
        var applications = new ApplicationStore(_storage.Storage);
        await new ScreenApplicationShard(applications, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(new ShardInput(roundId, Shard, Samples.Now), CancellationToken.None);
        var row = (await applications.GetAsync(both))!;
        Assert.Equal([Persona.Producer, Persona.Engineer], row.Lifecycle.EligiblePersonas);
        Assert.True(await applications.RecordDecisionAsync(row, new PersonaDecision(Persona.Engineer, PanelDecision.Selected, null, "reviewer", Samples.Now)));
        row = (await applications.GetAsync(both))!;
        Assert.True(await applications.RecordDecisionAsync(row, new PersonaDecision(Persona.Producer, PanelDecision.NotSelected, "他の候補者を優先しました。", "reviewer", Samples.Now)));

        await new ConcludeSelectionShard(applications, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(new ShardInput(roundId, Shard, Samples.Now.AddDays(20)), CancellationToken.None);

        var concluded = (await applications.GetAsync(both))!;
        Assert.Equal(nameof(ApplicationStatus.Selected), concluded.Status);
        Assert.Equal([Persona.Engineer], concluded.SelectedPersonas);
        Assert.Equal("他の候補者を優先しました。", concluded.Lifecycle.Outcomes.Single(o => o.Persona == Persona.Producer).Reason);
    }
}
