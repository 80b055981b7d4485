using Workflow.Domain.Appointments;
using Azure;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Workflow.Domain.Mail;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Configuration;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Notifications;

/// <summary>
/// Reminders before what people must attend or do, as notices (and so as mail): each trainee the day before each
/// training session; a person who has not answered a municipality's request, and that municipality, the day before its
/// deadline; the ministry, the day before an operator's acceptance or the panel's work falls due while it still waits.
/// </summary>
/// <remarks>
/// Each reminder is marked done in the Reminders table (round, reminder) after its notices are written: a later run
/// skips it without reading anything, and a run that died between the two writes the same notices again, which are
/// keyed by the reminder and so the same rows and the same mails. A deadline that is moved gets a reminder of its own.
/// </remarks>
public sealed class SendReminders(
    RoundStore rounds,
    ApplicationStore applications,
    AppointmentStore appointments,
    NotificationStore notifications,
    WorkflowStorage storage,
    TimeProvider clock,
    ILogger<SendReminders> logger)
{
    public const string TrainingKind = "TrainingReminder";
    public const string AppointmentAnswerKind = "AppointmentAnswerReminder";
    public const string DeadlineKind = "DeadlineReminder";

    /// <summary>How long before a session or a deadline its reminder goes out.</summary>
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    [Function(nameof(SendReminders))]
    public async Task Run([TimerTrigger("%" + SettingNames.ReminderSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var sent = await RemindAsync(clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Sent {Count} reminders", sent);
    }

    /// <summary>Every reminder due at <paramref name="now"/> and not yet sent; the number of notices written.</summary>
    public async Task<int> RemindAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var written = 0;
        foreach (var round in await rounds.ListAsync(cancellationToken))
        {
            // One round that cannot be reminded about now is at the next run; the others go on.
            try
            {
                written += await RemindAboutAsync(round, now, cancellationToken);
            }
            catch (RequestFailedException e)
            {
                logger.LogWarning(e, "Could not send the reminders of round {RoundId}", round.RoundId);
            }
        }

        return written;
    }

    private static bool Due(DateTimeOffset at, DateTimeOffset now) => at > now && at - now <= Ahead;

    private async Task<int> RemindAboutAsync(RoundRecord round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var written = 0;
        var schedule = round.Schedule;
        switch (round.Lifecycle.State)
        {
            case RoundState.AwaitingCommissionAcceptance when Due(schedule.AcceptCommissionBy, now):
                written += await OnceAsync(round.RoundId, $"deadline-commission-{schedule.AcceptCommissionBy.UtcTicks}", () =>
                    Ministry(round, "委託の受諾", "受託事業者", schedule.AcceptCommissionBy, "commission", now), cancellationToken);
                break;
            case RoundState.PanelReview when round.Lifecycle.Closing is null && Due(schedule.SelectionDeadline, now):
                written += await OnceAsync(round.RoundId, $"deadline-panel-{schedule.SelectionDeadline.UtcTicks}", () =>
                    Ministry(round, "選定", "受託事業者と選定委員", schedule.SelectionDeadline, "panel", now), cancellationToken);
                break;
            case RoundState.Training:
                foreach (var session in schedule.TrainingSessions.Where(s => Due(s.StartsAt, now)))
                {
                    written += await OnceAsync(round.RoundId, $"training-{session.Number}-{session.StartsAt.UtcTicks}", async () =>
                    {
                        var text = NoticeTexts.TrainingReminder(round.Title, session);
                        return (await TraineesAsync(round.RoundId, cancellationToken))
                            .Select(id => NotificationStore.ForApplicant(id, $"{TrainingKind}_{session.Number}", text.Title, text.Body, now)).ToList();
                    }, cancellationToken);
                }

                break;
            case RoundState.Appointing:
                foreach (var appointment in (await appointments.ListAsync(round.RoundId, cancellationToken))
                             .Where(a => a.Status == AppointmentStatus.Requested && Due(a.AnswerBy, now)))
                {
                    written += await OnceAsync(round.RoundId, $"appointment-{appointment.AppointmentId}", () =>
                    {
                        // The person who has to answer, and the municipality whose request it is (by the person's id only).
                        var toPerson = NoticeTexts.AppointmentAnswerReminder(appointment.MunicipalityName, appointment.RoleTitle, appointment.AnswerBy);
                        var toMunicipality = NoticeTexts.PendingRequestReminder(appointment.CandidateId, appointment.RoleTitle, appointment.AnswerBy);
                        return Task.FromResult<IReadOnlyList<TableEntity>>(
                        [
                            NotificationStore.ForApplicant(appointment.CandidateId, $"{AppointmentAnswerKind}_{appointment.AppointmentId}", toPerson.Title, toPerson.Body, now),
                            NotificationStore.ForMunicipality(appointment.MunicipalityCode, round.RoundId, AppointmentAnswerKind, appointment.AppointmentId, toMunicipality.Title, toMunicipality.Body, now),
                        ]);
                    }, cancellationToken);
                }

                break;
        }

        return written;
    }

    private static Task<IReadOnlyList<TableEntity>> Ministry(RoundRecord round, string what, string who, DateTimeOffset deadline, string step, DateTimeOffset now)
    {
        var text = NoticeTexts.DeadlineReminder(round.Title, what, who, deadline);
        return Task.FromResult<IReadOnlyList<TableEntity>>(
            [NotificationStore.ForMinistry(round.RoundId, DeadlineKind, $"{step}-{deadline.UtcTicks}", text.Title, text.Body, now)]);
    }

    /// <summary>Those selected for the training who have not withdrawn: whom a session waits for.</summary>
    private async Task<List<string>> TraineesAsync(string roundId, CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, ApplicationShards.Count).Select(shard => applications.ReadShardAsync(roundId, shard, cancellationToken)));
        return shards.SelectMany(rows => rows)
            .Where(row => row.Status == nameof(ApplicationStatus.Selected))
            .Select(row => row.RowKey)
            .ToList();
    }

    /// <summary>Writes a reminder's notices unless it was marked done, then marks it.</summary>
    private async Task<int> OnceAsync(string roundId, string reminder, Func<Task<IReadOnlyList<TableEntity>>> notices, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Tables.Reminders);
        if (await TableBatches.GetOrDefaultAsync<TableEntity>(table, roundId, reminder, cancellationToken) is not null)
        {
            return 0;
        }

        var written = await notices();
        await notifications.UpsertAsync(written, cancellationToken);
        try
        {
            await table.AddEntityAsync(new TableEntity(roundId, reminder) { ["Notices"] = written.Count }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another host sent it at the same moment: the same rows, so nothing more to do.
        }

        return written.Count;
    }
}
