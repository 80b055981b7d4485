using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Select;

public sealed record ShardSelectionResult(int Shard, int Applications, int Eligible, int Selected);

/// <summary>
/// ④ 選定, second half: turns the panel's decisions into outcomes and tells every applicant of the shard.
/// An application that arrived as the window closed and was not yet screened is screened here.
/// </summary>
public sealed class ConcludeSelectionShard(ApplicationStore applications, NotificationStore notifications)
{
    public const string OutcomeKind = "SelectionOutcome";

    [Function(nameof(ConcludeSelectionShard))]
    public async Task<ShardSelectionResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        var rows = await applications.ReadShardAsync(input.RoundId, input.Shard, cancellationToken);
        var changes = new List<TableEntity>(rows.Count);
        var messages = new List<TableEntity>(rows.Count);
        int eligible = 0, selected = 0;
        foreach (var row in rows)
        {
            var screening = row.Eligible is null ? ScreenApplicationShard.Screen(row) : null;
            var isEligible = row.Eligible ?? screening!.Eligible;
            var (status, reason) = Outcome(row, isEligible);
            eligible += isEligible ? 1 : 0;
            selected += status == ApplicationStatus.Selected ? 1 : 0;
            var change = screening is null ? new TableEntity(row.PartitionKey, row.RowKey) : ScreenApplicationShard.ScreeningChange(row, screening);
            change[nameof(ApplicationEntity.Status)] = status.ToString();
            change[nameof(ApplicationEntity.OutcomeReason)] = reason;
            changes.Add(change);
            messages.Add(status == ApplicationStatus.Selected
                ? NotificationStore.ForApplicant(row.RowKey, OutcomeKind, "選定結果のお知らせ（選定）",
                    $"自治体DX外部人材として選定されました。今後、研修（全{Curriculum.MinSessions}〜{Curriculum.MaxSessions}回、オンライン）のご案内をお送りします。", input.At)
                : NotificationStore.ForApplicant(row.RowKey, OutcomeKind, "選定結果のお知らせ",
                    $"今回は選定に至りませんでした。理由: {reason}", input.At));
        }

        await applications.MergeAsync(changes, cancellationToken);
        await notifications.UpsertAsync(messages, cancellationToken);
        return new ShardSelectionResult(input.Shard, rows.Count, eligible, selected);
    }

    private static (ApplicationStatus Status, string Reason) Outcome(ApplicationEntity row, bool eligible)
    {
        if (row.Status is nameof(ApplicationStatus.Selected) or nameof(ApplicationStatus.NotSelected))
        {
            return (Enum.Parse<ApplicationStatus>(row.Status), row.OutcomeReason ?? string.Empty);
        }

        if (!eligible)
        {
            return (ApplicationStatus.NotSelected, "スキル標準に基づく要件（望ましいスキルレベル・資格、望ましい経験）を満たしていませんでした。");
        }

        return row.Decision switch
        {
            nameof(PanelDecision.Selected) => (ApplicationStatus.Selected, row.DecisionReason ?? "選定委員会で選定されました。"),
            nameof(PanelDecision.NotSelected) => (ApplicationStatus.NotSelected, row.DecisionReason ?? "選定委員会で選定されませんでした。"),
            _ => (ApplicationStatus.NotSelected, "選定期限までに選定委員会の決定がありませんでした。"),
        };
    }
}
