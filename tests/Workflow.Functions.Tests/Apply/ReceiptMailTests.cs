using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
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

/// <summary>
/// The receipt's mail carries the access key the completion page showed, once, and the key leaves storage with the
/// queued mail; a key reissued before the receipt went is not mailed in its stale form.
/// </summary>
[Collection("Azurite")]
public sealed class ReceiptMailTests
{
    private static readonly DateTimeOffset DuringWindow = Samples.Now.AddDays(5);

    private readonly TestStorage _storage = new();
    private readonly List<OutgoingMail> _sent = [];

    private SubmitApplication Submit() => new(new RoundStore(_storage.Storage), Standards.For(_storage.Storage), new ApplicationStore(_storage.Storage),
        new NotificationStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(DuringWindow), NullLogger<SubmitApplication>.Instance);

    private MailDispatcher Dispatcher(DateTimeOffset now) => TestMail.Dispatcher(_storage.Storage, _sent, now);

    private async Task<RoundRecord> RoundAsync()
    {
        var round = Samples.Round(RoundState.AcceptingApplications);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        return round;
    }

    private async Task<(string ApplicationId, string AccessKey)> ApplyAsync(RoundRecord round, string email, string idempotencyKey)
    {
        var request = await Requests.MultipartAsync(System.Text.Json.JsonSerializer.Serialize(Samples.ToRequest(Samples.EligibleProducer(email)), Functions.Http.Json.Options), Samples.Pdf());
        request.Headers[IdempotencyKey.Header] = idempotencyKey;
        var answer = await Requests.ExecuteAsync(await Submit().Run(request, round.RoundId), request);
        Assert.Equal(201, answer.Status);
        return (answer.Json.GetProperty("applicationId").GetString()!, answer.Json.GetProperty("accessToken").GetString()!);
    }

    private async Task<bool> StoredAnywhereAsync(string secret)
    {
        foreach (var table in new[] { Storage.Tables.Notifications, Storage.Tables.Outbox, Storage.Tables.AuditLog, Storage.Tables.Applications })
        {
            if ((await _storage.RowsAsync(table)).Any(r => r.Any(kv => kv.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true)))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task The_receipt_mail_carries_the_key_the_page_showed_and_the_key_is_gone_from_storage_once_it_is_sent()
    {
        var round = await RoundAsync();
        var (id, key) = await ApplyAsync(round, "receipt.key@example.jp", "receipt-key-0001");

        Assert.True(await StoredAnywhereAsync(key), "the key waits with the queued mail until it goes");
        await Dispatcher(DuringWindow).DispatchAsync(CancellationToken.None);

        var mail = Assert.Single(_sent);
        Assert.Equal("receipt.key@example.jp", mail.To);
        Assert.Contains("応募受付のお知らせ", mail.Content.Subject);
        Assert.Equal(key, Regex.Match(mail.Content.Text, @"\nアクセスキー: (apt\.\S+)").Groups[1].Value);
        Assert.Contains($"受付番号: {id}", mail.Content.Text);
        Assert.Contains(key, mail.Content.Html);
        Assert.False(await StoredAnywhereAsync(key), "after the mail, the key is in the mail only");

        // The notice the status page lists says the key is in the mail, without the key.
        var notice = Assert.Single(await new NotificationStore(_storage.Storage).ForApplicantAsync(id));
        Assert.Contains("このお知らせのメールにも記載しています", notice.Body);
        Assert.DoesNotContain("apt.", notice.Body);
    }

    [Fact]
    public async Task A_replayed_submission_after_the_mail_went_sends_no_second_receipt_and_stores_no_key()
    {
        var round = await RoundAsync();
        var (_, key) = await ApplyAsync(round, "replayed@example.jp", "replayed-key-001");
        await Dispatcher(DuringWindow).DispatchAsync(CancellationToken.None);

        var (_, again) = await ApplyAsync(round, "replayed@example.jp", "replayed-key-001");
        await Dispatcher(DuringWindow.AddMinutes(1)).DispatchAsync(CancellationToken.None);

        Assert.Equal(key, again);
        Assert.Single(_sent);
        Assert.False(await StoredAnywhereAsync(key));
    }

    [Fact]
    public async Task A_receipt_that_goes_after_the_key_was_reissued_does_not_carry_the_old_key()
    {
        var round = await RoundAsync();
        var (id, key) = await ApplyAsync(round, "reissued.first@example.jp", "reissued-key-001");
        var fresh = await new ApplicantAccessKeys(_storage.Storage).RotateAsync(id);
        Assert.NotNull(fresh);

        await Dispatcher(DuringWindow).DispatchAsync(CancellationToken.None);

        var mail = Assert.Single(_sent);
        Assert.DoesNotContain(key, mail.Content.Text);
        Assert.DoesNotContain("apt.", mail.Content.Text);
        Assert.Contains("アクセスキーが再発行されたため", mail.Content.Text);
        Assert.False(ApplicantTokens.Matches(key, (await new ApplicationStore(_storage.Storage).GetAsync(id))!.AccessTokenHash));
    }
}
