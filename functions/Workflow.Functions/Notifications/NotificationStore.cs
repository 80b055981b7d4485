using Azure.Data.Tables;
using Workflow.Domain.Mail;
using Workflow.Functions.Apply;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Notifications;

/// <summary>A message for one recipient: listed on their page, and mailed to them through the outbox.</summary>
public sealed record Notification(string Id, string RoundId, string Kind, string Title, string Body, DateTimeOffset CreatedAt, string? SubjectId);

/// <summary>
/// Notifications, partitioned by recipient group so that an activity can write a shard's notifications in
/// batches. Row keys are derived from what the notification is about, so a re-run overwrites, never duplicates.
/// Every notification also queues its mail (<see cref="OutboxStore"/>), keyed by the same identity, after the
/// notification itself is stored: an activity that stops in between writes both again when it is retried.
/// </summary>
public sealed class NotificationStore(WorkflowStorage storage)
{
    private readonly OutboxStore _outbox = new(storage);

    public static string ApplicantPartition(string roundId, int shard) => $"applicant_{roundId}_{shard:D2}";

    public static string MunicipalityPartition(string code) => $"municipality_{code}";

    public const string MinistryPartition = "ministry";

    public static TableEntity ForApplicant(string applicationId, string kind, string title, string body, DateTimeOffset at)
    {
        ApplicationIds.TryParse(applicationId, out var roundId, out var shard);
        return Entity(ApplicantPartition(roundId, shard), $"{applicationId}_{kind}", roundId, kind, title, body, at, applicationId);
    }

    public static TableEntity ForMunicipality(string code, string roundId, string kind, string? subjectId, string title, string body, DateTimeOffset at) =>
        Entity(MunicipalityPartition(code), $"{roundId}_{kind}_{subjectId}", roundId, kind, title, body, at, subjectId);

    public static TableEntity ForMinistry(string roundId, string kind, string? subjectId, string title, string body, DateTimeOffset at) =>
        Entity(MinistryPartition, $"{roundId}_{kind}_{subjectId}", roundId, kind, title, body, at, subjectId);

    public async Task UpsertAsync(IEnumerable<TableEntity> notifications, CancellationToken cancellationToken = default)
    {
        var rows = notifications.ToList();
        var table = await storage.TableAsync(Tables.Notifications);
        await TableBatches.SubmitAsync(table, rows.Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace, n)), cancellationToken);
        foreach (var createdAt in rows.GroupBy(r => r.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch))
        {
            await _outbox.EnqueueAsync(createdAt, createdAt.Key, cancellationToken);
        }
    }

    /// <summary>An application's receipt: the notice, and its mail with the access key (<see cref="OutboxStore.EnqueueReceiptAsync"/>).</summary>
    public async Task UpsertReceiptAsync(TableEntity notice, string accessKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Notifications);
        await table.UpsertEntityAsync(notice, TableUpdateMode.Replace, cancellationToken);
        await _outbox.EnqueueReceiptAsync(notice, notice.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch, accessKey, cancellationToken);
    }

    /// <summary>One notification as stored, for the mail that carries it; null once erased.</summary>
    public async Task<Notice?> NoticeAsync(string partition, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Notifications);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, partition, rowKey, cancellationToken);
        return row is null ? null : new Notice(row.GetString("Kind") ?? string.Empty, row.GetString("Title") ?? string.Empty,
            row.GetString("Body") ?? string.Empty, row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
    }

    public async Task<IReadOnlyList<Notification>> ForApplicantAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        if (!ApplicationIds.TryParse(applicationId, out var roundId, out var shard))
        {
            return [];
        }

        var table = await storage.TableAsync(Tables.Notifications);
        var from = applicationId + "_";
        var to = applicationId + "`";
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table,
            TableClient.CreateQueryFilter($"PartitionKey eq {ApplicantPartition(roundId, shard)} and RowKey ge {from} and RowKey lt {to}"), cancellationToken: cancellationToken);
        return rows.Select(ToNotification).OrderBy(n => n.CreatedAt).ToList();
    }

    public async Task<(IReadOnlyList<Notification> Items, string? Continuation)> ForPartitionAsync(string partition, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Notifications);
        await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: pageSize, cancellationToken: cancellationToken)
                           .AsPages(continuation, pageSize))
        {
            return (page.Values.Select(ToNotification).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    private static TableEntity Entity(string partition, string rowKey, string roundId, string kind, string title, string body, DateTimeOffset at, string? subjectId) =>
        new(partition, rowKey)
        {
            ["RoundId"] = roundId,
            ["Kind"] = kind,
            ["Title"] = title,
            ["Body"] = body,
            ["CreatedAt"] = at,
            ["SubjectId"] = subjectId,
        };

    private static Notification ToNotification(TableEntity e) => new(
        e.RowKey,
        e.GetString("RoundId") ?? string.Empty,
        e.GetString("Kind") ?? string.Empty,
        e.GetString("Title") ?? string.Empty,
        e.GetString("Body") ?? string.Empty,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetString("SubjectId"));
}
