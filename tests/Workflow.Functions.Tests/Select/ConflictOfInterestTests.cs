using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Http;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;
using Workflow.Domain.Panel;
using Workflow.Domain.SkillStandard;

namespace Workflow.Functions.Tests.Select;

/// <summary>
/// A panel member reads and scores, and the operator decides, an application only after declaring, for it, no conflict of interest. Declarations
/// are only ever added: a declared conflict stands until ministry or operator staff clear it, with a reason.
/// </summary>
[Collection("Azurite")]
public sealed class ConflictOfInterestTests
{
    private readonly TestStorage _storage = new();

    private async Task<(string RoundId, string ApplicationId)> EligibleInPanelReviewAsync()
    {
        var round = Samples.Round(RoundState.PanelReview);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("panel@example.jp"), nameof(ApplicationStatus.Eligible));
        var row = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        await SeededApplications.SetAsync(_storage.Storage, ScreenApplicationShard.ScreeningChange(row, ScreenApplicationShard.Screen(row, Standards.For(_storage.Storage).PinnedBy(round))));

        // The panel: the spec's own reviewer and three colleagues who have scored, so the operator's decision has its quorum.
        var panel = new PanelStore(_storage.Storage);
        await panel.AssignAsync(round.RoundId, [new PanelMember(TestSignIn.Subject, "委員"), .. Colleagues.Select(c => new PanelMember(c, c))], "operator", Samples.Now);
        foreach (var colleague in Colleagues)
        {
            await panel.RecordScoresAsync(round.RoundId, id, new ReviewerScores(PanelStore.ReviewerLogName(colleague), Persona.Producer,
                SkillStandardCatalog.R3Draft.For(Persona.Producer).AllSkills.Select(s => new ItemScore(s.Code, 3, null)).ToList(), null, Samples.Now));
        }

        return (round.RoundId, id);
    }

    private static readonly string[] Colleagues = ["colleague-1", "colleague-2", "colleague-3"];

    /// <summary>The spec's reviewer scores every producer item at level 3.</summary>
    private Task<HttpAnswer> ScoreAsync(string actor, string roundId, string id)
    {
        var request = Requests.JsonOf("PUT", actor, new ScoresRequest(
            SkillStandardCatalog.R3Draft.For(Persona.Producer).AllSkills.Select(s => new ItemScore(s.Code, 3, null)).ToList(), null));
        return Run(request, () => new RecordScores(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), Standards.For(_storage.Storage), new ApplicationStore(_storage.Storage),
            Declarations(), new PanelStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now),
            new IdempotentRequests(_storage.Storage, new FixedClock(Samples.Now))).Run(request, roundId, id, "producer"));
    }

    private ConflictDeclarationStore Declarations() => new(_storage.Storage);

    private Task<HttpAnswer> DeclareAsync(string actor, string roundId, string id, bool hasConflict)
    {
        var request = Requests.JsonOf("PUT", actor, new ConflictDeclarationRequest(hasConflict));
        return Run(request, () => new DeclareConflictOfInterest(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), Declarations(),
            new BusinessLog(_storage.Storage), new FixedClock(Samples.Now)).Run(request, roundId, id));
    }

    private Task<HttpAnswer> DecideAsync(string actor, string roundId, string id, string? key = null)
    {
        var request = Requests.Json("PUT", actor, """{"decision":"selected"}""");
        if (key is not null)
        {
            request.Headers[IdempotencyKey.Header] = key;
        }

        return Run(request, () => new RecordPanelDecision(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
            Declarations(), new PanelCounting(new PanelStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage)), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now), new IdempotentRequests(_storage.Storage, new FixedClock(Samples.Now))).Run(request, roundId, id));
    }

    private Task<HttpAnswer> PackAsync(string actor, string roundId, string id)
    {
        var request = Requests.Request("GET", actor);
        return Run(request, () => new GetReviewPack(new StaffApplicationReader(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now)), Standards.For(_storage.Storage)).Run(request, roundId, id));
    }

    private Task<HttpAnswer> ReadDetailAsync(string actor, string roundId, string id)
    {
        var request = Requests.Request("GET", actor);
        var reader = new StaffApplicationReader(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), Declarations(), new PanelStore(_storage.Storage),
            new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));
        return Run(request, () => new GetApplicationDetail(reader).Run(request, roundId, id));
    }

    private Task<HttpAnswer> ClearAsync(string actor, string roundId, string id, string declarant, string? reason)
    {
        var request = Requests.JsonOf("POST", actor, new ConflictClearanceRequest(reason));
        return Run(request, () => new ClearConflictOfInterest(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), Declarations(),
            new BusinessLog(_storage.Storage), new FixedClock(Samples.Now.AddHours(1))).Run(request, roundId, id, declarant));
    }

    private Task<HttpAnswer> GetOwnAsync(string actor, string roundId, string id)
    {
        var request = Requests.Request("GET", actor);
        return Run(request, () => new GetOwnConflictDeclaration(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), Declarations())
            .Run(request, roundId, id));
    }

    /// <summary>The declarations' entries, without the standing rows that copy each declarant's last one.</summary>
    private async Task<List<TableEntity>> DeclarationRowsAsync() =>
        (await _storage.RowsAsync(Storage.Tables.ConflictDeclarations)).Where(r => !r.RowKey.StartsWith("~standing|", StringComparison.Ordinal)).ToList();

    private async Task<TableEntity> ApplicationRowAsync(string id)
    {
        ApplicationIds.TryParse(id, out var roundId, out var shard);
        var table = _storage.Storage.TableService.GetTableClient(_storage.Prefix + Storage.Tables.Applications);
        return (await table.GetEntityAsync<TableEntity>(ApplicationShards.PartitionKey(roundId, shard), id)).Value;
    }

    private async Task MergeIntoApplicationAsync(string id, TableEntity change)
    {
        var row = await ApplicationRowAsync(id);
        change.PartitionKey = row.PartitionKey;
        change.RowKey = row.RowKey;
        await SeededApplications.SetAsync(_storage.Storage, change);
    }

    private static async Task<HttpAnswer> Run(Microsoft.AspNetCore.Http.HttpRequest request, Func<Task<Microsoft.AspNetCore.Mvc.IActionResult>> call) =>
        await Requests.ExecuteAsync(await call(), request);

    /// <summary>A stored producer selection recorded by <paramref name="by"/>.</summary>
    private static string DecisionsBy(string by) =>
        ApplicationEntity.DecisionsColumn([new PersonaDecision(Workflow.Domain.SkillStandard.Persona.Producer, PanelDecision.Selected, "書類・面接とも良好", by, Samples.Now)]);

    private async Task<List<string>> LoggedAsync(string action) =>
        (await _storage.RowsAsync(Storage.Tables.AuditLog)).Where(r => r.GetString("Action") == action).Select(r => r.GetString("Actor") ?? string.Empty).ToList();

    [Fact]
    public async Task A_reviewer_without_a_declaration_can_neither_read_the_details_nor_score()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";

        Assert.Equal(409, (await ReadDetailAsync(reviewer, roundId, id)).Status);
        Assert.Equal(409, (await ScoreAsync(reviewer, roundId, id)).Status);
        Assert.Empty((await new ApplicationStore(_storage.Storage).GetAsync(id))!.Lifecycle.Decisions);
        Assert.Empty(await LoggedAsync(PersonalDataReads.Action));
    }

    [Fact]
    public async Task After_declaring_no_conflict_the_reviewer_reads_and_scores_and_the_operator_decides_and_each_is_logged()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        var operatorStaff = $"operator:{roundId}";

        Assert.Equal(200, (await DeclareAsync(reviewer, roundId, id, hasConflict: false)).Status);
        var detail = await ReadDetailAsync(reviewer, roundId, id);
        var pack = await PackAsync(reviewer, roundId, id);
        var scored = await ScoreAsync(reviewer, roundId, id);
        Assert.Equal(403, (await DecideAsync(reviewer, roundId, id)).Status);
        Assert.Equal(200, (await DeclareAsync(operatorStaff, roundId, id, hasConflict: false)).Status);
        var decided = await DecideAsync(operatorStaff, roundId, id);

        Assert.Equal(409, detail.Status);
        Assert.Equal("選定の確定までは、選定委員には氏名・連絡先・職務経歴書を開示していません。", detail.Json.GetProperty("title").GetString());
        Assert.Equal(200, scored.Status);
        Assert.Equal(200, decided.Status);
        Assert.Equal([TestSignIn.LogName(operatorStaff), TestSignIn.LogName(reviewer)], (await LoggedAsync("NoConflictOfInterestDeclared")).Order());
        Assert.Equal(200, pack.Status);
        Assert.DoesNotContain("panel@example.jp", pack.Body, StringComparison.Ordinal);
        Assert.Equal([TestSignIn.LogName(reviewer)], await LoggedAsync(PersonalDataReads.Action));
        Assert.Equal([TestSignIn.LogName(reviewer)], await LoggedAsync("ScoresRecorded"));
        Assert.Equal([TestSignIn.LogName(operatorStaff)], await LoggedAsync("PanelDecisionRecorded"));
    }

    [Fact]
    public async Task A_declared_conflict_keeps_the_declarant_out_of_that_application()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        var operatorStaff = $"operator:{roundId}";
        await DeclareAsync(reviewer, roundId, id, hasConflict: false);
        await DeclareAsync(reviewer, roundId, id, hasConflict: true);
        await DeclareAsync(operatorStaff, roundId, id, hasConflict: false);
        await DeclareAsync(operatorStaff, roundId, id, hasConflict: true);

        var scored = await ScoreAsync(reviewer, roundId, id);
        var decided = await DecideAsync(operatorStaff, roundId, id);

        Assert.Equal(409, scored.Status);
        Assert.Equal("利益相反を申告した応募です。", scored.Json.GetProperty("title").GetString());
        Assert.Equal(409, decided.Status);
        Assert.Equal("利益相反を申告した応募です。", decided.Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_declaration_is_personal_to_whoever_made_it()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        await DeclareAsync($"reviewer:{roundId}", roundId, id, hasConflict: false);

        // The operator's staff member has not declared anything, so cannot rely on the reviewer's declaration.
        Assert.Equal(409, (await DecideAsync($"operator:{roundId}", roundId, id)).Status);
    }

    [Fact]
    public async Task Operator_staff_and_auditors_read_details_without_a_declaration_but_every_read_is_logged()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();

        Assert.Equal(200, (await ReadDetailAsync($"operator:{roundId}", roundId, id)).Status);
        Assert.Equal(200, (await ReadDetailAsync("auditor", roundId, id)).Status);
        Assert.Equal(403, (await ReadDetailAsync("reviewer:R2025-99999999", roundId, id)).Status);

        Assert.Equal([TestSignIn.LogName("auditor"), TestSignIn.LogName("operator")], (await LoggedAsync(PersonalDataReads.Action)).Order());
    }

    [Fact]
    public async Task A_declared_conflict_cannot_be_taken_back_by_its_declarant()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        Assert.Equal(200, (await DeclareAsync(reviewer, roundId, id, hasConflict: true)).Status);

        var flip = await DeclareAsync(reviewer, roundId, id, hasConflict: false);

        Assert.Equal(409, flip.Status);
        Assert.True(flip.IsProblem);
        Assert.Equal("利益相反ありと申告済みのため、「利益相反なし」には変更できません。", flip.Json.GetProperty("title").GetString());
        Assert.Equal(409, (await ScoreAsync(reviewer, roundId, id)).Status);
        Assert.Equal(409, (await ReadDetailAsync(reviewer, roundId, id)).Status);
        var row = Assert.Single(await DeclarationRowsAsync());
        Assert.Equal(nameof(DeclarationKind.Conflict), row.GetString("Kind"));
        Assert.Equal([TestSignIn.LogName(reviewer)], await LoggedAsync("ConflictOfInterestDeclared"));
        Assert.Empty(await LoggedAsync("NoConflictOfInterestDeclared"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_same_declaration_again_answers_the_same_and_adds_nothing(bool hasConflict)
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";

        var first = await DeclareAsync(reviewer, roundId, id, hasConflict);
        var again = await DeclareAsync(reviewer, roundId, id, hasConflict);

        Assert.Equal(200, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Single(await DeclarationRowsAsync());
        Assert.Single(await LoggedAsync(hasConflict ? "ConflictOfInterestDeclared" : "NoConflictOfInterestDeclared"));
    }

    [Fact]
    public async Task Declarations_are_added_one_after_another_and_none_is_overwritten()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        var declarant = TestSignIn.LogName(reviewer);

        await DeclareAsync(reviewer, roundId, id, hasConflict: false);
        await DeclareAsync(reviewer, roundId, id, hasConflict: true);

        var rows = (await DeclarationRowsAsync()).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        Assert.Equal([ConflictDeclarationStore.RowKey(declarant, 1), ConflictDeclarationStore.RowKey(declarant, 2)], rows.Select(r => r.RowKey));
        Assert.Equal([nameof(DeclarationKind.NoConflict), nameof(DeclarationKind.Conflict)], rows.Select(r => r.GetString("Kind")));
        Assert.All(rows, r => Assert.Equal(id, r.PartitionKey));
    }

    [Fact]
    public async Task The_standing_row_copies_the_last_entry_and_a_changed_standing_row_is_what_the_checks_read()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        var declarant = TestSignIn.LogName(reviewer);
        await DeclareAsync(reviewer, roundId, id, hasConflict: false);
        await DeclareAsync(reviewer, roundId, id, hasConflict: true);

        var standing = Assert.Single(await _storage.RowsAsync(Storage.Tables.ConflictDeclarations), r => r.RowKey == ConflictDeclarationStore.StandingKey(id, declarant));
        Assert.Equal(nameof(DeclarationKind.Conflict), standing.GetString("Kind"));
        Assert.Equal(2, standing.GetInt32("Sequence"));
        Assert.Equal(id, standing.PartitionKey);

        // Whole-partition readers (the lists, the overview) count entries, not the standing row, once each.
        Assert.Equal([declarant], await Declarations().ConflictedOnAsync(id));
        Assert.Equal([id], (await Declarations().ConflictsInRoundAsync(roundId)).Keys);
        Assert.Equal([declarant], await Declarations().ConflictedAmongDeclarantsAsync(id, [declarant, "reviewer:nobody"]));
    }

    [Fact]
    public async Task Declarations_sent_at_once_by_one_declarant_number_their_entries_without_a_gap_and_the_standing_row_is_the_last()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var declarant = TestSignIn.LogName($"reviewer:{roundId}");
        var store = Declarations();

        // Eight requests racing for entry 1 (the same answer four times each way): the first no-conflict or conflict
        // to land wins; whatever comes after a conflict is refused; a no-conflict after a no-conflict is a repeat.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.DeclareAsync(id, declarant, hasConflict: i % 2 == 1, Samples.Now.AddSeconds(i))));

        var rows = (await DeclarationRowsAsync()).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(n => ConflictDeclarationStore.RowKey(declarant, n)), rows.Select(r => r.RowKey));
        Assert.Equal(outcomes.Count(o => o.Result == DeclareResult.Recorded), rows.Count);
        Assert.InRange(rows.Count, 1, 2);
        var last = (await store.HistoryAsync(id, declarant)).Last();
        var standing = await store.GetAsync(id, declarant);
        Assert.NotNull(standing);
        Assert.Equal(last.Kind == DeclarationKind.Conflict, standing.HasConflict);
        Assert.Equal(last.At, standing.DeclaredAt);
    }

    [Fact]
    public async Task Only_ministry_or_operator_staff_clear_a_conflict_with_a_reason_and_the_clearance_is_logged()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        var declarant = TestSignIn.LogName(reviewer);
        await DeclareAsync(reviewer, roundId, id, hasConflict: true);

        Assert.Equal(403, (await ClearAsync(reviewer, roundId, id, declarant, "自分で取り消します。")).Status);
        Assert.Equal(403, (await ClearAsync("auditor", roundId, id, declarant, "監査から取り消します。")).Status);
        Assert.Equal(403, (await ClearAsync("operator:R2025-99999999", roundId, id, declarant, "別の公募の受託事業者")).Status);
        var noReason = await ClearAsync($"operator:{roundId}", roundId, id, declarant, "　");
        Assert.Equal(400, noReason.Status);
        Assert.Equal(["reason"], noReason.ErrorFields);
        Assert.Single(await DeclarationRowsAsync());

        var cleared = await ClearAsync("ministry", roundId, id, declarant, "申告者と応募者に利害関係がないことを確認したため。");

        Assert.Equal(200, cleared.Status);
        Assert.Equal(TestSignIn.LogName("ministry"), cleared.Json.GetProperty("clearedBy").GetString());
        Assert.Equal("申告者と応募者に利害関係がないことを確認したため。", cleared.Json.GetProperty("reason").GetString());
        var log = Assert.Single(await _storage.RowsAsync(Storage.Tables.AuditLog), r => r.GetString("Action") == ClearConflictOfInterest.Action);
        Assert.Equal(TestSignIn.LogName("ministry"), log.GetString("Actor"));
        Assert.Equal(id, log.GetString("Subject"));
        Assert.Equal(declarant, log.GetString("Detail"));

        // The clearance is an entry of its own; the declared conflict is still there beneath it.
        var rows = (await DeclarationRowsAsync()).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        Assert.Equal([nameof(DeclarationKind.Conflict), nameof(DeclarationKind.Cleared)], rows.Select(r => r.GetString("Kind")));
        Assert.Equal("申告者と応募者に利害関係がないことを確認したため。", rows[1].GetString("Reason"));

        // Cleared, the reviewer declares afresh before taking part.
        Assert.Equal(409, (await ScoreAsync(reviewer, roundId, id)).Status);
        Assert.Equal(200, (await DeclareAsync(reviewer, roundId, id, hasConflict: false)).Status);
        Assert.Equal(200, (await ScoreAsync(reviewer, roundId, id)).Status);
    }

    [Fact]
    public async Task Operator_staff_may_clear_a_reviewers_conflict_but_not_their_own()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var operatorStaff = $"operator:{roundId}";
        await DeclareAsync(operatorStaff, roundId, id, hasConflict: true);
        await DeclareAsync($"reviewer:{roundId}", roundId, id, hasConflict: true);

        var own = await ClearAsync(operatorStaff, roundId, id, TestSignIn.LogName(operatorStaff), "自分の申告を取り消します。");
        var reviewers = await ClearAsync(operatorStaff, roundId, id, TestSignIn.LogName($"reviewer:{roundId}"), "誤って申告されたことを確認したため。");

        Assert.Equal(403, own.Status);
        Assert.Equal("自分が行った利益相反の申告は取り消せません。", own.Json.GetProperty("title").GetString());
        Assert.Equal(200, reviewers.Status);
        Assert.Equal(409, (await DecideAsync(operatorStaff, roundId, id)).Status);
    }

    [Fact]
    public async Task Only_a_standing_conflict_can_be_cleared_and_clearing_again_answers_the_same()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        var declarant = TestSignIn.LogName(reviewer);

        Assert.Equal(404, (await ClearAsync("ministry", roundId, id, declarant, "申告がありません。")).Status);
        Assert.Equal(404, (await ClearAsync("ministry", roundId, id, "reviewer:a/b", "使えない名前")).Status);
        await DeclareAsync(reviewer, roundId, id, hasConflict: false);
        Assert.Equal(409, (await ClearAsync("ministry", roundId, id, declarant, "利益相反なしの申告です。")).Status);
        await DeclareAsync(reviewer, roundId, id, hasConflict: true);

        var first = await ClearAsync("ministry", roundId, id, declarant, "確認の結果、利害関係はありませんでした。");
        var again = await ClearAsync("ministry", roundId, id, declarant, "二度目の取消し");

        Assert.Equal(200, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(3, (await DeclarationRowsAsync()).Count);
        Assert.Single(await _storage.RowsAsync(Storage.Tables.AuditLog), r => r.GetString("Action") == ClearConflictOfInterest.Action);
    }

    [Fact]
    public async Task The_decision_page_reads_the_callers_own_declaration()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        await DeclareAsync($"operator:{roundId}", roundId, id, hasConflict: true);

        var none = await GetOwnAsync(reviewer, roundId, id);
        await DeclareAsync(reviewer, roundId, id, hasConflict: false);
        var declared = await GetOwnAsync(reviewer, roundId, id);

        Assert.Equal(200, none.Status);
        Assert.False(none.Json.GetProperty("declared").GetBoolean());
        Assert.Equal(0, none.Json.GetProperty("history").GetArrayLength());
        Assert.True(declared.Json.GetProperty("declared").GetBoolean());
        Assert.False(declared.Json.GetProperty("hasConflict").GetBoolean());
        Assert.Equal(403, (await GetOwnAsync("ministry", roundId, id)).Status);
        Assert.Equal(404, (await GetOwnAsync(reviewer, roundId, $"{roundId}_00_0123456789abcdef0123")).Status);
    }

    [Fact]
    public async Task A_conflict_declaration_changes_the_application_rows_etag_and_a_no_conflict_one_does_not()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var before = await ApplicationRowAsync(id);

        await DeclareAsync($"reviewer:{roundId}", roundId, id, hasConflict: false);
        var afterNoConflict = await ApplicationRowAsync(id);
        await DeclareAsync($"operator:{roundId}", roundId, id, hasConflict: true);
        var afterConflict = await ApplicationRowAsync(id);

        Assert.Equal(before.ETag, afterNoConflict.ETag);
        Assert.NotEqual(before.ETag, afterConflict.ETag);
        Assert.Equal(Samples.Now, afterConflict.GetDateTimeOffset(nameof(ApplicationEntity.DeclarationsChangedAt)));

        // Nothing else of the row moved.
        foreach (var (name, value) in before.Where(p => p.Key is not ("odata.etag" or "Timestamp")))
        {
            Assert.Equal(value, afterConflict[name]);
        }
    }

    [Fact]
    public async Task A_decision_read_before_a_conflict_was_declared_cannot_be_written_after_it()
    {
        // The decision endpoint's side of the contract: it reads the row (with its ETag), checks declarations, then
        // writes on that ETag. A conflict declared in between must make that write fail.
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        await DeclareAsync(reviewer, roundId, id, hasConflict: false);
        var read = await ApplicationRowAsync(id);
        var actor = new Functions.Identity.Actor(Functions.Identity.ActorRole.Reviewer, TestSignIn.Subject, new HashSet<string> { roundId }, null, null);
        Assert.Null(await Declarations().RequireNoConflictAsync(actor, id, CancellationToken.None));

        await DeclareAsync(reviewer, roundId, id, hasConflict: true);

        var table = _storage.Storage.TableService.GetTableClient(_storage.Prefix + Storage.Tables.Applications);
        var write = new TableEntity(read.PartitionKey, read.RowKey) { [nameof(ApplicationEntity.DecisionsJson)] = DecisionsBy(TestSignIn.LogName(reviewer)) };
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(write, read.ETag, TableUpdateMode.Merge));
        Assert.Equal(412, refused.Status);
        Assert.Equal("[]", (await ApplicationRowAsync(id)).GetString(nameof(ApplicationEntity.DecisionsJson)));
    }

    [Fact]
    public async Task A_decision_the_declarant_got_in_first_is_taken_back_and_anothers_stays()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        await MergeIntoApplicationAsync(id, new TableEntity
        {
            [nameof(ApplicationEntity.DecisionsJson)] = DecisionsBy(TestSignIn.LogName(reviewer)),
        });

        await DeclareAsync($"operator:{roundId}", roundId, id, hasConflict: true);
        Assert.Single((await new ApplicationStore(_storage.Storage).GetAsync(id))!.Lifecycle.Decisions);

        await DeclareAsync(reviewer, roundId, id, hasConflict: true);
        var row = await ApplicationRowAsync(id);

        Assert.Empty((await new ApplicationStore(_storage.Storage).GetAsync(id))!.Lifecycle.Decisions);
        Assert.Equal("山田 太郎", row.GetString(nameof(ApplicationEntity.FullName)));
        Assert.True(row.GetBoolean(nameof(ApplicationEntity.Eligible)));
    }

    [Fact]
    public async Task Once_the_outcome_is_concluded_a_conflict_declaration_leaves_the_application_row_alone()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        await MergeIntoApplicationAsync(id, new TableEntity
        {
            [nameof(ApplicationEntity.Status)] = nameof(ApplicationStatus.Selected),
            [nameof(ApplicationEntity.DecisionsJson)] = DecisionsBy(TestSignIn.LogName(reviewer)),
        });
        var before = await ApplicationRowAsync(id);

        Assert.Equal(200, (await DeclareAsync(reviewer, roundId, id, hasConflict: true)).Status);

        var after = await ApplicationRowAsync(id);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(DecisionsBy(TestSignIn.LogName(reviewer)), after.GetString(nameof(ApplicationEntity.DecisionsJson)));
        Assert.Single(await DeclarationRowsAsync());
    }

    [Fact]
    public async Task A_decision_sent_twice_with_one_key_is_recorded_and_logged_once_and_answered_the_same()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"operator:{roundId}";
        Assert.Equal(200, (await DeclareAsync(reviewer, roundId, id, false)).Status);

        var first = await DecideAsync(reviewer, roundId, id, "decide-once-0001");
        var again = await DecideAsync(reviewer, roundId, id, "decide-once-0001");

        Assert.Equal((200, 200), (first.Status, again.Status));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal("true", again.Headers["Idempotent-Replayed"].ToString());
        Assert.Single(await LoggedAsync("PanelDecisionRecorded"));
    }

    [Fact]
    public async Task A_decision_after_the_selection_was_finalized_is_refused_with_what_closed_it_and_stores_nothing()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"operator:{roundId}";
        Assert.Equal(200, (await DeclareAsync(reviewer, roundId, id, false)).Status);
        var (_, finalized) = await new RoundStore(_storage.Storage).RecordCommandAsync(roundId, RoundCommand.FinalizeSelection, "operator", Samples.Now, null);
        Assert.True(finalized!.Recorded);

        var late = await DecideAsync(reviewer, roundId, id);

        Assert.Equal(409, late.Status);
        Assert.Equal("選定は選定の確定により締め切られました。", late.Json.GetProperty("detail").GetString());
        Assert.Empty((await new ApplicationStore(_storage.Storage).GetAsync(id))!.Lifecycle.Decisions);
    }
}
