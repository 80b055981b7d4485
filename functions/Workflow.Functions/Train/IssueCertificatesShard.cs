using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Train;

public sealed record ShardCertificationResult(int Shard, int Trained, int Certified);

/// <summary>⑤ 研修: whoever attended every session completes and receives a 修了証.</summary>
public sealed class IssueCertificatesShard(ApplicationStore applications, CertificateStore certificates, NotificationStore notifications, RoundStore rounds)
{
    public const string CertifiedKind = "TrainingCompleted";

    /// <summary>Certificates issued at once by one shard's activity.</summary>
    public const int ConcurrentIssues = 8;

    [Function(nameof(IssueCertificatesShard))]
    public async Task<ShardCertificationResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        var sessionCount = input.Parameter;
        var round = await rounds.GetAsync(input.RoundId, cancellationToken) ?? throw new InvalidOperationException($"Round {input.RoundId} does not exist.");
        var rows = await applications.ReadShardAsync(input.RoundId, input.Shard, cancellationToken);
        var changes = new List<TableEntity>();
        var messages = new List<TableEntity>();
        var toIssue = new List<ApplicationEntity>();
        int trained = 0, certified = 0;
        foreach (var row in rows.Where(r => r.Status is nameof(ApplicationStatus.Selected) or nameof(ApplicationStatus.Certified) or nameof(ApplicationStatus.NotCertified)))
        {
            trained++;
            if (!TrainingCompletion.IsComplete(row.AttendedSessions(), sessionCount))
            {
                changes.Add(new TableEntity(row.PartitionKey, row.RowKey) { [nameof(ApplicationEntity.Status)] = nameof(ApplicationStatus.NotCertified) });
                messages.Add(NotificationStore.ForApplicant(row.RowKey, CertifiedKind, "研修の受講結果のお知らせ",
                    "全ての回に出席した記録がないため、研修は修了となりませんでした。", input.At));
                continue;
            }

            var certificateId = CertificateStore.IdFor(row.RowKey);
            toIssue.Add(row);
            certified++;
            changes.Add(new TableEntity(row.PartitionKey, row.RowKey)
            {
                [nameof(ApplicationEntity.Status)] = nameof(ApplicationStatus.Certified),
                [nameof(ApplicationEntity.CertificateId)] = certificateId,
            });
            messages.Add(NotificationStore.ForApplicant(row.RowKey, CertifiedKind, "研修修了・修了証交付のお知らせ",
                $"研修の全課程を修了しました。修了証番号: {certificateId}", input.At));
        }

        // Each 修了証 is a blob and a row of its own (two round trips); a few at a time instead of one after another.
        await Parallel.ForEachAsync(toIssue, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentIssues, CancellationToken = cancellationToken },
            async (row, ct) => await certificates.IssueAsync(row, round.Title, input.At, ct));
        Platform.CrashPoints.Reach(Platform.CrashPoints.CertificatesIssued);
        await applications.MergeAsync(changes, cancellationToken);
        await notifications.UpsertAsync(messages, cancellationToken);
        return new ShardCertificationResult(input.Shard, trained, certified);
    }
}
