using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Workflow.Functions.Telemetry;
using Workflow.Domain.Mail;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Configuration;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;

namespace Workflow.Functions.Notifications;

/// <summary>Whom a mail is addressed to, looked up when it is sent: an address erased or never given means no mail.</summary>
public sealed record ResolvedRecipient(string Address, string Salutation, string ReadAgainUrl);

public sealed class MailRecipients(ApplicationStore applications, MunicipalityStore municipalities, MailSettings settings)
{
    public async Task<ResolvedRecipient?> ResolveAsync(QueuedMail mail, CancellationToken cancellationToken)
    {
        switch (mail.Recipient)
        {
            case MailRecipient.Applicant:
                var application = await applications.GetAsync(mail.RecipientRef, cancellationToken);
                return application is { Email.Length: > 0 }
                    ? new ResolvedRecipient(application.Email, application.FullName, new Uri(settings.PublicBaseUrl, "applications/status").ToString())
                    : null;
            case MailRecipient.Municipality:
                var municipality = await municipalities.GetAsync(mail.RecipientRef, cancellationToken);
                return municipality is { Email.Length: > 0 }
                    ? new ResolvedRecipient(municipality.Email, municipality.Name, new Uri(settings.PublicBaseUrl, "municipality").ToString())
                    : null;
            default:
                return settings.MinistryAddress is { } ministry
                    ? new ResolvedRecipient(ministry, "総務省 自治行政局", new Uri(settings.PublicBaseUrl, "ministry").ToString())
                    : null;
        }
    }
}

/// <summary>What one pass of the dispatcher did.</summary>
public sealed record DispatchResult(int Sent, int Retrying, int Dead, int Cancelled, int AlreadyDone, int Busy);

/// <summary>
/// Sends what waits in the outbox (ADR 0013). Each message is taken for one attempt under a lease (so that two hosts
/// never send it at once), composed from its notice as stored and its recipient as looked up now, and handed to the
/// mail server; then it is finished (sent, or dead after <see cref="DeliveryPolicy.MaxAttempts"/>, or cancelled
/// when there is nobody to send it to) or left for a later attempt with backoff. Every end is a business-log line of
/// the message's round. A message whose delivery record exists already was finished by an attempt that stopped
/// before it could delete the queued row: it is not sent again.
/// </summary>
public sealed class MailDispatcher(
    OutboxStore outbox,
    NotificationStore notifications,
    MailRecipients recipients,
    IMailSender sender,
    ApplicantAccessKeys accessKeys,
    BusinessLog log,
    TimeProvider clock,
    ILogger<MailDispatcher> logger)
{
    /// <summary>Messages read per batch; a pass goes on with the next batch while the previous one sent something.</summary>
    public const int BatchSize = 200;

    /// <summary>Mails handed to the server at once: the server's session limit, not the app's, sets the pace.</summary>
    public const int Parallelism = 8;

    public async Task<DispatchResult> DispatchAsync(CancellationToken cancellationToken)
    {
        var total = new DispatchResult(0, 0, 0, 0, 0, 0);
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = (await outbox.QueuedAsync(BatchSize * 5, cancellationToken)).Where(m => m.IsDue(now)).Take(BatchSize).ToList();
            if (due.Count == 0)
            {
                return total;
            }

            var outcomes = new System.Collections.Concurrent.ConcurrentBag<DeliveryState?>();
            var alreadyDone = 0;
            var busy = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (mail, ct) =>
            {
                var attempt = await AttemptAsync(mail, ct);
                Measure(mail, attempt);
                switch (attempt)
                {
                    case Attempt.AlreadyDone:
                        Interlocked.Increment(ref alreadyDone);
                        break;
                    case Attempt.Busy:
                        Interlocked.Increment(ref busy);
                        break;
                    case Attempt.Retrying:
                        outcomes.Add(null);
                        break;
                    case var finished:
                        outcomes.Add((DeliveryState)finished);
                        break;
                }
            });

            total = total with
            {
                Sent = total.Sent + outcomes.Count(o => o == DeliveryState.Sent),
                Retrying = total.Retrying + outcomes.Count(o => o is null),
                Dead = total.Dead + outcomes.Count(o => o == DeliveryState.Dead),
                Cancelled = total.Cancelled + outcomes.Count(o => o == DeliveryState.Cancelled),
                AlreadyDone = total.AlreadyDone + alreadyDone,
                Busy = total.Busy + busy,
            };

            // Only messages others hold, or failures waiting for their backoff, are left: the next pass takes them.
            if (busy + outcomes.Count(o => o is null) == due.Count)
            {
                return total;
            }
        }
    }

    /// <summary>Counts the attempt by the mail's kind and how it ended (ADR 0020); never by whom it was for.</summary>
    private static void Measure(QueuedMail mail, Attempt attempt)
    {
        var round = new KeyValuePair<string, object?>(WorkflowTelemetry.RoundIdTag, mail.RoundId);
        var kind = new KeyValuePair<string, object?>(WorkflowTelemetry.KindTag, mail.Kind);
        switch (attempt)
        {
            case Attempt.Sent:
                WorkflowTelemetry.MailSent.Add(1, round, kind);
                break;
            case Attempt.Retrying or Attempt.Dead or Attempt.Cancelled:
                WorkflowTelemetry.MailFailed.Add(1, round, kind, new(WorkflowTelemetry.OutcomeTag, attempt.ToString().ToLowerInvariant()));
                break;
        }
    }

    /// <summary>How an attempt ended: a <see cref="DeliveryState"/> that finished the message, or one of these.</summary>
    private enum Attempt
    {
        Sent = DeliveryState.Sent,
        Dead = DeliveryState.Dead,
        Cancelled = DeliveryState.Cancelled,
        Retrying = 100,
        AlreadyDone,
        Busy,
    }

    private async Task<Attempt> AttemptAsync(QueuedMail queued, CancellationToken cancellationToken)
    {
        if (await outbox.FinishedAsync(queued.RoundId, queued.MessageId, cancellationToken) is { } finished)
        {
            await LogAsync(queued, finished.State, finished.FinishedAt ?? clock.GetUtcNow(), cancellationToken);
            await outbox.DeleteQueuedAsync(queued.MessageId, cancellationToken);
            return Attempt.AlreadyDone;
        }

        var now = clock.GetUtcNow();
        if (await outbox.TryClaimAsync(queued, now, cancellationToken) is not { } mail)
        {
            return Attempt.Busy;
        }

        var notice = await notifications.NoticeAsync(mail.NoticePartition, mail.NoticeKey, cancellationToken);
        var recipient = notice is null ? null : await recipients.ResolveAsync(mail, cancellationToken);
        if (notice is null || recipient is null)
        {
            return (Attempt)await FinishAsync(mail, DeliveryState.Cancelled,
                notice is null ? "通知が削除されたため送信しませんでした。" : "宛先のメールアドレスが登録されていないため送信しませんでした。", cancellationToken);
        }

        try
        {
            // A new access key is made for the mail that carries it, right before it goes (ApplicantAccessKeys).
            if (mail.Kind == ApplicantAccessKeys.ReissueKind)
            {
                if (await accessKeys.RotateAsync(mail.RecipientRef, cancellationToken) is not { } key)
                {
                    return (Attempt)await FinishAsync(mail, DeliveryState.Cancelled, "応募の情報が削除されたため送信しませんでした。", cancellationToken);
                }

                notice = NoticeTexts.WithAccessKey(notice, mail.RecipientRef, key, reissued: true);
            }
            else if (mail.Kind == SubmitApplication.ReceiptKind && mail.AccessKey is { } receiptKey)
            {
                notice = await accessKeys.IsCurrentAsync(mail.RecipientRef, receiptKey, cancellationToken)
                    ? NoticeTexts.WithAccessKey(notice, mail.RecipientRef, receiptKey, reissued: false)
                    : NoticeTexts.WithoutReplacedAccessKey(notice);
            }

            var content = NoticeMail.Compose(notice, mail.Recipient, recipient.Salutation, recipient.ReadAgainUrl);
            await sender.SendAsync(new OutgoingMail(mail.MessageId, recipient.Address, content), cancellationToken);
            Platform.CrashPoints.Reach(Platform.CrashPoints.MailAccepted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failedAt = clock.GetUtcNow();
            var error = DeliveryPolicy.DescribeFailure(e.GetType().Name, e.Message);
            // The type only: a mail server's refusal quotes the recipient's address, and logs are exported (ADR 0020).
            logger.LogWarning("Mail {MessageId} ({Kind}) attempt {Attempt} failed: {ErrorType}", mail.MessageId, mail.Kind, mail.Attempts, e.GetType().Name);
            if (DeliveryPolicy.RetryAt(mail.Attempts, failedAt) is { } retryAt)
            {
                await outbox.RecordFailureAsync(mail, retryAt, error, cancellationToken);
                return Attempt.Retrying;
            }

            return (Attempt)await FinishAsync(mail, DeliveryState.Dead, error, cancellationToken);
        }

        return (Attempt)await FinishAsync(mail, DeliveryState.Sent, null, cancellationToken);
    }

    private async Task<DeliveryState> FinishAsync(QueuedMail mail, DeliveryState state, string? reason, CancellationToken cancellationToken)
    {
        // Not the request's token: a mail the server took is recorded even while the host stops.
        var standing = await outbox.FinishAsync(mail, state, clock.GetUtcNow(), reason, CancellationToken.None);
        await LogAsync(mail, standing.State, standing.FinishedAt ?? clock.GetUtcNow(), CancellationToken.None);
        return standing.State;
    }

    /// <summary>One line per finished message, keyed by the message: written again after a crash, it is stored once.</summary>
    private Task LogAsync(QueuedMail mail, DeliveryState state, DateTimeOffset at, CancellationToken cancellationToken) =>
        log.WriteAsync(mail.RoundId, at, Actor.SystemLogName, state switch
        {
            DeliveryState.Sent => BusinessLogActions.MailSent,
            DeliveryState.Cancelled => BusinessLogActions.MailCancelled,
            _ => BusinessLogActions.MailDead,
        }, mail.SubjectId, $"{mail.Kind}:{mail.Recipient}:{mail.MessageId}", idempotencyKey: "mail-" + mail.MessageId, cancellationToken: cancellationToken);
}

/// <summary>The dispatcher on its schedule: every few seconds locally, every 30 seconds in Azure (Bicep).</summary>
public sealed class DispatchMail(MailDispatcher dispatcher, ILogger<DispatchMail> logger)
{
    [Function(nameof(DispatchMail))]
    public async Task Run([TimerTrigger("%" + SettingNames.MailDispatchSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await dispatcher.DispatchAsync(cancellationToken);
        if (result != new DispatchResult(0, 0, 0, 0, 0, 0))
        {
            logger.LogInformation("Mail dispatch: {Sent} sent, {Retrying} to retry, {Dead} dead, {Cancelled} cancelled, {AlreadyDone} already done, {Busy} held by another",
                result.Sent, result.Retrying, result.Dead, result.Cancelled, result.AlreadyDone, result.Busy);
        }
    }
}
