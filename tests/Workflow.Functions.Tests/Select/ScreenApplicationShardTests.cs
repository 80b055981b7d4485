using System.Text.Json;
using Workflow.Domain.Screening;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;

namespace Workflow.Functions.Tests.Select;

[Collection("Azurite")]
public sealed class ScreenApplicationShardTests
{
    private const int Shard = 5;
    private readonly TestStorage _storage = new();

    [Fact]
    public async Task Screens_against_the_skill_standard_and_gives_the_same_answer_when_run_again()
    {
        var roundId = (await Standards.StoredRoundAsync(_storage.Storage, RoundState.Screening)).RoundId;
        var producer = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "producer")));
        var engineer = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.IneligibleEngineer(Samples.EmailInShard(Shard, "engineer")));
        var applications = new ApplicationStore(_storage.Storage);
        var activity = new ScreenApplicationShard(applications, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage));
        var input = new ShardInput(roundId, Shard, Samples.Now);

        var first = await activity.Run(input, CancellationToken.None);
        var afterFirst = await ReadAsync(applications, producer, engineer);
        var second = await activity.Run(input, CancellationToken.None);
        var afterSecond = await ReadAsync(applications, producer, engineer);

        Assert.Equal(new ShardScreeningResult(Shard, 2, 1), first);
        Assert.Equal(first, second);
        Assert.Equal(afterFirst, afterSecond);

        var p = await applications.GetAsync(producer);
        Assert.Equal((nameof(ApplicationStatus.Eligible), true), (p!.Status, p.Eligible));
        var screening = JsonSerializer.Deserialize<ApplicationScreening>(p.ScreeningJson!, Functions.Http.Json.Options)!;
        Assert.True(screening.Eligible);
        Assert.Contains(screening.PerPersona.Single().Reasons, r => r.Contains("ITストラテジスト", StringComparison.Ordinal));

        var e = await applications.GetAsync(engineer);
        Assert.Equal((nameof(ApplicationStatus.Ineligible), false), (e!.Status, e.Eligible));
        Assert.False(JsonSerializer.Deserialize<ApplicationScreening>(e.ScreeningJson!, Functions.Http.Json.Options)!.Eligible);

        // Each applicant is told the result once (two runs, one notice and one queued mail each), with its reasons.
        var notices = new NotificationStore(_storage.Storage);
        var passed = Assert.Single(await notices.ForApplicantAsync(producer));
        Assert.Equal((ScreenApplicationShard.ResultKind, "書類選考の結果のお知らせ（通過）", Samples.Now), (passed.Kind, passed.Title, passed.CreatedAt));
        Assert.Contains("・プロデューサー（CIO補佐官等）：要件を満たす", passed.Body);
        Assert.Contains("選定委員会が審査します", passed.Body);
        var failed = Assert.Single(await notices.ForApplicantAsync(engineer));
        Assert.Equal("書類選考の結果のお知らせ", failed.Title);
        Assert.Contains("・エンジニア：要件を満たさない", failed.Body);
        Assert.Contains("選定委員会の審査には進みません", failed.Body);
        Assert.Equal(2, (await _storage.RowsAsync(Storage.Tables.Outbox)).Count(r => r.PartitionKey == "queued" && r.GetString("Kind") == ScreenApplicationShard.ResultKind));
    }

    [Fact]
    public async Task Other_shards_and_rounds_are_left_alone()
    {
        var roundId = (await Standards.StoredRoundAsync(_storage.Storage, RoundState.Screening)).RoundId;
        var elsewhere = await SeededApplications.AddAsync(_storage.Storage, roundId, Samples.EligibleProducer(Samples.EmailInShard(Shard + 1, "other")));
        var applications = new ApplicationStore(_storage.Storage);

        var result = await new ScreenApplicationShard(applications, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(new ShardInput(roundId, Shard, Samples.Now), CancellationToken.None);

        Assert.Equal(new ShardScreeningResult(Shard, 0, 0), result);
        Assert.Null((await applications.GetAsync(elsewhere))!.Eligible);
    }

    private static async Task<string> ReadAsync(ApplicationStore store, params string[] ids)
    {
        var rows = new List<string>();
        foreach (var id in ids)
        {
            var row = (await store.GetAsync(id))!;
            rows.Add($"{row.Status}|{row.Eligible}|{row.ScreeningJson}");
        }

        return string.Join('\n', rows);
    }
}
