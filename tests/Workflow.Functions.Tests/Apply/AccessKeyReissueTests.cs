using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Domain.Mail;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Apply;

/// <summary>A lost access key comes back by mail: a new key, made for the mail, and the old one stops working.</summary>
[Collection("Azurite")]
public sealed class AccessKeyReissueTests
{
    private readonly TestStorage _storage = new();
    private readonly List<OutgoingMail> _sent = [];

    private RequestApplicantTokenReissue Endpoint(DateTimeOffset now) => new(new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
        new NotificationStore(_storage.Storage), new ClientRequestLimit(_storage.Storage, new FixedClock(now)), new BusinessLog(_storage.Storage), new FixedClock(now));

    private MailDispatcher Dispatcher(DateTimeOffset now) => TestMail.Dispatcher(_storage.Storage, _sent, now);

    private async Task<(string RoundId, string ApplicationId, string OldKey)> ApplicantAsync(string email)
    {
        var round = Samples.Round(RoundState.AcceptingApplications);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        using var pdf = new MemoryStream(Samples.Pdf());
        var submitted = await new ApplicationStore(_storage.Storage).SubmitAsync(round.RoundId, Samples.EligibleProducer(email), pdf, Samples.Now);
        return (round.RoundId, submitted.ApplicationId!, submitted.AccessToken!);
    }

    private async Task<HttpAnswer> AskAsync(string roundId, string email, DateTimeOffset now, string client = "198.51.100.7")
    {
        var request = Requests.JsonOf("POST", null, new TokenReissueRequest(email));
        request.Headers["X-Forwarded-For"] = client;
        return await Requests.ExecuteAsync(await Endpoint(now).Run(request, roundId), request);
    }

    private async Task<string> StoredHashAsync(string applicationId) => (await new ApplicationStore(_storage.Storage).GetAsync(applicationId))!.AccessTokenHash;

    [Fact]
    public async Task The_mail_carries_a_new_key_that_opens_the_application_and_the_old_key_no_longer_does()
    {
        var (roundId, id, oldKey) = await ApplicantAsync("lost.key@example.jp");

        var answer = await AskAsync(roundId, "Lost.Key@Example.jp", Samples.Now);
        Assert.True(ApplicantTokens.Matches(oldKey, await StoredHashAsync(id)), "the key changes when the mail goes, not when it is asked for");
        await Dispatcher(Samples.Now).DispatchAsync(CancellationToken.None);

        Assert.Equal(202, answer.Status);
        Assert.Equal(RequestApplicantTokenReissue.Accepted, answer.Json.GetProperty("message").GetString());
        var mail = Assert.Single(_sent);
        Assert.Equal("lost.key@example.jp", mail.To);
        Assert.Contains("アクセスキー再発行のお知らせ", mail.Content.Subject);
        var key = System.Text.RegularExpressions.Regex.Match(mail.Content.Text, @"新しいアクセスキー: (apt\.\S+)").Groups[1].Value;
        Assert.Contains($"受付番号: {id}", mail.Content.Text);
        Assert.Contains(key, mail.Content.Html);
        Assert.True(ApplicantTokens.Matches(key, await StoredHashAsync(id)));
        Assert.False(ApplicantTokens.Matches(oldKey, await StoredHashAsync(id)));

        // The key is in the mail only: not in the notice the status page lists, nor anywhere in storage.
        var notice = Assert.Single(await new NotificationStore(_storage.Storage).ForApplicantAsync(id));
        Assert.DoesNotContain("apt.", notice.Body);
        foreach (var table in new[] { Storage.Tables.Notifications, Storage.Tables.Outbox, Storage.Tables.AuditLog, Storage.Tables.Applications })
        {
            Assert.DoesNotContain(await _storage.RowsAsync(table), r => r.Any(kv => kv.Value?.ToString()?.Contains(key, StringComparison.Ordinal) == true));
        }
    }

    [Fact]
    public async Task Asking_again_within_the_hour_sends_no_second_key_and_the_next_hour_sends_one()
    {
        var (roundId, id, _) = await ApplicantAsync("twice@example.jp");

        await AskAsync(roundId, "twice@example.jp", Samples.Now);
        await Dispatcher(Samples.Now).DispatchAsync(CancellationToken.None);
        var afterFirst = await StoredHashAsync(id);
        await AskAsync(roundId, "twice@example.jp", Samples.Now.AddMinutes(50));
        await Dispatcher(Samples.Now.AddMinutes(50)).DispatchAsync(CancellationToken.None);

        Assert.Single(_sent);
        Assert.Equal(afterFirst, await StoredHashAsync(id));

        await AskAsync(roundId, "twice@example.jp", Samples.Now.AddMinutes(65));
        await Dispatcher(Samples.Now.AddMinutes(65)).DispatchAsync(CancellationToken.None);
        Assert.Equal(2, _sent.Count);
        Assert.NotEqual(afterFirst, await StoredHashAsync(id));
    }

    [Fact]
    public async Task Five_requests_at_once_for_one_address_send_one_key()
    {
        var (roundId, id, oldKey) = await ApplicantAsync("double.click@example.jp");

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => AskAsync(roundId, "double.click@example.jp", Samples.Now)));
        await Task.WhenAll(Dispatcher(Samples.Now).DispatchAsync(CancellationToken.None), Dispatcher(Samples.Now).DispatchAsync(CancellationToken.None));

        Assert.All(answers, a => Assert.Equal(202, a.Status));
        var mail = Assert.Single(_sent);
        var key = System.Text.RegularExpressions.Regex.Match(mail.Content.Text, @"新しいアクセスキー: (apt\.\S+)").Groups[1].Value;
        Assert.True(ApplicantTokens.Matches(key, await StoredHashAsync(id)));
        Assert.False(ApplicantTokens.Matches(oldKey, await StoredHashAsync(id)));
        Assert.Single(await new NotificationStore(_storage.Storage).ForApplicantAsync(id));
    }

    [Fact]
    public async Task An_address_that_did_not_apply_gets_the_same_answer_and_nothing_is_sent()
    {
        var (roundId, _, _) = await ApplicantAsync("someone@example.jp");

        var answer = await AskAsync(roundId, "nobody@example.jp", Samples.Now);
        await Dispatcher(Samples.Now).DispatchAsync(CancellationToken.None);

        Assert.Equal(202, answer.Status);
        Assert.Equal(RequestApplicantTokenReissue.Accepted, answer.Json.GetProperty("message").GetString());
        Assert.Empty(_sent);
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Notifications));
    }

    [Fact]
    public async Task One_client_may_ask_ten_times_an_hour_whatever_the_addresses_and_another_client_is_not_held_back()
    {
        var (roundId, _, _) = await ApplicantAsync("someone@example.jp");

        var answers = new List<int>();
        for (var i = 0; i < RequestApplicantTokenReissue.PerClientPerHour + 1; i++)
        {
            answers.Add((await AskAsync(roundId, $"guess{i}@example.jp", Samples.Now.AddMinutes(i))).Status);
        }

        var refused = await AskAsync(roundId, "someone@example.jp", Samples.Now.AddMinutes(30));
        var other = await AskAsync(roundId, "someone@example.jp", Samples.Now.AddMinutes(30), client: "203.0.113.9");
        var nextHour = await AskAsync(roundId, "someone@example.jp", Samples.Now.AddHours(1));

        Assert.Equal([.. Enumerable.Repeat(202, RequestApplicantTokenReissue.PerClientPerHour), 429], answers);
        Assert.Equal(429, refused.Status);
        Assert.True(refused.IsProblem);
        Assert.Equal("アクセスキーの再発行の依頼が多すぎます。", refused.Json.GetProperty("title").GetString());
        Assert.Equal(202, other.Status);
        Assert.Equal(202, nextHour.Status);
    }

    [Fact]
    public async Task A_request_for_a_person_erased_before_the_mail_went_is_cancelled_not_sent()
    {
        var (roundId, id, _) = await ApplicantAsync("erased@example.jp");
        await AskAsync(roundId, "erased@example.jp", Samples.Now);
        var application = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        await new ApplicationStore(_storage.Storage).EraseAsync(application, Domain.Privacy.ErasureReason.RetentionPeriodEnded, Samples.Now);

        var result = await Dispatcher(Samples.Now).DispatchAsync(CancellationToken.None);

        Assert.Equal(1, result.Cancelled);
        Assert.Empty(_sent);
    }
}
