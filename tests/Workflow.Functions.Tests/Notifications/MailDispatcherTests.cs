using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Domain.Mail;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Notifications;

/// <summary>The outbox and its dispatcher on Azurite, with a transport that records what it was given (the real SMTP path: SmtpMailSenderTests).</summary>
[Collection("Azurite")]
public sealed class MailDispatcherTests
{
    private const string RoundId = "R2025-abcdef12";

    private readonly TestStorage _storage = new();
    private readonly MovingClock _clock = new(Samples.Now);
    private readonly RecordingSender _sender = new();

    private static readonly MailSettings Settings = new(MailSettings.Smtp, "noreply@workflow.localhost", "127.0.0.1", 2525, "ministry@ministry.example", new Uri("https://workflow.example/"));

    private MailDispatcher Dispatcher(RecordingSender? sender = null) => new(new OutboxStore(_storage.Storage), new NotificationStore(_storage.Storage),
        new MailRecipients(new ApplicationStore(_storage.Storage), new MunicipalityStore(_storage.Storage), Settings), sender ?? _sender,
        new ApplicantAccessKeys(_storage.Storage), new BusinessLog(_storage.Storage), _clock, NullLogger<MailDispatcher>.Instance);

    private async Task<string> ApplicantWithNoticeAsync(string email = "taro@example.jp", string kind = "SelectionOutcome")
    {
        var id = await SeededApplications.AddAsync(_storage.Storage, RoundId, Samples.EligibleProducer(email));
        await new NotificationStore(_storage.Storage).UpsertAsync([NotificationStore.ForApplicant(id, kind, "選定結果のお知らせ", "今回は選定に至りませんでした。", _clock.GetUtcNow())]);
        return id;
    }

    private async Task<IReadOnlyList<Azure.Data.Tables.TableEntity>> LogAsync(string action) =>
        (await _storage.RowsAsync(Storage.Tables.AuditLog)).Where(r => r.GetString("Action") == action).ToList();

    [Fact]
    public async Task A_notice_is_mailed_once_to_the_address_on_file_and_recorded_and_logged_as_sent()
    {
        var id = await ApplicantWithNoticeAsync();

        var first = await Dispatcher().DispatchAsync(CancellationToken.None);
        var second = await Dispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(1, first.Sent);
        Assert.Equal(new DispatchResult(0, 0, 0, 0, 0, 0), second);
        var mail = Assert.Single(_sender.Sent);
        Assert.Equal("taro@example.jp", mail.To);
        Assert.Contains("選定結果のお知らせ", mail.Content.Subject);
        Assert.Contains("今回は選定に至りませんでした。", mail.Content.Text);
        Assert.Contains("https://workflow.example/applications/status", mail.Content.Text);
        var status = Assert.Single(await new OutboxStore(_storage.Storage).ForRoundAsync(RoundId));
        Assert.Equal(DeliveryState.Sent, status.State);
        Assert.Equal(1, status.Attempts);
        Assert.Equal(id, status.SubjectId);
        Assert.Equal(MailRecipient.Applicant, status.Recipient);
        Assert.Equal(mail.MessageId, status.MessageId);
        var line = Assert.Single(await LogAsync(BusinessLogActions.MailSent));
        Assert.Equal(id, line.GetString("Subject"));
        Assert.Equal($"SelectionOutcome:Applicant:{mail.MessageId}", line.GetString("Detail"));
        Assert.DoesNotContain("taro@example.jp", string.Join('|', (await _storage.RowsAsync(Storage.Tables.Outbox)).SelectMany(r => r.Select(kv => kv.Value?.ToString()))));
    }

    [Fact]
    public async Task A_notice_written_again_after_its_mail_was_sent_is_not_mailed_again()
    {
        var id = await ApplicantWithNoticeAsync();
        await Dispatcher().DispatchAsync(CancellationToken.None);

        // The activity that wrote it runs again (at least once): the same notice, the same message.
        await new NotificationStore(_storage.Storage).UpsertAsync([NotificationStore.ForApplicant(id, "SelectionOutcome", "選定結果のお知らせ", "今回は選定に至りませんでした。", _clock.GetUtcNow())]);
        var again = await Dispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(1, again.AlreadyDone);
        Assert.Single(_sender.Sent);
        Assert.Single(await LogAsync(BusinessLogActions.MailSent));
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Outbox, $"PartitionKey eq '{OutboxStore.QueuedPartition}'"));
    }

    [Fact]
    public async Task A_refused_mail_is_tried_again_after_its_backoff_and_not_before()
    {
        await ApplicantWithNoticeAsync();
        _sender.FailNext(1);

        var first = await Dispatcher().DispatchAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(29));
        var tooEarly = await Dispatcher().DispatchAsync(CancellationToken.None);
        var waiting = Assert.Single(await new OutboxStore(_storage.Storage).ForRoundAsync(RoundId));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var retried = await Dispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(1, first.Retrying);
        Assert.Equal(new DispatchResult(0, 0, 0, 0, 0, 0), tooEarly);
        Assert.Equal(DeliveryState.Failed, waiting.State);
        Assert.Equal(Samples.Now.AddSeconds(30), waiting.NextAttemptAt);
        Assert.Contains("接続できません", waiting.LastError);
        Assert.Equal(1, retried.Sent);
        Assert.Single(_sender.Sent);
        Assert.Equal(2, Assert.Single(await new OutboxStore(_storage.Storage).ForRoundAsync(RoundId)).Attempts);
    }

    [Fact]
    public async Task A_mail_refused_at_every_attempt_is_dead_after_the_last_and_says_why()
    {
        var id = await ApplicantWithNoticeAsync();
        _sender.FailNext(int.MaxValue);

        for (var attempt = 1; attempt <= DeliveryPolicy.MaxAttempts; attempt++)
        {
            await Dispatcher().DispatchAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromHours(1));
        }

        var after = await Dispatcher().DispatchAsync(CancellationToken.None);
        var status = Assert.Single(await new OutboxStore(_storage.Storage).ForRoundAsync(RoundId));
        Assert.Equal(DeliveryState.Dead, status.State);
        Assert.Equal(DeliveryPolicy.MaxAttempts, status.Attempts);
        Assert.Contains("接続できません", status.LastError);
        Assert.Equal(new DispatchResult(0, 0, 0, 0, 0, 0), after);
        Assert.Equal(DeliveryPolicy.MaxAttempts, _sender.Attempts);
        Assert.Equal(id, Assert.Single(await LogAsync(BusinessLogActions.MailDead)).GetString("Subject"));
    }

    [Fact]
    public async Task Without_an_address_on_file_the_mail_is_cancelled_not_retried()
    {
        var registry = new MunicipalityStore(_storage.Storage);
        await registry.ListAsync();
        await registry.UpsertAsync([new Domain.Municipalities.Municipality("012025", "函館市", "北海道")]);
        await new NotificationStore(_storage.Storage).UpsertAsync(
        [
            NotificationStore.ForMunicipality("012025", RoundId, "RosterPublished", RoundId, "名簿の掲載", "名簿を掲載しました。", _clock.GetUtcNow()),
            NotificationStore.ForMunicipality("011002", RoundId, "RosterPublished", RoundId, "名簿の掲載", "名簿を掲載しました。", _clock.GetUtcNow()),
        ]);

        var result = await Dispatcher().DispatchAsync(CancellationToken.None);

        // 函館市 was imported without an address; 札幌市 is in the seeded sample, with one.
        Assert.Equal((1, 1), (result.Sent, result.Cancelled));
        Assert.Equal("dx-011002@municipalities.example", Assert.Single(_sender.Sent).To);
        var cancelled = Assert.Single(await new OutboxStore(_storage.Storage).ForRoundAsync(RoundId), s => s.State == DeliveryState.Cancelled);
        Assert.Contains("メールアドレスが登録されていない", cancelled.LastError);
        Assert.Equal("012025", cancelled.RecipientCode);
        Assert.Equal("011002", Assert.Single(await new OutboxStore(_storage.Storage).ForRoundAsync(RoundId), s => s.State == DeliveryState.Sent).RecipientCode);
        Assert.Single(await LogAsync(BusinessLogActions.MailCancelled));
    }

    [Fact]
    public async Task Two_dispatchers_at_once_send_each_of_forty_mails_once()
    {
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await SeededApplications.AddAsync(_storage.Storage, RoundId, Samples.EligibleProducer($"person{i}@example.jp")));
        }

        await new NotificationStore(_storage.Storage).UpsertAsync(ids.Select(id => NotificationStore.ForApplicant(id, "SelectionOutcome", "選定結果のお知らせ", "本文", _clock.GetUtcNow())));
        var slow = new RecordingSender { Delay = TimeSpan.FromMilliseconds(20) };

        var results = await Task.WhenAll(Dispatcher(slow).DispatchAsync(CancellationToken.None), Dispatcher(slow).DispatchAsync(CancellationToken.None));

        Assert.Equal(40, results.Sum(r => r.Sent));
        Assert.Equal(40, slow.Sent.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(40, slow.Sent.Count);
        Assert.Equal(40, (await LogAsync(BusinessLogActions.MailSent)).Count);
        Assert.All(await new OutboxStore(_storage.Storage).ForRoundAsync(RoundId), s => Assert.Equal(DeliveryState.Sent, s.State));
    }

    private sealed class MovingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>A transport that keeps what it is given, or refuses it as an unreachable server would.</summary>
    private sealed class RecordingSender : IMailSender
    {
        private int _failures;
        private int _attempts;

        public ConcurrentQueue<OutgoingMail> Sent { get; } = new();

        public TimeSpan Delay { get; init; }

        public int Attempts => _attempts;

        public void FailNext(int count) => _failures = count;

        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await Task.Delay(Delay, cancellationToken);
            if (Interlocked.Decrement(ref _failures) >= 0)
            {
                throw new IOException("メールサーバーに接続できません。");
            }

            Sent.Enqueue(mail);
        }
    }
}
