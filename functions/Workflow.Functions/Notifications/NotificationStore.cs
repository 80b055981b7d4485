using Azure.Data.Tables;
using Workflow.Functions.Apply;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Notifications;

/// <summary>A message for one recipient. E-mail delivery is a later concern; recipients list these over HTTP.</summary>
public sealed record Notification(string Id, string RoundId, string Kind, string Title, string Body, DateTimeOffset CreatedAt, string? SubjectId);

/// <summary>
/// Notifications, partitioned by recipient group so that an activity can write a shard's notifications in
/// batches. Row keys are derived from what the notification is about, so a re-run overwrites, never duplicates.
/// </summary>
public sealed class NotificationStore(WorkflowStorage storage)
{
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
        var table = await storage.TableAsync(Tables.Notifications);
        await TableBatches.SubmitAsync(table, notifications.Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace, n)), cancellationToken);
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
