using Workflow.Domain.Rounds;
using Workflow.Domain.Applications;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Select;

/// <summary>A reviewer never sees, in any list, who is behind an application it declared a conflict of interest on.</summary>
[Collection("Azurite")]
public sealed class ApplicationListEndpointsTests
{
    private readonly TestStorage _storage = new();

    private async Task<(string RoundId, string Conflicted, string Other)> TwoApplicationsAsync()
    {
        var round = Samples.Round(RoundState.PanelReview);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var conflicted = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("related@example.jp"), nameof(ApplicationStatus.Eligible));
        var other = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.IneligibleEngineer("stranger@example.jp"), nameof(ApplicationStatus.Ineligible));
        return (round.RoundId, conflicted, other);
    }

    private ConflictDeclarationStore Declarations() => new(_storage.Storage);

    private async Task<HttpAnswer> ListAsync(string actor, string roundId, string query = "")
    {
        var request = Requests.Request("GET", actor);
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
        var function = new ListApplications(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
            Declarations(), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));
        var answer = await Requests.ExecuteAsync(await function.Run(request, roundId), request);
        OpenApiAnswers.AssertMatches(nameof(ListApplications), answer);
        return answer;
    }

    private async Task<HttpAnswer> OpenAsync(string actor, string roundId, string id, bool resume)
    {
        var request = Requests.Request("GET", actor);
        var reader = new StaffApplicationReader(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), Declarations(), new PanelStore(_storage.Storage),
            new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));
        var result = resume
            ? await new GetApplicationResume(reader, new Workflow.Functions.Apply.ApplicationStore(_storage.Storage), new Workflow.Functions.Apply.ResumeScans(_storage.Storage, new Workflow.Functions.Apply.ResumeScanSettings(VerdictRequired: false))).Run(request, roundId, id)
            : await new GetApplicationDetail(reader).Run(request, roundId, id);
        var answer = await Requests.ExecuteAsync(result, request);
        OpenApiAnswers.AssertMatches(resume ? nameof(GetApplicationResume) : nameof(GetApplicationDetail), answer);
        return answer;
    }

    private static System.Text.Json.JsonElement Item(HttpAnswer answer, string id) =>
        answer.Json.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("applicationId").GetString() == id);

    [Fact]
    public async Task A_reviewers_conflicted_application_shows_its_id_only_and_the_others_name_blind()
    {
        var (roundId, conflicted, other) = await TwoApplicationsAsync();
        var reviewer = $"reviewer:{roundId}";
        await Declarations().DeclareAsync(conflicted, TestSignIn.LogName(reviewer), hasConflict: true, Samples.Now);

        var answer = await ListAsync(reviewer, roundId);

        Assert.Equal(200, answer.Status);
        var hidden = Item(answer, conflicted);
        Assert.True(hidden.GetProperty("identityWithheld").GetBoolean());
        Assert.Equal("利益相反のため非表示", hidden.GetProperty("fullName").GetString());
        foreach (var withheld in new[] { "prefecture", "status", "eligible", "screening", "decision", "submittedAt" })
        {
            Assert.False(hidden.TryGetProperty(withheld, out var value) && value.ValueKind != System.Text.Json.JsonValueKind.Null, $"{withheld} is shown");
        }

        Assert.Equal(0, hidden.GetProperty("personas").GetArrayLength());
        foreach (var identity in new[] { "山田 太郎", "related@example.jp", "03-1234-5678", "東京都" })
        {
            Assert.DoesNotContain(identity, answer.Body, StringComparison.Ordinal);
        }

        // Before the outcome the others show under a pseudonym, with their screening, and nothing that names them.
        Assert.Equal(ReviewPacks.Pseudonym(other), Item(answer, other).GetProperty("fullName").GetString());
        Assert.False(Item(answer, other).GetProperty("identityWithheld").GetBoolean());
        Assert.DoesNotContain("佐藤 花子", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("大阪府", answer.Body, StringComparison.Ordinal);

        // Nothing personal was shown, so nothing counts as a read of personal data.
        Assert.DoesNotContain(await _storage.RowsAsync(Storage.Tables.AuditLog), r => r.GetString("Action") == PersonalDataReads.Action);
    }

    [Fact]
    public async Task Filtered_by_status_the_conflicted_application_is_still_withheld()
    {
        var (roundId, conflicted, _) = await TwoApplicationsAsync();
        var reviewer = $"reviewer:{roundId}";
        await Declarations().DeclareAsync(conflicted, TestSignIn.LogName(reviewer), hasConflict: true, Samples.Now);

        var answer = await ListAsync(reviewer, roundId, "?status=eligible");

        Assert.True(Item(answer, conflicted).GetProperty("identityWithheld").GetBoolean());
        Assert.DoesNotContain("山田 太郎", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(await _storage.RowsAsync(Storage.Tables.AuditLog), r => r.GetString("Action") == PersonalDataReads.Action);
    }

    [Fact]
    public async Task Detail_and_resume_stay_closed_to_the_conflicted_reviewer_without_a_trace_of_the_person()
    {
        var (roundId, conflicted, _) = await TwoApplicationsAsync();
        var reviewer = $"reviewer:{roundId}";
        await Declarations().DeclareAsync(conflicted, TestSignIn.LogName(reviewer), hasConflict: true, Samples.Now);

        foreach (var resume in new[] { false, true })
        {
            var answer = await OpenAsync(reviewer, roundId, conflicted, resume);
            Assert.Equal(409, answer.Status);
            Assert.Equal("利益相反を申告した応募です。", answer.Json.GetProperty("title").GetString());
            Assert.DoesNotContain("山田", answer.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_the_declaring_reviewers_view_is_affected_and_a_clearance_ends_it()
    {
        var (roundId, conflicted, _) = await TwoApplicationsAsync();
        var reviewer = $"reviewer:{roundId}";
        var declarant = TestSignIn.LogName(reviewer);
        await Declarations().DeclareAsync(conflicted, declarant, hasConflict: true, Samples.Now);

        // Operator staff (who also declared a conflict) and auditors see the list as it is.
        await Declarations().DeclareAsync(conflicted, TestSignIn.LogName($"operator:{roundId}"), hasConflict: true, Samples.Now);
        Assert.Equal("山田 太郎", Item(await ListAsync($"operator:{roundId}", roundId), conflicted).GetProperty("fullName").GetString());
        Assert.Equal("山田 太郎", Item(await ListAsync("auditor", roundId), conflicted).GetProperty("fullName").GetString());

        await Declarations().ClearAsync(conflicted, declarant, TestSignIn.LogName("ministry"), "利害関係がないことを確認したため。", Samples.Now);

        Assert.Equal(ReviewPacks.Pseudonym(conflicted), Item(await ListAsync(reviewer, roundId), conflicted).GetProperty("fullName").GetString());
        Assert.False(Item(await ListAsync(reviewer, roundId), conflicted).GetProperty("identityWithheld").GetBoolean());
    }

    [Fact]
    public async Task A_declaration_of_no_conflict_or_of_another_reviewer_hides_nothing()
    {
        var (roundId, conflicted, other) = await TwoApplicationsAsync();
        var reviewer = $"reviewer:{roundId}";
        await Declarations().DeclareAsync(conflicted, TestSignIn.LogName(reviewer), hasConflict: false, Samples.Now);
        await Declarations().DeclareAsync(other, "reviewer:someone-else", hasConflict: true, Samples.Now);

        var answer = await ListAsync(reviewer, roundId);

        Assert.All(answer.Json.GetProperty("items").EnumerateArray(), i => Assert.False(i.GetProperty("identityWithheld").GetBoolean()));
    }
}
