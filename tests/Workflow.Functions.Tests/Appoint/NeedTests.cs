using Azure.Data.Tables;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Panel;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>Needs → candidates over the API: a municipality describes a need and reads the roster ranked for it; the ministry sees the gap.</summary>
[Collection("Azurite")]
public sealed class NeedTests
{
    private static readonly DateTimeOffset Now = Samples.Now.AddDays(40);
    private static readonly string[] Skills = [.. SkillStandardCatalog.R3Draft.For(Persona.Producer).AllSkills.Select(s => s.Code).Take(2)];

    private readonly TestStorage _storage = new();

    private RosterCandidates Candidates => new(new RosterStore(_storage.Storage), new PanelStore(_storage.Storage), new AppointmentStore(_storage.Storage));

    private async Task<HttpAnswer> CreateAsync(string actor, string code, NeedRequest body)
    {
        var request = Requests.JsonOf("POST", actor, body);
        var create = new CreateNeed(TestSignIn.Gate(_storage.Storage), new IdempotentRequests(_storage.Storage, new FixedClock(Now)), new MunicipalityStore(_storage.Storage),
            new NeedStore(_storage.Storage), Candidates, Standards.For(_storage.Storage), TestPolicies.Limits(_storage.Storage), new FixedClock(Now));
        return await Requests.ExecuteAsync(await create.Run(request, code), request);
    }

    private async Task<HttpAnswer> CandidatesAsync(string actor, string needId)
    {
        var request = Requests.Request("GET", actor);
        var get = new GetNeedCandidates(TestSignIn.Gate(_storage.Storage), new NeedStore(_storage.Storage), Candidates, Standards.For(_storage.Storage), TestPolicies.Limits(_storage.Storage),
            new BusinessLog(_storage.Storage), new FixedClock(Now));
        return await Requests.ExecuteAsync(await get.Run(request, needId), request);
    }

    private async Task<HttpAnswer> CloseAsync(string actor, string needId, string status)
    {
        var request = Requests.JsonOf("POST", actor, new { status });
        var close = new CloseNeed(TestSignIn.Gate(_storage.Storage), new NeedStore(_storage.Storage), Candidates, Standards.For(_storage.Storage),
            TestPolicies.Limits(_storage.Storage, 5), new FixedClock(Now.AddDays(1)));
        return await Requests.ExecuteAsync(await close.Run(request, needId), request);
    }

    private async Task<HttpAnswer> ListAsync(string actor)
    {
        var request = Requests.Request("GET", actor);
        var list = new ListNeeds(TestSignIn.Gate(_storage.Storage), new NeedStore(_storage.Storage), Candidates, Standards.For(_storage.Storage), TestPolicies.Limits(_storage.Storage));
        return await Requests.ExecuteAsync(await list.Run(request), request);
    }

    /// <summary>A producer on the roster from <paramref name="prefecture"/>, scored by two reviewers at these levels on the two key items.</summary>
    private async Task<string> ListedAsync(string roundId, string name, string prefecture, int first, int second)
    {
        var form = Samples.EligibleProducer($"{name}@example.jp") with { FullName = name, Prefecture = prefecture };
        var id = await SeededApplications.AddAsync(_storage.Storage, roundId, form, nameof(ApplicationStatus.Certified));
        var row = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        await SeededApplications.SetAsync(_storage.Storage, new TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn([new PersonaOutcome(Persona.Producer, true, "理由")]),
        });
        await new RosterStore(_storage.Storage).PublishAsync([(await new ApplicationStore(_storage.Storage).GetAsync(id))!], Samples.Now.AddDays(30));
        foreach (var reviewer in new[] { "reviewer:a", "reviewer:b" })
        {
            await new PanelStore(_storage.Storage).RecordScoresAsync(roundId, id, new ReviewerScores(reviewer, Persona.Producer,
                [new ItemScore(Skills[0], first, null), new ItemScore(Skills[1], second, null)], null, Samples.Now.AddDays(15)));
        }

        return id;
    }

    private static NeedRequest Need(WorkStyle style = WorkStyle.OnSite) =>
        new(Persona.Producer, [Skills[0], Skills[1]], style, "東京都", Domain.Calendar.JapaneseDates.DayInJapan(Now).AddDays(30),
            Domain.Calendar.JapaneseDates.DayInJapan(Now).AddDays(395), 2);

    private async Task<(string RoundId, string Osaka, string Tokyo)> RosterAsync()
    {
        var round = Samples.Round(RoundState.Appointing);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
        var osaka = await ListedAsync(round.RoundId, "大阪 花子", "大阪府", 3, 4);
        var tokyo = await ListedAsync(round.RoundId, "東京 太郎", "東京都", 3, 3);
        return (round.RoundId, osaka, tokyo);
    }

    [Fact]
    public void Needs_ids_name_their_municipality()
    {
        var id = NeedStore.IdFor("131016", Now, new MunicipalNeed(Persona.Producer, [Skills[0]], WorkStyle.Remote, "東京都", new DateOnly(2027, 4, 1), new DateOnly(2027, 9, 30), 1));

        Assert.Equal("131016", NeedStore.CodeOf(id));
        Assert.Null(NeedStore.CodeOf("N999999-0123456789"));
    }

    [Fact]
    public async Task A_municipality_describes_a_need_and_reads_the_roster_ranked_for_it_with_reasons_and_the_read_is_logged()
    {
        var (roundId, osaka, tokyo) = await RosterAsync();

        var created = await CreateAsync("municipality:131016", "131016", Need());
        Assert.Equal(201, created.Status);
        Assert.Equal((2, 2), (created.Json.GetProperty("candidates").GetInt32(), created.Json.GetProperty("available").GetInt32()));
        var needId = created.Json.GetProperty("needId").GetString()!;

        var answer = await CandidatesAsync("municipality:131016", needId);

        Assert.Equal(200, answer.Status);
        var ranked = answer.Json.GetProperty("candidates").EnumerateArray().ToList();
        // 大阪: (5·3 + 4·4) / 9 = 3.44 → 344.4; 東京: 3.0 → 300, and 50 more on site in 東京都.
        Assert.Equal([tokyo, osaka], ranked.Select(r => r.GetProperty("candidateId").GetString()));
        Assert.Contains("勤務地と同じ都道府県（東京都）の方です。", ranked[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        var logged = (await new BusinessLog(_storage.Storage).ReadAsync(roundId, 100, null)).Entries.Single(e => e.Action == PersonalDataReads.Action);
        Assert.Equal($"candidates:{needId}:{string.Join(',', new[] { tokyo, osaka })}", logged.Detail);

        // Remote work: place no longer counts, and the higher scores lead.
        var remote = await CreateAsync("municipality:131016", "131016", Need(WorkStyle.Remote));
        var remoteRanked = (await CandidatesAsync("municipality:131016", remote.Json.GetProperty("needId").GetString()!)).Json.GetProperty("candidates").EnumerateArray();
        Assert.Equal([osaka, tokyo], remoteRanked.Select(r => r.GetProperty("candidateId").GetString()));
    }

    [Fact]
    public async Task A_need_closes_once_as_filled_or_withdrawn_and_leaves_the_ministrys_count_of_the_gap()
    {
        await RosterAsync();
        var engineers = Need() with { Persona = Persona.Engineer, KeySkillCodes = [SkillStandardCatalog.R3Draft.For(Persona.Engineer).AllSkills.First().Code] };
        var needId = (await CreateAsync("municipality:011002", "011002", engineers)).Json.GetProperty("needId").GetString()!;
        Assert.Equal(1, (await ListAsync("ministry")).Json.GetProperty("unmatched").GetInt32());

        Assert.Equal(403, (await CloseAsync("municipality:131016", needId, "withdrawn")).Status);
        Assert.Equal(400, (await CloseAsync("municipality:011002", needId, "open")).Status);
        var closed = await CloseAsync("municipality:011002", needId, "withdrawn");
        var again = await CloseAsync("municipality:011002", needId, "withdrawn");
        var other = await CloseAsync("municipality:011002", needId, "filled");

        Assert.Equal(200, closed.Status);
        Assert.Equal("withdrawn", closed.Json.GetProperty("status").GetString());
        Assert.Equal(closed.Body, again.Body);
        Assert.Equal(409, other.Status);
        Assert.Contains("取りやめ", other.Json.GetProperty("detail").GetString());
        var ministry = (await ListAsync("ministry")).Json;
        Assert.Equal((0, 0), (ministry.GetProperty("open").GetInt32(), ministry.GetProperty("unmatched").GetInt32()));
        Assert.Equal(TestSignIn.LogName("municipality:011002"), Assert.Single(ministry.GetProperty("items").EnumerateArray()).GetProperty("closure").GetProperty("by").GetString());
    }

    [Fact]
    public async Task The_ministry_sees_every_need_and_how_many_nobody_can_meet_and_a_municipality_only_its_own()
    {
        await RosterAsync();
        Assert.Equal(201, (await CreateAsync("municipality:131016", "131016", Need())).Status);
        var engineers = Need() with { Persona = Persona.Engineer, KeySkillCodes = [SkillStandardCatalog.R3Draft.For(Persona.Engineer).AllSkills.First().Code] };
        Assert.Equal(201, (await CreateAsync("municipality:011002", "011002", engineers)).Status);

        var ministry = await ListAsync("ministry");
        var sapporo = await ListAsync("municipality:011002");

        Assert.Equal(2, ministry.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(1, ministry.Json.GetProperty("unmatched").GetInt32());
        var own = Assert.Single(sapporo.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(("011002", 0), (own.GetProperty("municipalityCode").GetString(), own.GetProperty("candidates").GetInt32()));
        Assert.Equal(403, (await CreateAsync("municipality:011002", "131016", Need())).Status);
    }

    [Fact]
    public async Task A_need_with_an_item_the_persona_does_not_have_is_refused_and_nothing_is_stored()
    {
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);

        var answer = await CreateAsync("municipality:131016", "131016", Need() with { KeySkillCodes = ["X-99"] });

        Assert.Equal(400, answer.Status);
        Assert.Contains("スキル標準にありません", answer.ErrorsFor("keySkillCodes").Single(), StringComparison.Ordinal);
        Assert.False(await _storage.TableExistsAsync(Storage.Tables.Needs) && (await _storage.RowsAsync(Storage.Tables.Needs)).Count > 0);
    }
}
