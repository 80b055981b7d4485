using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Http;
using Workflow.Functions.Tests.Support;
using Workflow.Functions.Train;

namespace Workflow.Functions.Tests.Apply;

/// <summary>
/// Withdrawal and erasure remove every row and document about the applicant and leave one tombstone. The
/// orchestration side (purging appointment instances) runs on the real engine in the integration tests.
/// </summary>
[Collection("Azurite")]
public sealed class ApplicantErasureTests
{
    private readonly TestStorage _storage = new();
    private readonly Mock<DurableTaskClient> _client = new("test");

    private ApplicantErasure Erasure(DateTimeOffset now) => new(_storage.Storage, new ApplicationStore(_storage.Storage), new Workflow.Functions.Appoint.AppointmentStore(_storage.Storage),
        new ConflictDeclarationStore(_storage.Storage), new PanelStore(_storage.Storage), _storage.Certificates(), new Workflow.Functions.Appoint.ContactStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(now));

    private WithdrawApplication Withdraw(DateTimeOffset now) =>
        new(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), new RoundStore(_storage.Storage), Erasure(now),
            new IdempotentRequests(_storage.Storage, new FixedClock(now)));

    private EraseApplicant Erase(DateTimeOffset now) =>
        new(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), new RoundStore(_storage.Storage), Erasure(now), new RetentionSettings(TimeSpan.FromDays(365)), new FixedClock(now),
            new IdempotentRequests(_storage.Storage, new FixedClock(now)));

    /// <summary>An applicant with something in every place the system keeps things about a person.</summary>
    private async Task<(RoundRecord Round, ApplicationForm Form, string ApplicationId, string Token)> EverywhereAsync(RoundState state)
    {
        var round = Samples.Round(state);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var form = Samples.EligibleProducer("erase.me@example.jp");
        var store = new ApplicationStore(_storage.Storage);
        using var pdf = new MemoryStream(Samples.Pdf());
        var submitted = await store.SubmitAsync(round.RoundId, form, pdf, Samples.Now);
        var id = submitted.ApplicationId!;
        var application = (await store.GetAsync(id))!;

        await new NotificationStore(_storage.Storage).UpsertAsync([NotificationStore.ForApplicant(id, "SelectionOutcome", "選定結果", "選定されました。", Samples.Now)]);
        await new RosterStore(_storage.Storage).PublishAsync([application], Samples.Now);
        await _storage.Certificates().IssueAsync(application, round, Samples.Now);
        await new ConflictDeclarationStore(_storage.Storage).DeclareAsync(id, "reviewer:someone", hasConflict: true, Samples.Now);
        await new ConflictDeclarationStore(_storage.Storage).ClearAsync(id, "reviewer:someone", "ministry:clearer", "誤って申告したため。", Samples.Now);
        var reissue = Requests.JsonOf("POST", null, new TokenReissueRequest(form.Email.ToUpperInvariant()));
        var reissued = await new RequestApplicantTokenReissue(new RoundStore(_storage.Storage), store, new NotificationStore(_storage.Storage),
                new ClientRequestLimit(_storage.Storage, new FixedClock(Samples.Now)), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now))
            .Run(reissue, round.RoundId);
        Assert.Equal(202, (await Requests.ExecuteAsync(reissued, reissue)).Status);
        Assert.NotEmpty(await _storage.RowsAsync(Storage.Tables.Outbox));
        return (round, form, id, submitted.AccessToken!);
    }

    /// <summary>Every value in every table and blob of this test's storage that mentions <paramref name="needle"/>.</summary>
    private async Task<List<string>> WhereMentionedAsync(string needle)
    {
        var found = new List<string>();
        await foreach (var table in _storage.Storage.TableService.QueryAsync())
        {
            if (!table.Name.StartsWith(_storage.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var row in _storage.Storage.TableService.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                if (row.Any(p => p.Value?.ToString()?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true))
                {
                    found.Add($"{table.Name[_storage.Prefix.Length..]}/{row.PartitionKey}/{row.RowKey}");
                }
            }
        }

        var documents = await _storage.Storage.DocumentsAsync();
        await foreach (var blob in documents.GetBlobsAsync())
        {
            var content = (await documents.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            if (blob.Name.Contains(needle, StringComparison.OrdinalIgnoreCase) || content.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                found.Add("documents/" + blob.Name);
            }
        }

        return found;
    }

    [Fact]
    public async Task Withdrawal_before_selection_leaves_nothing_of_the_applicant_but_a_tombstone()
    {
        var (round, form, id, token) = await EverywhereAsync(RoundState.PanelReview);
        Assert.NotEmpty(await WhereMentionedAsync(form.FullName));
        Assert.NotEmpty(await WhereMentionedAsync(id));

        var request = Requests.Request("DELETE");
        request.Headers[Workflow.Functions.Identity.AccessGate.ApplicantTokenHeader] = token;
        var answer = await Requests.ExecuteAsync(await Withdraw(Samples.Now).Run(request, _client.Object, id), request);

        Assert.Equal(200, answer.Status);
        foreach (var personal in new[] { form.FullName, form.FullNameKana!, form.Email, form.Phone, ApplicationValidator.NormalizePhone(form.Phone) })
        {
            Assert.Empty(await WhereMentionedAsync(personal));
        }

        // The opaque id stays in the business log only: the audit trail of what happened, and the tombstone.
        Assert.All(await WhereMentionedAsync(id), place => Assert.StartsWith(Storage.Tables.AuditLog + "/", place));
        var tombstone = Assert.Single(await _storage.RowsAsync(Storage.Tables.AuditLog), r => r.GetString("Action") == ApplicantErasure.TombstoneAction);
        Assert.Equal(id, tombstone.GetString("Subject"));
        Assert.Equal("applicant", tombstone.GetString("Actor"));
        Assert.Equal("WithdrawnByApplicant", tombstone.GetString("Detail"));
        Assert.Empty(await _storage.BlobNamesAsync());

        // The same address may apply again: its claim went with the application.
        Assert.Null(await new ApplicationStore(_storage.Storage).FindByEmailAsync(round.RoundId, form.Email));
        _client.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task After_the_outcome_withdrawal_is_refused_and_nothing_is_deleted()
    {
        var (_, form, id, token) = await EverywhereAsync(RoundState.Training);
        var before = await WhereMentionedAsync(form.FullName);

        var request = Requests.Request("DELETE");
        request.Headers[Workflow.Functions.Identity.AccessGate.ApplicantTokenHeader] = token;
        var answer = await Requests.ExecuteAsync(await Withdraw(Samples.Now).Run(request, _client.Object, id), request);

        Assert.Equal(409, answer.Status);
        Assert.Equal(before, await WhereMentionedAsync(form.FullName));
    }

    [Fact]
    public async Task The_ministry_erases_only_after_the_retention_period()
    {
        var (round, form, id, _) = await EverywhereAsync(RoundState.Completed);
        var stored = (await new RoundStore(_storage.Storage).GetAsync(round.RoundId))!;
        var erasableFrom = Domain.Privacy.PersonalDataRetention.ErasableFrom(
            stored.Schedule, stored.StateTimes.TryGetValue(RoundState.Completed, out var completed) ? completed : null, TimeSpan.FromDays(365));
        Assert.True(erasableFrom > Samples.Now.AddDays(364), "the retention period runs from the end of appointments");

        var early = Requests.JsonOf("POST", "ministry", new { reason = "retentionPeriodEnded" });
        var refused = await Requests.ExecuteAsync(await Erase(erasableFrom.AddMinutes(-1)).Run(early, _client.Object, round.RoundId, id), early);
        Assert.Equal(409, refused.Status);
        Assert.NotEmpty(await WhereMentionedAsync(form.Email));

        var noReason = Requests.Json("POST", "ministry", "{}");
        Assert.Equal(400, (await Requests.ExecuteAsync(await Erase(erasableFrom).Run(noReason, _client.Object, round.RoundId, id), noReason)).Status);

        _client.Setup(c => c.PurgeInstanceAsync(It.IsAny<string>(), It.IsAny<PurgeInstanceOptions?>(), It.IsAny<CancellationToken>())).ReturnsAsync(new PurgeResult(1));
        var due = Requests.JsonOf("POST", "ministry", new { reason = "retentionPeriodEnded" });
        var erased = await Requests.ExecuteAsync(await Erase(erasableFrom).Run(due, _client.Object, round.RoundId, id), due);

        Assert.Equal(200, erased.Status);
        Assert.Empty(await WhereMentionedAsync(form.Email));
        Assert.Empty(await WhereMentionedAsync(form.FullName));
        var tombstone = Assert.Single(await _storage.RowsAsync(Storage.Tables.AuditLog), r => r.GetString("Action") == ApplicantErasure.TombstoneAction);
        Assert.Equal(TestSignIn.LogName("ministry"), tombstone.GetString("Actor"));
        Assert.Equal("RetentionPeriodEnded", tombstone.GetString("Detail"));
    }

    [Fact]
    public async Task A_withdrawn_submission_keeps_only_its_keys_tombstone_and_its_replay_answers_410()
    {
        var round = Samples.Round(RoundState.AcceptingApplications);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var form = Samples.EligibleProducer("keyed.withdrawal@example.jp");
        var now = Samples.Now.AddDays(5);
        var submit = new SubmitApplication(new RoundStore(_storage.Storage), Standards.For(_storage.Storage), new ApplicationStore(_storage.Storage), new NotificationStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(now),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SubmitApplication>.Instance);
        async Task<HttpAnswer> SubmitAsync()
        {
            var request = await Requests.MultipartAsync(System.Text.Json.JsonSerializer.Serialize(Samples.ToRequest(form), Functions.Http.Json.Options), Samples.Pdf());
            request.Headers[Functions.Http.IdempotencyKey.Header] = "withdrawal-replay-01";
            return await Requests.ExecuteAsync(await submit.Run(request, round.RoundId), request);
        }

        var receipt = await SubmitAsync();
        Assert.Equal(201, receipt.Status);
        var id = receipt.Json.GetProperty("applicationId").GetString()!;
        var withdraw = Requests.Request("DELETE");
        withdraw.Headers[Workflow.Functions.Identity.AccessGate.ApplicantTokenHeader] = receipt.Json.GetProperty("accessToken").GetString();
        Assert.Equal(200, (await Requests.ExecuteAsync(await Withdraw(now).Run(withdraw, _client.Object, id), withdraw)).Status);

        var replay = await SubmitAsync();

        Assert.Equal(410, replay.Status);
        Assert.Equal("この応募は取り下げられました。", replay.Json.GetProperty("title").GetString());
        var emailHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApplicationValidator.NormalizeEmail(form.Email))));
        foreach (var personal in new[] { form.FullName, form.Email, form.Phone, emailHash })
        {
            Assert.Empty(await WhereMentionedAsync(personal));
        }

        Assert.All(await WhereMentionedAsync(id), place => Assert.StartsWith(Storage.Tables.AuditLog + "/", place));
        Assert.Empty(await _storage.BlobNamesAsync());
        var tombstone = Assert.Single(await _storage.RowsAsync(Storage.Tables.Applications));
        Assert.Equal("WithdrawnByApplicant", tombstone.GetString("Gone"));
    }

    [Fact]
    public async Task Token_reissue_answers_alike_whether_or_not_the_address_applied()
    {
        var round = Samples.Round(RoundState.AcceptingApplications);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var request = Requests.JsonOf("POST", null, new TokenReissueRequest("nobody@example.jp"));

        var answer = await Requests.ExecuteAsync(await new RequestApplicantTokenReissue(new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
            new NotificationStore(_storage.Storage), new ClientRequestLimit(_storage.Storage, new FixedClock(Samples.Now)), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now)).Run(request, round.RoundId), request);

        Assert.Equal(202, answer.Status);
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Outbox));
    }
}
