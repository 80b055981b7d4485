using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Tests.Select;

/// <summary>A panel member reads and decides an application only after declaring, for it, no conflict of interest.</summary>
[Collection("Azurite")]
public sealed class ConflictOfInterestTests
{
    private readonly TestStorage _storage = new();

    private async Task<(string RoundId, string ApplicationId)> EligibleInPanelReviewAsync()
    {
        var round = Samples.Round(RoundState.PanelReview);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("panel@example.jp"), nameof(ApplicationStatus.Eligible));
        await SeededApplications.SetAsync(_storage.Storage, new Azure.Data.Tables.TableEntity(
            ApplicationShards.PartitionKey(round.RoundId, int.Parse(id.Split('_')[1])), id) { [nameof(ApplicationEntity.Eligible)] = true });
        return (round.RoundId, id);
    }

    private ConflictDeclarationStore Declarations() => new(_storage.Storage);

    private Task<HttpAnswer> DeclareAsync(string actor, string roundId, string id, bool hasConflict)
    {
        var request = Requests.JsonOf("PUT", actor, new ConflictDeclarationRequest(hasConflict));
        return Run(request, () => new DeclareConflictOfInterest(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), Declarations(),
            new BusinessLog(_storage.Storage), new FixedClock(Samples.Now)).Run(request, roundId, id));
    }

    private Task<HttpAnswer> DecideAsync(string actor, string roundId, string id)
    {
        var request = Requests.Json("PUT", actor, """{"decision":"selected"}""");
        return Run(request, () => new RecordPanelDecision(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
            Declarations(), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now)).Run(request, roundId, id));
    }

    private Task<HttpAnswer> ReadDetailAsync(string actor, string roundId, string id)
    {
        var request = Requests.Request("GET", actor);
        var reader = new StaffApplicationReader(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), Declarations(),
            new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));
        return Run(request, () => new GetApplicationDetail(reader).Run(request, roundId, id));
    }

    private static async Task<HttpAnswer> Run(Microsoft.AspNetCore.Http.HttpRequest request, Func<Task<Microsoft.AspNetCore.Mvc.IActionResult>> call) =>
        await Requests.ExecuteAsync(await call(), request);

    private async Task<List<string>> LoggedAsync(string action) =>
        (await _storage.RowsAsync(Storage.Tables.AuditLog)).Where(r => r.GetString("Action") == action).Select(r => r.GetString("Actor") ?? string.Empty).ToList();

    [Fact]
    public async Task A_reviewer_without_a_declaration_can_neither_read_the_details_nor_decide()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";

        Assert.Equal(409, (await ReadDetailAsync(reviewer, roundId, id)).Status);
        Assert.Equal(409, (await DecideAsync(reviewer, roundId, id)).Status);
        Assert.Null((await new ApplicationStore(_storage.Storage).GetAsync(id))!.Decision);
        Assert.Empty(await LoggedAsync(PersonalDataReads.Action));
    }

    [Fact]
    public async Task After_declaring_no_conflict_the_reviewer_reads_and_decides_and_both_are_logged()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";

        Assert.Equal(200, (await DeclareAsync(reviewer, roundId, id, hasConflict: false)).Status);
        var detail = await ReadDetailAsync(reviewer, roundId, id);
        var decided = await DecideAsync(reviewer, roundId, id);

        Assert.Equal(200, detail.Status);
        Assert.Equal("panel@example.jp", detail.Json.GetProperty("email").GetString());
        Assert.Equal(200, decided.Status);
        Assert.Equal([TestSignIn.LogName(reviewer)], await LoggedAsync("NoConflictOfInterestDeclared"));
        Assert.Equal([TestSignIn.LogName(reviewer)], await LoggedAsync(PersonalDataReads.Action));
        Assert.Equal([TestSignIn.LogName(reviewer)], await LoggedAsync("PanelDecisionRecorded"));
    }

    [Fact]
    public async Task A_declared_conflict_keeps_the_reviewer_out_of_that_application()
    {
        var (roundId, id) = await EligibleInPanelReviewAsync();
        var reviewer = $"reviewer:{roundId}";
        await DeclareAsync(reviewer, roundId, id, hasConflict: false);
        await DeclareAsync(reviewer, roundId, id, hasConflict: true);

        var decided = await DecideAsync(reviewer, roundId, id);

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
}
