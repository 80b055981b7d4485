using Moq;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Select;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>
/// A signed-in municipality reads a listed person's profile (each view logged), asks to contact them once, and sees
/// their contact details and résumé only after the person accepts; the person answers once with their access key.
/// </summary>
[Collection("Azurite")]
public sealed class ContactTests
{
    private const string City = "131016";
    private const string OtherCity = "011002";
    private static readonly DateTimeOffset Now = Samples.Now.AddDays(40);
    private readonly TestStorage _storage = new();
    private readonly RoundRecord _round = Samples.Round(RoundState.Appointing);

    private string _roundId => _round.RoundId;

    private CandidateReader Reader => new(TestSignIn.Gate(_storage.Storage), new RosterStore(_storage.Storage), new ApplicationStore(_storage.Storage),
        new ContactStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Now));

    private async Task<HttpAnswer> ProfileAsync(string code, string candidateId)
    {
        var request = Requests.Request("GET", $"municipality:{code}");
        return await Requests.ExecuteAsync(await new GetCandidateProfile(Reader, new PanelStore(_storage.Storage), Standards.For(_storage.Storage)).Run(request, code, candidateId), request);
    }

    private async Task<HttpAnswer> ResumeAsync(string code, string candidateId)
    {
        var request = Requests.Request("GET", $"municipality:{code}");
        return await Requests.ExecuteAsync(await new GetCandidateResume(Reader, new ApplicationStore(_storage.Storage), new ResumeScans(_storage.Storage, new ResumeScanSettings(VerdictRequired: false))).Run(request, code, candidateId), request);
    }

    private async Task<HttpAnswer> AskAsync(string code, string candidateId, string message = "庁内のDX推進計画づくりについてご相談したいです。", DateTimeOffset? at = null)
    {
        var request = Requests.JsonOf("POST", $"municipality:{code}", new ContactRequestBody(candidateId, message));
        var ask = new RequestContact(TestSignIn.Gate(_storage.Storage), new RosterStore(_storage.Storage), new MunicipalityStore(_storage.Storage), new ContactStore(_storage.Storage),
            new NotificationStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(at ?? Now));
        return await Requests.ExecuteAsync(await ask.Run(request, code), request);
    }

    private async Task<HttpAnswer> AnswerAsync(string id, string key, string code, bool accept)
    {
        var request = Requests.JsonOf("POST", null, new ContactAnswerBody(accept));
        request.Headers[AccessGate.ApplicantTokenHeader] = key;
        var answer = new AnswerContact(TestSignIn.Gate(_storage.Storage), new ContactStore(_storage.Storage), new NotificationStore(_storage.Storage),
            new BusinessLog(_storage.Storage), new FixedClock(Now.AddHours(2)));
        return await Requests.ExecuteAsync(await answer.Run(request, id, code), request);
    }

    private async Task<HttpAnswer> WithdrawAsync(string code, string candidateId)
    {
        var request = Requests.JsonOf("POST", $"municipality:{code}", new { });
        var withdraw = new WithdrawContact(TestSignIn.Gate(_storage.Storage), new ContactStore(_storage.Storage), new NotificationStore(_storage.Storage),
            new BusinessLog(_storage.Storage), new FixedClock(Now.AddHours(1)));
        return await Requests.ExecuteAsync(await withdraw.Run(request, code, candidateId), request);
    }

    private async Task<int> RowsOfKindAsync(string kind) =>
        (await _storage.RowsAsync(Storage.Tables.Notifications)).Count(r => r.GetString("Kind") is { } k && NoticeKinds.Of(k) == kind);

    private static bool Has(System.Text.Json.JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind != System.Text.Json.JsonValueKind.Null;

    private async Task<List<string?>> ViewsAsync() =>
        [.. (await _storage.RowsAsync(Storage.Tables.AuditLog, $"Action eq '{BusinessLogActions.ProfileViewed}'")).OrderBy(l => l.GetInt64("Seq")).Select(l => l.GetString("Detail"))];

    private bool _roundCreated;

    private async Task<(string Id, string Key)> ListedAsync(string email, ListingTier tier = ListingTier.Municipalities)
    {
        if (!_roundCreated)
        {
            await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
            await new RoundStore(_storage.Storage).CreateAsync(_round, "ministry");
            _roundCreated = true;
        }

        var listed = await SeededApplications.AddListedAsync(_storage.Storage, _roundId, Samples.EligibleProducer(email) with { Listing = tier }, Samples.Now.AddDays(30));
        var item = Standards.For(_storage.Storage).Current.For(Persona.Producer).AllSkills.First();
        foreach (var (reviewer, level) in new[] { ("reviewer:a", 3), ("reviewer:b", 4) })
        {
            await new PanelStore(_storage.Storage).RecordScoresAsync(_roundId, listed.Id,
                new Domain.Panel.ReviewerScores(reviewer, Persona.Producer, [new Domain.Panel.ItemScore(item.Code, level, null)], null, Samples.Now.AddDays(15)));
        }

        return listed;
    }

    [Fact]
    public async Task The_profile_is_full_and_logged_and_contact_details_open_only_to_the_municipality_whose_request_was_accepted()
    {
        var (id, key) = await ListedAsync("contact@example.jp");

        var before = await ProfileAsync(City, id);
        Assert.Equal(200, before.Status);
        Assert.Equal("山田 太郎", before.Json.GetProperty("name").GetString());
        Assert.Equal(SkillStandardCatalog.DisplayName(Persona.Producer), before.Json.GetProperty("outcomes")[0].GetProperty("personaName").GetString());
        Assert.Equal(3, before.Json.GetProperty("experiences")[0].GetProperty("years").GetInt32());
        var skill = Assert.Single(before.Json.GetProperty("skills").EnumerateArray());
        Assert.Equal(3.5, skill.GetProperty("meanLevel").GetDouble());
        Assert.False(Has(before.Json, "contactDetails"));
        Assert.DoesNotContain("contact@example.jp", before.Body);

        var closed = await ResumeAsync(City, id);
        Assert.Equal(403, closed.Status);
        Assert.Equal([City], await ViewsAsync());

        var asked = await AskAsync(City, id);
        var again = await AskAsync(City, id);
        Assert.Equal(201, asked.Status);
        Assert.Equal(200, again.Status);
        Assert.Equal(asked.Json.GetProperty("requestedAt").GetString(), again.Json.GetProperty("requestedAt").GetString());
        var notices = await new NotificationStore(_storage.Storage).ForApplicantAsync(id);
        var notice = Assert.Single(notices, n => n.Kind == $"{ContactNotices.RequestedKind}_{City}");
        Assert.Contains("千代田区", notice.Title);

        Assert.Equal(200, (await AnswerAsync(id, key, City, accept: true)).Status);
        Assert.Equal(200, (await AnswerAsync(id, key, City, accept: true)).Status);
        var reversed = await AnswerAsync(id, key, City, accept: false);
        Assert.Equal(409, reversed.Status);
        Assert.Contains("承諾", reversed.Json.GetProperty("detail").GetString());

        var after = await ProfileAsync(City, id);
        Assert.Equal("contact@example.jp", after.Json.GetProperty("contactDetails").GetProperty("email").GetString());
        var resume = await ResumeAsync(City, id);
        Assert.Equal(200, resume.Status);
        Assert.Equal(Samples.Pdf(), resume.Bytes);

        var other = await ProfileAsync(OtherCity, id);
        Assert.False(Has(other.Json, "contactDetails"));
        Assert.Equal(403, (await ResumeAsync(OtherCity, id)).Status);

        Assert.Equal([City, City, $"{City}:resume", OtherCity], await ViewsAsync());
        var told = await _storage.RowsAsync(Storage.Tables.Notifications, $"PartitionKey eq '{NotificationStore.MunicipalityPartition(City)}' and Kind eq '{ContactNotices.AnsweredKind}'");
        Assert.Contains("承諾", Assert.Single(told).GetString("Title"));
        Assert.DoesNotContain("contact@example.jp", told[0].GetString("Body"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Two_answers_and_two_requests_at_once_record_one_answer_that_the_other_is_told_of(int run)
    {
        var (id, key) = await ListedAsync($"race{run}@example.jp");
        var asked = await Task.WhenAll(AskAsync(City, id), AskAsync(City, id));
        Assert.Equal([200, 201], asked.Select(a => a.Status).Order());

        var answers = await Task.WhenAll(AnswerAsync(id, key, City, accept: true), AnswerAsync(id, key, City, accept: false));

        var won = Assert.Single(answers, a => a.Status == 200);
        Assert.Equal(409, Assert.Single(answers, a => a.Status != 200).Status);
        var stored = (await new ContactStore(_storage.Storage).GetAsync(id, City))!.Request;
        Assert.Equal(won.Json.GetProperty("status").GetString(), Workflow.Functions.Pages.Labels.Key(stored.Status));
        Assert.Single(await _storage.RowsAsync(Storage.Tables.Contacts));
        Assert.Single(await _storage.RowsAsync(Storage.Tables.AuditLog, $"Action eq '{BusinessLogActions.ContactAnswered}'"));
        Assert.Single(await _storage.RowsAsync(Storage.Tables.Notifications, $"Kind eq '{ContactNotices.AnsweredKind}'"));
    }

    [Fact]
    public async Task A_resume_the_scanner_found_malicious_is_refused_after_acceptance_and_the_refusal_is_not_logged_as_a_view()
    {
        var (id, key) = await ListedAsync("scanned@example.jp");
        Assert.Equal(201, (await AskAsync(City, id)).Status);
        Assert.Equal(200, (await AnswerAsync(id, key, City, accept: true)).Status);
        var documents = await _storage.Storage.DocumentsAsync();
        await documents.GetBlobClient(ApplicationStore.ResumeBlobName(id)).SetTagsAsync(new Dictionary<string, string> { [ResumeScan.TagName] = ResumeScan.MaliciousValue });

        var refused = await ResumeAsync(City, id);

        Assert.Equal(409, refused.Status);
        Assert.DoesNotContain($"{City}:resume", await ViewsAsync());
    }

    [Fact]
    public async Task Someone_not_listed_is_not_found_to_municipalities_and_cannot_be_asked()
    {
        var (id, _) = await ListedAsync("hidden@example.jp", ListingTier.NotListed);

        Assert.Equal(404, (await ProfileAsync(City, id)).Status);
        Assert.Equal(404, (await AskAsync(City, id)).Status);
        Assert.Equal(400, (await AskAsync(City, id, message: " ")).Status);
        Assert.Empty(await ViewsAsync());
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Contacts));
    }

    [Fact]
    public async Task Erasing_the_person_removes_the_requests_and_what_municipalities_were_told_of_their_answers()
    {
        var (id, key) = await ListedAsync("erased@example.jp");
        Assert.Equal(201, (await AskAsync(City, id)).Status);
        Assert.Equal(200, (await AnswerAsync(id, key, City, accept: false)).Status);

        var erasure = new ApplicantErasure(_storage.Storage, new ApplicationStore(_storage.Storage), new AppointmentStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage),
            new PanelStore(_storage.Storage), _storage.Certificates(), new ContactStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Now));
        Assert.Equal(ErasureOutcome.Erased, await erasure.EraseAsync(id, new Mock<DurableTaskClient>("test").Object, "ministry", ErasureReason.RetentionPeriodEnded, CancellationToken.None));

        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Contacts));
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Notifications, $"Kind eq '{ContactNotices.AnsweredKind}'"));
    }

    [Fact]
    public async Task A_municipality_withdraws_its_request_before_the_answer_and_the_person_is_told_and_can_no_longer_answer()
    {
        var (id, key) = await ListedAsync("withdrawn@example.jp");
        Assert.Equal(201, (await AskAsync(City, id)).Status);
        Assert.Equal(404, (await WithdrawAsync(OtherCity, id)).Status);

        var withdrawn = await WithdrawAsync(City, id);
        Assert.Equal(200, withdrawn.Status);
        Assert.Equal("withdrawn", withdrawn.Json.GetProperty("status").GetString());
        Assert.Equal(200, (await WithdrawAsync(City, id)).Status);

        var answer = await AnswerAsync(id, key, City, accept: true);
        Assert.Equal(409, answer.Status);
        Assert.Contains("取り下げました", answer.Json.GetProperty("detail").GetString());
        Assert.Equal(403, (await ResumeAsync(City, id)).Status);
        Assert.Equal(1, await RowsOfKindAsync(ContactNotices.WithdrawnKind));
        Assert.Single(await _storage.RowsAsync(Storage.Tables.AuditLog, $"Action eq '{BusinessLogActions.ContactWithdrawn}'"));
    }

    [Fact]
    public async Task A_withdrawn_request_is_made_again_told_to_the_person_anew_and_answered_up_to_three_askings()
    {
        var (id, key) = await ListedAsync("asked-again@example.jp");
        Assert.Equal(201, (await AskAsync(City, id, "最初のご相談")).Status);
        Assert.Equal(200, (await WithdrawAsync(City, id)).Status);

        // The same clock as the first asking: each asking has notices and log lines of its own all the same.
        var again = await AskAsync(City, id, "改めてのご相談");
        var repeat = await AskAsync(City, id, "二重クリック");
        Assert.Equal((201, 200), (again.Status, repeat.Status));
        Assert.Equal(("改めてのご相談", 2, "requested"), (again.Json.GetProperty("message").GetString(), again.Json.GetProperty("asked").GetInt32(), again.Json.GetProperty("status").GetString()));
        Assert.Equal(again.Body, repeat.Body);
        Assert.Equal(2, await RowsOfKindAsync(ContactNotices.RequestedKind));
        Assert.Equal(2, (await _storage.RowsAsync(Storage.Tables.AuditLog, $"Action eq '{BusinessLogActions.ContactRequested}'")).Count);

        Assert.Equal(200, (await WithdrawAsync(City, id)).Status);
        Assert.Equal(2, await RowsOfKindAsync(ContactNotices.WithdrawnKind));
        Assert.Equal(201, (await AskAsync(City, id, "三度目のご相談")).Status);
        Assert.Equal(200, (await AnswerAsync(id, key, City, accept: true)).Status);
        Assert.Equal(200, (await ResumeAsync(City, id)).Status);

        // Answered: asking again is a repeat of the request that stands.
        var answered = await AskAsync(City, id, "四度目");
        Assert.Equal((200, "accepted"), (answered.Status, answered.Json.GetProperty("status").GetString()));

        var (other, _) = await ListedAsync("asked-thrice@example.jp");
        foreach (var asking in new[] { "1", "2", "3" })
        {
            Assert.Equal(201, (await AskAsync(City, other, $"{asking}回目")).Status);
            Assert.Equal(200, (await WithdrawAsync(City, other)).Status);
        }

        var refused = await AskAsync(City, other, "4回目");
        Assert.Equal(409, refused.Status);
        Assert.Contains("3回まで", refused.Json.GetProperty("detail").GetString());
        Assert.False((await new ContactStore(_storage.Storage).GetAsync(other, City))!.Request.MayAskAgain);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Two_askings_again_at_once_make_one_request_and_one_notice(int run)
    {
        var (id, _) = await ListedAsync($"ask-again-race{run}@example.jp");
        Assert.Equal(201, (await AskAsync(City, id)).Status);
        Assert.Equal(200, (await WithdrawAsync(City, id)).Status);

        var both = await Task.WhenAll(AskAsync(City, id, "一度目のクリック", Now.AddHours(3)), AskAsync(City, id, "二度目のクリック", Now.AddHours(3)));

        Assert.Equal([200, 201], both.Select(a => a.Status).Order());
        var stored = (await new ContactStore(_storage.Storage).GetAsync(id, City))!.Request;
        Assert.Equal((ContactStatus.Requested, 2), (stored.Status, stored.Asked));
        Assert.All(both, a => Assert.Equal(stored.Message, a.Json.GetProperty("message").GetString()));
        Assert.Equal(2, await RowsOfKindAsync(ContactNotices.RequestedKind));
        Assert.Equal(2, (await _storage.RowsAsync(Storage.Tables.AuditLog, $"Action eq '{BusinessLogActions.ContactRequested}'")).Count);
    }

    [Fact]
    public async Task A_request_already_answered_cannot_be_withdrawn()
    {
        var (id, key) = await ListedAsync("answered@example.jp");
        Assert.Equal(201, (await AskAsync(City, id)).Status);
        Assert.Equal(200, (await AnswerAsync(id, key, City, accept: true)).Status);

        var refused = await WithdrawAsync(City, id);

        Assert.Equal(409, refused.Status);
        Assert.Contains("承諾の回答", refused.Json.GetProperty("detail").GetString());
        Assert.Equal(0, await RowsOfKindAsync(ContactNotices.WithdrawnKind));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_withdrawal_and_an_answer_at_once_leave_one_of_them_and_only_its_notice(int run)
    {
        var (id, key) = await ListedAsync($"withdraw-race{run}@example.jp");
        Assert.Equal(201, (await AskAsync(City, id)).Status);

        var both = await Task.WhenAll(WithdrawAsync(City, id), AnswerAsync(id, key, City, accept: true));

        var won = Assert.Single(both, a => a.Status == 200);
        Assert.Single(both, a => a.Status == 409);
        var stored = (await new ContactStore(_storage.Storage).GetAsync(id, City))!.Request;
        var withdrew = stored.Status == ContactStatus.Withdrawn;
        Assert.Equal(withdrew ? both[0] : both[1], won);
        Assert.Equal(won.Json.GetProperty("status").GetString(), Workflow.Functions.Pages.Labels.Key(stored.Status));
        Assert.Equal(withdrew ? 1 : 0, await RowsOfKindAsync(ContactNotices.WithdrawnKind));
        Assert.Equal(withdrew ? 0 : 1, await RowsOfKindAsync(ContactNotices.AnsweredKind));
        Assert.Equal(withdrew ? 403 : 200, (await ResumeAsync(City, id)).Status);
    }
}
