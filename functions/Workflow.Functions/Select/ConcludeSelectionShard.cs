using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Mail;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;

namespace Workflow.Functions.Select;

/// <param name="Withdrawn">Applications left out because their applicant withdrew before the outcome.</param>
public sealed record ShardSelectionResult(int Shard, int Applications, int Eligible, int Selected, int Withdrawn = 0);

/// <summary>
/// ④ 選定, second half: turns the panel's decisions into outcomes and tells every applicant of the shard. The
/// outcome is written only onto the row as read (a decision or withdrawal that lands first is read again and
/// honoured), and the notice is made from the outcome as written, so the two can never disagree.
/// An application that arrived as the window closed and was not yet screened is screened here.
/// </summary>
public sealed class ConcludeSelectionShard(ApplicationStore applications, NotificationStore notifications, Rounds.RoundStore rounds, Rounds.RoundStandards standards)
{
    public const string OutcomeKind = "SelectionOutcome";

    private sealed record Concluded(string ApplicationId, bool Eligible, SelectionOutcome Outcome);

    [Function(nameof(ConcludeSelectionShard))]
    public async Task<ShardSelectionResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        var round = await rounds.GetAsync(input.RoundId, cancellationToken) ?? throw new InvalidOperationException($"Round {input.RoundId} does not exist.");
        var standard = standards.PinnedBy(round);
        var results = await applications.UpdateShardAsync(input.RoundId, input.Shard, row =>
        {
            var lifecycle = row.Lifecycle;
            var screened = lifecycle.Screening;
            var screening = screened is null && !lifecycle.IsWithdrawn ? ScreenApplicationShard.Screen(row, standard) : null;
            if (lifecycle.Conclude(screened ?? screening, row.OutcomeReason) is not { } outcome)
            {
                return ((TableEntity?)null, (Concluded?)null);
            }

            TableEntity? change = null;
            if (!lifecycle.IsConcluded)
            {
                change = screening is null ? new TableEntity(row.PartitionKey, row.RowKey) : ScreenApplicationShard.ScreeningChange(row, screening);
                change[nameof(ApplicationEntity.Status)] = outcome.Status.ToString();
                change[nameof(ApplicationEntity.OutcomeReason)] = outcome.Reason;
                change[nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn(outcome.PerPersona);
            }

            return (change, new Concluded(row.RowKey, (screened ?? screening)!.Eligible, outcome));
        }, cancellationToken);

        var concluded = results.OfType<Concluded>().ToList();
        await notifications.UpsertAsync(concluded.Select(c => Notice(c.ApplicationId, c.Outcome, round.Schedule.TrainingSessions, input.At)), cancellationToken);
        return new ShardSelectionResult(input.Shard, concluded.Count, concluded.Count(c => c.Eligible),
            concluded.Count(c => c.Outcome.Status == ApplicationStatus.Selected), results.Count(r => r is null));
    }

    /// <summary>
    /// The notice says, per persona applied for, whether the person was selected as it and why; the selected learn the
    /// training's sessions with their dates.
    /// </summary>
    private static TableEntity Notice(string applicationId, SelectionOutcome outcome, IReadOnlyList<Domain.Rounds.TrainingSession> sessions, DateTimeOffset at)
    {
        var perPersona = string.Concat(outcome.PerPersona.Select(o =>
            $"\n・{SkillStandardCatalog.DisplayName(o.Persona)}：{ApplicationNames.Outcome(o.Selected)}（{o.Reason}）"));
        var text = outcome.Status == ApplicationStatus.Selected
            ? NoticeTexts.Selected(outcome.Reason, perPersona, sessions)
            : NoticeTexts.NotSelected(outcome.Reason, perPersona);
        return NotificationStore.ForApplicant(applicationId, OutcomeKind, text.Title, text.Body, at);
    }
}
