using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Mail;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Train;

public sealed record ShardCertificationResult(int Shard, int Trained, int Certified);

/// <summary>⑤ 研修: whoever attended every session completes and receives a 修了証.</summary>
public sealed class IssueCertificatesShard(ApplicationStore applications, CertificateStore certificates, NotificationStore notifications, RoundStore rounds)
{
    public const string CertifiedKind = "TrainingCompleted";

    /// <summary>Certificates issued at once by one shard's activity.</summary>
    public const int ConcurrentIssues = 8;

    private sealed record Trained(ApplicationEntity Row, ApplicationStatus Status);

    [Function(nameof(IssueCertificatesShard))]
    public async Task<ShardCertificationResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        var sessionCount = input.Parameter;
        var round = await rounds.GetAsync(input.RoundId, cancellationToken) ?? throw new InvalidOperationException($"Round {input.RoundId} does not exist.");

        // The result is written first, onto the row as read: attendance recorded meanwhile is read again. Certificates
        // and notices follow from what was written, and a re-run issues the same ones again.
        var results = await applications.UpdateShardAsync(input.RoundId, input.Shard, row =>
        {
            if (row.Lifecycle.Certify(TrainingCompletion.IsComplete(row.AttendedSessions(), sessionCount)) is not { } status)
            {
                return ((TableEntity?)null, (Trained?)null);
            }

            var change = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(ApplicationEntity.Status)] = status.ToString() };
            if (status == ApplicationStatus.Certified)
            {
                change[nameof(ApplicationEntity.CertificateId)] = CertificateStore.IdFor(row.RowKey);
            }

            var unchanged = row.Status == status.ToString() && (status != ApplicationStatus.Certified || row.CertificateId is not null);
            return (unchanged ? null : change, new Trained(row, status));
        }, cancellationToken);

        var trained = results.OfType<Trained>().ToList();
        var toIssue = trained.Where(t => t.Status == ApplicationStatus.Certified).Select(t => t.Row).ToList();

        // Each 修了証 is a read, a signature and a row of its own; a few at a time instead of one after another.
        await Parallel.ForEachAsync(toIssue, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentIssues, CancellationToken = cancellationToken },
            async (row, ct) => await certificates.IssueAsync(row, round, input.At, ct));
        Platform.CrashPoints.Reach(Platform.CrashPoints.CertificatesIssued);
        await notifications.UpsertAsync(trained.Select(t =>
        {
            var text = t.Status == ApplicationStatus.Certified
                ? NoticeTexts.Certified(round.Title, CertificateStore.IdFor(t.Row.RowKey), sessionCount)
                : NoticeTexts.NotCertified(round.Title, TrainingCompletion.MissingSessions(t.Row.AttendedSessions(), sessionCount));
            return NotificationStore.ForApplicant(t.Row.RowKey, CertifiedKind, text.Title, text.Body, input.At);
        }), cancellationToken);
        return new ShardCertificationResult(input.Shard, trained.Count, toIssue.Count);
    }
}
