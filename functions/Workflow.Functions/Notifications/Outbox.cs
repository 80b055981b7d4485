using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Mail;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Notifications;

/// <summary>One message waiting in the outbox: which notice, for whom, and how its attempts stand.</summary>
public sealed record QueuedMail(
    string MessageId,
    string RoundId,
    string Kind,
    MailRecipient Recipient,
    string RecipientRef,
    string NoticePartition,
    string NoticeKey,
    string? SubjectId,
    DateTimeOffset QueuedAt,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LeaseUntil,
    string? LastError,
    ETag ETag)
{
    /// <summary>
    /// The access key a receipt's mail carries (<see cref="OutboxStore.EnqueueReceiptAsync"/>); on the queued row only,
    /// so it is gone with that row once the mail has been sent, or has died or been cancelled.
    /// </summary>
    public string? AccessKey { get; init; }

    public bool IsDue(DateTimeOffset now) => (NextAttemptAt ?? QueuedAt) <= now && (LeaseUntil ?? DateTimeOffset.MinValue) <= now;
}

/// <summary>
/// The outbox every notice's mail goes through (ADR 0013). Messages waiting to be sent are rows of one partition,
/// <see cref="QueuedPartition"/>, keyed by a message id derived from the notice (<see cref="NoticeMail.MessageIdOf"/>):
/// a notice written again (an activity run twice) queues the same row again, never a second message. A message that is
/// done moves to its round's partition as a delivery record (sent, dead or cancelled): the record is added first, then
/// the queued row deleted, so a message found queued with a record beside it is one whose move was cut short, and is
/// only deleted. The dispatcher reads one small partition; the operator reads one round's.
/// </summary>
public sealed class OutboxStore(WorkflowStorage storage)
{
    public const string QueuedPartition = "queued";

    public static string RoundPartition(string roundId) => $"round_{roundId}";

    /// <summary>
    /// Queues the mail of each notice. Merged, so that a notice written again leaves a message's attempts and lease as
    /// they are; only what the notice says about the message is written.
    /// </summary>
    public async Task EnqueueAsync(IEnumerable<TableEntity> notices, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var rows = notices.Select(n => Queued(n, at)).OfType<TableEntity>().ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var table = await storage.TableAsync(Tables.Outbox);
        await TableBatches.SubmitAsync(table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, r)), cancellationToken);
    }

    /// <summary>
    /// Queues an application's receipt with the access key its mail carries. The key is stored on the queued row, in
    /// plain text and nowhere else, for the seconds (at worst, the hours of retries) until the mail is done: the
    /// application keeps only its hash, and the delivery record that replaces the row does not copy it. A receipt
    /// queued again by a replayed submission carries the same key.
    /// </summary>
    public async Task EnqueueReceiptAsync(TableEntity notice, DateTimeOffset at, string accessKey, CancellationToken cancellationToken = default)
    {
        var row = Queued(notice, at) ?? throw new InvalidOperationException($"Notice {notice.RowKey} has no recipient to mail.");
        row[AccessKeyColumn] = accessKey;
        var table = await storage.TableAsync(Tables.Outbox);
        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    private const string AccessKeyColumn = "AccessKey";

    /// <summary>The mail row of one notice row, or null for a notice no mail goes with.</summary>
    public static TableEntity? Queued(TableEntity notice, DateTimeOffset at)
    {
        var (recipient, recipientRef) = RecipientOf(notice);
        if (recipientRef is null)
        {
            return null;
        }

        return new TableEntity(QueuedPartition, NoticeMail.MessageIdOf(notice.PartitionKey, notice.RowKey))
        {
            ["RoundId"] = notice.GetString("RoundId") ?? string.Empty,
            ["Kind"] = NoticeKinds.Of(notice.GetString("Kind") ?? string.Empty),
            ["Recipient"] = recipient.ToString(),
            ["RecipientRef"] = recipientRef,
            ["NoticePartition"] = notice.PartitionKey,
            ["NoticeKey"] = notice.RowKey,
            ["SubjectId"] = notice.GetString("SubjectId"),
            ["QueuedAt"] = at,
        };
    }

    /// <summary>Whom a notice is for, read from the partition it was written to (see <see cref="NotificationStore"/>).</summary>
    public static (MailRecipient Recipient, string? Ref) RecipientOf(TableEntity notice)
    {
        var partition = notice.PartitionKey;
        if (partition.StartsWith("applicant_", StringComparison.Ordinal))
        {
            return (MailRecipient.Applicant, notice.GetString("SubjectId"));
        }

        if (partition.StartsWith("municipality_", StringComparison.Ordinal))
        {
            return (MailRecipient.Municipality, partition["municipality_".Length..]);
        }

        return partition == NotificationStore.MinistryPartition ? (MailRecipient.Ministry, NotificationStore.MinistryPartition) : (MailRecipient.Ministry, null);
    }

    /// <summary>Up to <paramref name="max"/> waiting messages in key order (not by age), due or not: the caller picks the due.</summary>
    public async Task<IReadOnlyList<QueuedMail>> QueuedAsync(int max, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Outbox);
        var result = new List<QueuedMail>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {QueuedPartition}"), maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            result.Add(ToQueued(row));
            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// Takes a message for one attempt: counts it and holds it for <see cref="DeliveryPolicy.Lease"/>, on the row as
    /// read. False when another dispatcher took it (or the notice queued it again) in between.
    /// </summary>
    public async Task<QueuedMail?> TryClaimAsync(QueuedMail mail, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Outbox);
        var claim = new TableEntity(QueuedPartition, mail.MessageId)
        {
            ["Attempts"] = mail.Attempts + 1,
            ["LeaseUntil"] = now + DeliveryPolicy.Lease,
        };
        try
        {
            var response = await table.UpdateEntityAsync(claim, mail.ETag, TableUpdateMode.Merge, cancellationToken);
            return mail with { Attempts = mail.Attempts + 1, LeaseUntil = now + DeliveryPolicy.Lease, ETag = response.Headers.ETag ?? mail.ETag };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>An attempt failed and another will follow at <paramref name="retryAt"/>.</summary>
    public async Task RecordFailureAsync(QueuedMail mail, DateTimeOffset retryAt, string error, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Outbox);
        var change = new TableEntity(QueuedPartition, mail.MessageId)
        {
            ["NextAttemptAt"] = retryAt,
            ["LeaseUntil"] = retryAt,
            ["LastError"] = Truncate(error),
        };
        try
        {
            await table.UpdateEntityAsync(change, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>The delivery record of a message, if it is done.</summary>
    public async Task<DeliveryStatus?> FinishedAsync(string roundId, string messageId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Outbox);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, RoundPartition(roundId), messageId, cancellationToken);
        return row is null ? null : ToStatus(row);
    }

    /// <summary>
    /// Ends a message: its delivery record is added (a record already there stands: the first end is the true one),
    /// then its queued row deleted. Returns the record that stands.
    /// </summary>
    public async Task<DeliveryStatus> FinishAsync(QueuedMail mail, DeliveryState state, DateTimeOffset at, string? error, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Outbox);
        var record = new TableEntity(RoundPartition(mail.RoundId), mail.MessageId)
        {
            ["RoundId"] = mail.RoundId,
            ["Kind"] = mail.Kind,
            ["Recipient"] = mail.Recipient.ToString(),
            ["RecipientCode"] = mail.Recipient == MailRecipient.Municipality ? mail.RecipientRef : null,
            ["SubjectId"] = mail.SubjectId,
            ["State"] = state.ToString(),
            ["Attempts"] = mail.Attempts,
            ["QueuedAt"] = mail.QueuedAt,
            ["FinishedAt"] = at,
            ["LastError"] = error is null ? null : Truncate(error),
        };
        DeliveryStatus standing;
        try
        {
            await table.AddEntityAsync(record, cancellationToken);
            standing = ToStatus(record);
        }
        catch (RequestFailedException e) when (TableBatches.IsConflict(e))
        {
            standing = (await FinishedAsync(mail.RoundId, mail.MessageId, cancellationToken))!;
        }

        await DeleteQueuedAsync(mail.MessageId, cancellationToken);
        return standing;
    }

    public async Task DeleteQueuedAsync(string messageId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Outbox);
        try
        {
            await table.DeleteEntityAsync(QueuedPartition, messageId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>Every message of a round: those done, and those still waiting (queued or to be retried).</summary>
    public async Task<IReadOnlyList<DeliveryStatus>> ForRoundAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Outbox);
        var finished = TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"PartitionKey eq {RoundPartition(roundId)}"), cancellationToken: cancellationToken);
        var waiting = TableBatches.QueryAllAsync<TableEntity>(table,
            TableClient.CreateQueryFilter($"PartitionKey eq {QueuedPartition} and RoundId eq {roundId}"), cancellationToken: cancellationToken);
        var done = (await finished).Select(ToStatus).ToList();
        var doneIds = done.Select(d => d.MessageId).ToHashSet(StringComparer.Ordinal);
        return done.Concat((await waiting).Where(w => !doneIds.Contains(w.RowKey)).Select(w =>
        {
            var q = ToQueued(w);
            return new DeliveryStatus(q.MessageId, q.RoundId, q.Kind, q.Recipient, q.Recipient == MailRecipient.Municipality ? q.RecipientRef : null,
                q.SubjectId, q.Attempts == 0 ? DeliveryState.Queued : DeliveryState.Failed,
                q.Attempts, q.QueuedAt, q.NextAttemptAt ?? q.QueuedAt, null, q.LastError);
        })).OrderBy(s => s.QueuedAt).ThenBy(s => s.MessageId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Erasure: the mail about an application or appointment, waiting or done, goes with the person. The business
    /// log's line for each mail sent stays, holding the same ids the log keeps anyway.
    /// </summary>
    public async Task EraseAboutAsync(string roundId, string subjectId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Outbox);
        foreach (var partition in new[] { QueuedPartition, RoundPartition(roundId) })
        {
            await TableBatches.DeleteWhereAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partition} and SubjectId eq {subjectId}"), cancellationToken);
        }
    }

    private static string Truncate(string error) => error.Length <= 500 ? error : error[..500];

    private static QueuedMail ToQueued(TableEntity row) => new(
        row.RowKey,
        row.GetString("RoundId") ?? string.Empty,
        row.GetString("Kind") ?? string.Empty,
        Enum.TryParse<MailRecipient>(row.GetString("Recipient"), out var recipient) ? recipient : MailRecipient.Ministry,
        row.GetString("RecipientRef") ?? string.Empty,
        row.GetString("NoticePartition") ?? string.Empty,
        row.GetString("NoticeKey") ?? string.Empty,
        row.GetString("SubjectId"),
        row.GetDateTimeOffset("QueuedAt") ?? DateTimeOffset.MinValue,
        row.GetInt32("Attempts") ?? 0,
        row.GetDateTimeOffset("NextAttemptAt"),
        row.GetDateTimeOffset("LeaseUntil"),
        row.GetString("LastError"),
        row.ETag)
    {
        AccessKey = row.GetString(AccessKeyColumn),
    };

    private static DeliveryStatus ToStatus(TableEntity row) => new(
        row.RowKey,
        row.GetString("RoundId") ?? string.Empty,
        row.GetString("Kind") ?? string.Empty,
        Enum.TryParse<MailRecipient>(row.GetString("Recipient"), out var recipient) ? recipient : MailRecipient.Ministry,
        row.GetString("RecipientCode"),
        row.GetString("SubjectId"),
        Enum.TryParse<DeliveryState>(row.GetString("State"), out var state) ? state : DeliveryState.Dead,
        row.GetInt32("Attempts") ?? 0,
        row.GetDateTimeOffset("QueuedAt") ?? DateTimeOffset.MinValue,
        null,
        row.GetDateTimeOffset("FinishedAt"),
        row.GetString("LastError"));
}
