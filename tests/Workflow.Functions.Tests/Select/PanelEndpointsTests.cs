using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Workflow.Domain.Applications;
using Workflow.Domain.Panel;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Select;

/// <summary>
/// The 選定委員会 on Azurite: the operator names at least three reviewers; each member scores on their own and sees the
/// others only after; the operator decides once the quorum has scored; the overview puts it all side by side.
/// </summary>
[Collection("Azurite")]
public sealed class PanelEndpointsTests
{
    private readonly TestStorage _storage = new();

    private static readonly string[] Members = ["alice", "bob", "carol"];

    private FixedClock Clock { get; } = new(Samples.Now);

    private async Task<(string RoundId, string ApplicationId)> EligibleInPanelReviewAsync(ApplicationForm? form = null)
    {
        var round = Samples.Round(RoundState.PanelReview);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, form ?? Samples.EligibleProducer("panel@example.jp"), nameof(ApplicationStatus.Eligible));
        var row = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        await SeededApplications.SetAsync(_storage.Storage, ScreenApplicationShard.ScreeningChange(row, ScreenApplicationShard.Screen(row, Standards.For(_storage.Storage).PinnedBy(round))));
        return (round.RoundId, id);
    }

    private static bool Absent(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    private static string Reviewer(string roundId, string subject) => $"reviewer:{roundId}@{subject}";

    private static async Task<HttpAnswer> Run(HttpRequest request, Func<Task<IActionResult>> call) => await Requests.ExecuteAsync(await call(), request);

    private Task<HttpAnswer> AssignAsync(string actor, string roundId, params string[] subjects)
    {
        var request = Requests.JsonOf("PUT", actor, new PanelAssignmentRequest(subjects.Select((s, i) => new PanelMember(s, $"委員{i + 1}")).ToList()));
        return Run(request, () => new AssignPanel(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new PanelStore(_storage.Storage),
            new BusinessLog(_storage.Storage), Clock, new IdempotentRequests(_storage.Storage, Clock)).Run(request, roundId));
    }

    private Task<HttpAnswer> DeclareAsync(string actor, string roundId, string id)
    {
        var request = Requests.JsonOf("PUT", actor, new ConflictDeclarationRequest(false));
        return Run(request, () => new DeclareConflictOfInterest(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new BusinessLog(_storage.Storage), Clock).Run(request, roundId, id));
    }

    private Task<HttpAnswer> ScoreAsync(string actor, string roundId, string id, int level, string persona = "producer", Func<List<ItemScore>, List<ItemScore>>? edit = null)
    {
        var profile = SkillStandardCatalog.R3Draft.For(SkillStandardCatalog.TryParsePersona(persona, out var parsed) ? parsed : Persona.Producer);
        var items = profile.AllSkills.Select(s => new ItemScore(s.Code, level, PanelRules.ReasonRequired(level) ? "職務経歴の記載による。" : null)).ToList();
        var request = Requests.JsonOf("PUT", actor, new ScoresRequest((edit?.Invoke(items) ?? items).Cast<ItemScore?>().ToList(), null));
        return Run(request, () => new RecordScores(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage), new ApplicationStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage), new BusinessLog(_storage.Storage), Clock,
            new IdempotentRequests(_storage.Storage, Clock)).Run(request, roundId, id, persona));
    }

    private Task<HttpAnswer> ScoresAsync(string actor, string roundId, string id)
    {
        var request = Requests.Request("GET", actor);
        return Run(request, () => new GetScores(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage), new ApplicationStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new PanelCounting(new PanelStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage))).Run(request, roundId, id));
    }

    private Task<HttpAnswer> DecideAsync(string actor, string roundId, string id)
    {
        var request = Requests.Json("PUT", actor, """{"decision":"selected","persona":"producer"}""");
        return Run(request, () => new RecordPanelDecision(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new PanelCounting(new PanelStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage)), new BusinessLog(_storage.Storage), Clock,
            new IdempotentRequests(_storage.Storage, Clock)).Run(request, roundId, id));
    }

    private Task<HttpAnswer> OverviewAsync(string actor, string roundId)
    {
        var request = Requests.Request("GET", actor);
        return Run(request, () => new GetPanelOverview(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage)).Run(request, roundId));
    }

    [Fact]
    public async Task The_operator_names_at_least_three_reviewers_and_only_until_the_selection_is_final()
    {
        var (roundId, _) = await EligibleInPanelReviewAsync();
        var operatorStaff = $"operator:{roundId}";

        var two = await AssignAsync(operatorStaff, roundId, "alice", "bob");
        Assert.Equal(400, two.Status);
        Assert.Equal(["members"], two.ErrorFields);
        Assert.Equal(403, (await AssignAsync(Reviewer(roundId, "alice"), roundId, Members)).Status);

        var named = await AssignAsync(operatorStaff, roundId, Members);
        Assert.Equal(200, named.Status);
        Assert.Equal(Members, named.Json.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("subject").GetString()));
        var logged = Assert.Single(await _storage.RowsAsync(Storage.Tables.AuditLog), r => r.GetString("Action") == BusinessLogActions.PanelAssigned);
        Assert.Equal("reviewer:alice,reviewer:bob,reviewer:carol", logged.GetString("Detail"));

        var request = Requests.Request("GET", Reviewer(roundId, "bob"));
        var seen = await Run(request, () => new GetPanel(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new PanelStore(_storage.Storage)).Run(request, roundId));
        Assert.True(seen.Json.GetProperty("youAreMember").GetBoolean());

        await new RoundStore(_storage.Storage).RecordCommandAsync(roundId, RoundCommand.FinalizeSelection, "operator", Samples.Now, null);
        Assert.Equal(409, (await AssignAsync(operatorStaff, roundId, "dave", "erin", "frank")).Status);
        Assert.Equal(Members, (await new PanelStore(_storage.Storage).MembersAsync(roundId)).Select(m => m.Subject));
    }

    [Fact]
    public async Task Only_a_member_who_declared_no_conflict_scores_and_every_item_of_the_persona_must_be_scored()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        await AssignAsync($"operator:{roundId}", roundId, Members);

        var outsider = Reviewer(roundId, "mallory");
        await DeclareAsync(outsider, roundId, id);
        Assert.Equal(403, (await ScoreAsync(outsider, roundId, id, 3)).Status);

        var alice = Reviewer(roundId, "alice");
        Assert.Equal(409, (await ScoreAsync(alice, roundId, id, 3)).Status);
        await DeclareAsync(alice, roundId, id);

        var missing = await ScoreAsync(alice, roundId, id, 3, edit: items => items.Skip(1).ToList());
        Assert.Equal(400, missing.Status);
        Assert.Equal(["items"], missing.ErrorFields);
        var lowWithoutReason = await ScoreAsync(alice, roundId, id, 3, edit: items => [items[0] with { Level = 1 }, .. items.Skip(1)]);
        Assert.Equal(["items[0].reason"], lowWithoutReason.ErrorFields);
        Assert.Equal(409, (await ScoreAsync(alice, roundId, id, 3, persona: "engineer")).Status);
        Assert.Equal(404, (await ScoreAsync(alice, roundId, id, 3, persona: "astronaut")).Status);

        var scored = await ScoreAsync(alice, roundId, id, 4);
        Assert.Equal(200, scored.Status);
        Assert.Equal(4.0, scored.Json.GetProperty("mean").GetDouble());
        var line = Assert.Single(await _storage.RowsAsync(Storage.Tables.AuditLog), r => r.GetString("Action") == BusinessLogActions.ScoresRecorded);
        Assert.Equal("reviewer:alice", line.GetString("Actor"));
        Assert.StartsWith("Producer:producer.policy-planning=4,", line.GetString("Detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("職務経歴", line.GetString("Detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewer_sees_the_others_scores_and_the_result_only_after_scoring_and_the_operator_decides_only_after_the_quorum()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var operatorStaff = $"operator:{roundId}";
        await AssignAsync(operatorStaff, roundId, Members);
        foreach (var member in Members)
        {
            await DeclareAsync(Reviewer(roundId, member), roundId, id);
        }

        await DeclareAsync(operatorStaff, roundId, id);
        Assert.Equal(200, (await ScoreAsync(Reviewer(roundId, "alice"), roundId, id, 4)).Status);

        var bobBefore = (await ScoresAsync(Reviewer(roundId, "bob"), roundId, id)).Json.GetProperty("personas")[0];
        Assert.True(Absent(bobBefore, "others"));
        Assert.True(Absent(bobBefore, "result"));
        Assert.True(Absent(bobBefore, "yours"));

        Assert.Equal(200, (await ScoreAsync(Reviewer(roundId, "bob"), roundId, id, 2)).Status);
        var bobAfter = (await ScoresAsync(Reviewer(roundId, "bob"), roundId, id)).Json.GetProperty("personas")[0];
        Assert.Equal(["委員1"], bobAfter.GetProperty("others").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(2, bobAfter.GetProperty("result").GetProperty("scored").GetInt32());

        var early = await DecideAsync(operatorStaff, roundId, id);
        Assert.Equal(409, early.Status);
        Assert.Equal("選定委員の採点が定足数に達していないため、決定を記録できません（採点済み2人／定足数3人）。", early.Json.GetProperty("title").GetString());

        Assert.Equal(200, (await ScoresAsync(operatorStaff, roundId, id)).Status);
        Assert.Equal(200, (await ScoreAsync(Reviewer(roundId, "carol"), roundId, id, 3)).Status);
        Assert.Equal(200, (await DecideAsync(operatorStaff, roundId, id)).Status);

        var overview = (await OverviewAsync(operatorStaff, roundId)).Json;
        var row = Assert.Single(overview.GetProperty("rows").EnumerateArray());
        Assert.Equal(id, row.GetProperty("applicationId").GetString());
        Assert.Equal(3.0, row.GetProperty("result").GetProperty("mean").GetDouble());
        Assert.True(row.GetProperty("result").GetProperty("quorumMet").GetBoolean());
        Assert.True(row.GetProperty("result").GetProperty("disagreement").GetBoolean(), "4 against 2 is two levels apart");
        Assert.Equal("selected", row.GetProperty("decision").GetString());
        Assert.Equal([4.0, 2.0, 3.0], row.GetProperty("reviewers").EnumerateArray().Select(r => r.GetProperty("mean").GetDouble()));
        var buckets = overview.GetProperty("distribution").EnumerateArray().ToList();
        Assert.Equal(6, buckets.Count);
        Assert.Equal(1, buckets.Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(1, buckets.Single(b => b.GetProperty("from").GetDouble() == 3.0).GetProperty("count").GetInt32());
        Assert.DoesNotContain("山田", overview.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_who_declares_a_conflict_after_scoring_no_longer_counts_and_the_quorum_follows_who_is_left()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var operatorStaff = $"operator:{roundId}";
        await AssignAsync(operatorStaff, roundId, Members);
        foreach (var member in Members)
        {
            await DeclareAsync(Reviewer(roundId, member), roundId, id);
            Assert.Equal(200, (await ScoreAsync(Reviewer(roundId, member), roundId, id, 3)).Status);
        }

        var request = Requests.JsonOf("PUT", Reviewer(roundId, "carol"), new ConflictDeclarationRequest(true));
        await Run(request, () => new DeclareConflictOfInterest(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new BusinessLog(_storage.Storage), Clock).Run(request, roundId, id));

        var result = (await ScoresAsync(operatorStaff, roundId, id)).Json.GetProperty("personas")[0].GetProperty("result");
        var row = Assert.Single((await OverviewAsync(operatorStaff, roundId)).Json.GetProperty("rows").EnumerateArray());
        Assert.Equal(["委員3"], row.GetProperty("conflicted").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, row.GetProperty("reviewers").GetArrayLength());
        Assert.Equal(2, result.GetProperty("scored").GetInt32());
        Assert.Equal(2, result.GetProperty("quorum").GetInt32());
        Assert.Equal(409, (await ScoresAsync(Reviewer(roundId, "carol"), roundId, id)).Status);
    }

    [Fact]
    public async Task A_reviewer_reviews_name_blind_until_the_outcome_and_the_pack_warns_about_free_text()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        await AssignAsync($"operator:{roundId}", roundId, Members);
        var alice = Reviewer(roundId, "alice");
        await DeclareAsync(alice, roundId, id);

        var request = Requests.Request("GET", alice);
        var pack = await Run(request, () => new GetReviewPack(new StaffApplicationReader(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage), new BusinessLog(_storage.Storage), Clock), Standards.For(_storage.Storage)).Run(request, roundId, id));

        Assert.Equal(200, pack.Status);
        var form = Samples.EligibleProducer("panel@example.jp");
        foreach (var personal in new[] { form.FullName, form.FullNameKana!, form.Email, form.Phone, form.Prefecture })
        {
            Assert.DoesNotContain(personal, pack.Body, StringComparison.Ordinal);
        }

        Assert.Equal(ReviewPacks.Pseudonym(id), pack.Json.GetProperty("pseudonym").GetString());
        Assert.Equal("市役所の情報政策課で勤務", pack.Json.GetProperty("experiences")[0].GetProperty("summary").GetString());
        Assert.Equal(ReviewPacks.FreeTextNotice, pack.Json.GetProperty("freeTextNotice").GetString());
        Assert.False(pack.Json.GetProperty("identityOpen").GetBoolean());

        var list = Requests.Request("GET", alice);
        var page = await Run(list, () => new ListApplications(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
            new ConflictDeclarationStore(_storage.Storage), new BusinessLog(_storage.Storage), Clock).Run(list, roundId));
        var item = Assert.Single(page.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(ReviewPacks.Pseudonym(id), item.GetProperty("fullName").GetString());
        Assert.DoesNotContain(form.FullName, page.Body, StringComparison.Ordinal);

        // Someone outside the panel gets nothing, not even the pack.
        var outsider = Reviewer(roundId, "mallory");
        await DeclareAsync(outsider, roundId, id);
        var other = Requests.Request("GET", outsider);
        Assert.Equal(403, (await Run(other, () => new GetReviewPack(new StaffApplicationReader(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage), new BusinessLog(_storage.Storage), Clock), Standards.For(_storage.Storage)).Run(other, roundId, id))).Status);
    }

    [Fact]
    public async Task Two_operators_naming_different_panels_at_once_leave_one_of_them_whole_never_a_mix()
    {
        var store = new PanelStore(_storage.Storage);
        var roundId = Functions.Rounds.RoundIds.NewRoundId(2026);
        string[][] panels = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i", "j"]];
        for (var round = 0; round < 6; round++)
        {
            var first = panels[round % 3];
            var second = panels[(round + 1) % 3];
            await Task.WhenAll(
                store.AssignAsync(roundId, first.Select(s => new PanelMember(s, s)).ToList(), "operator:1", Samples.Now),
                store.AssignAsync(roundId, second.Select(s => new PanelMember(s, s)).ToList(), "operator:2", Samples.Now));

            var stored = (await store.MembersAsync(roundId)).Select(m => m.Subject).Order().ToList();
            Assert.True(stored.SequenceEqual(first) || stored.SequenceEqual(second), $"the panel is a mix: {string.Join(",", stored)}");
        }
    }
}
