using Workflow.Domain.Appointments;
using Workflow.Domain.Mail;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Audit;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;

namespace Workflow.Functions.Appoint;

public sealed class NotifyCandidateOfAppointment(AppointmentStore appointments, NotificationStore notifications)
{
    public const string Kind = "AppointmentRequested";

    /// <returns>The appointment's status as stored: an answer may be recorded before the orchestration started.</returns>
    [Function(nameof(NotifyCandidateOfAppointment))]
    public async Task<AppointmentStatus> Run([ActivityTrigger] AppointmentInput input, CancellationToken cancellationToken)
    {
        var appointment = await appointments.GetAsync(input.AppointmentId, cancellationToken) ?? throw new InvalidOperationException($"Appointment {input.AppointmentId} does not exist.");
        var text = NoticeTexts.AppointmentRequested(appointment.MunicipalityName, appointment.RoleTitle, appointment.Terms, input.AnswerBy, appointment.AppointmentId,
            appointment.Shares);
        await notifications.UpsertAsync([NotificationStore.ForApplicant(appointment.CandidateId, $"{Kind}_{appointment.AppointmentId}", text.Title, text.Body, appointment.RequestedAt)],
            cancellationToken);
        return appointment.Status;
    }
}

/// <summary>Records the person's answer (or its absence) and tells the municipality and the ministry.</summary>
public sealed class RecordAppointmentAnswer(AppointmentStore appointments, NotificationStore notifications, BusinessLog log, AppointmentLimits limits)
{
    public const string Kind = "AppointmentAnswered";

    [Function(nameof(RecordAppointmentAnswer))]
    public async Task<AppointmentStatus> Run([ActivityTrigger] AppointmentAnswerInput input, CancellationToken cancellationToken)
    {
        // The answer endpoint recorded an acceptance or a refusal already; here the deadline is recorded, or an answer a
        // crash kept from being recorded, under the same limit.
        var appointment = (await appointments.RecordAnswerAsync(input.AppointmentId, input.Answer, input.At,
            await limits.MaxDaysPerWeekAsync(cancellationToken), cancellationToken)).Appointment;
        var (title, body) = appointment.Status switch
        {
            AppointmentStatus.Accepted => ("任用の申込みが承諾されました",
                $"申込番号 {appointment.AppointmentId}（{appointment.RoleTitle}）が承諾され、任用が記録されました。" +
                (appointment.Terms is { } terms ? $"任用の期間: {terms.TermText}（週{terms.DaysPerWeek}日、{AppointmentNames.DisplayName(terms.WorkStyle)}）。" : string.Empty) +
                (appointment.Measure is { } measure ? $"{measure.Summary}。" : appointment.WithinSpecialTaxMeasure ? "CIO補佐官等としての任用のため、特別交付税措置の対象です。" : string.Empty)),
            AppointmentStatus.Declined => ("任用の申込みが辞退されました", $"申込番号 {appointment.AppointmentId}（{appointment.RoleTitle}）は辞退されました。"),
            _ => ("任用の申込みの回答期限が過ぎました", $"申込番号 {appointment.AppointmentId}（{appointment.RoleTitle}）は期限までに回答がありませんでした。"),
        };
        var messages = new List<Azure.Data.Tables.TableEntity>
        {
            NotificationStore.ForMunicipality(appointment.MunicipalityCode, appointment.RoundId, Kind, appointment.AppointmentId, title, body, input.At),
        };
        if (appointment.Status == AppointmentStatus.Accepted)
        {
            // Each partner of a shared appointment is told too, with its own share and its own assessment of the measure.
            foreach (var partner in appointment.Partners)
            {
                messages.Add(NotificationStore.ForMunicipality(partner.MunicipalityCode, appointment.RoundId, Kind, appointment.AppointmentId, "共同で任用する申込みが承諾されました",
                    $"{appointment.MunicipalityName}が申し込み、貴団体が共同で任用する申込番号 {appointment.AppointmentId}（{appointment.RoleTitle}）が承諾され、任用が記録されました。" +
                    $"貴団体の負担割合: {partner.Percent}%（{AppointmentShares.Text(appointment.Shares!)}）。" +
                    (appointment.Terms is { } shared ? $"任用の期間: {shared.TermText}（週{shared.DaysPerWeek}日、{AppointmentNames.DisplayName(shared.WorkStyle)}）。" : string.Empty) +
                    $"{partner.Measure.Summary}。", input.At));
            }

            messages.Add(NotificationStore.ForMinistry(appointment.RoundId, Kind, appointment.AppointmentId,
                $"任用の記録（{appointment.MunicipalityName}）", body, input.At));
        }

        await notifications.UpsertAsync(messages, cancellationToken);
        await log.WriteAsync(appointment.RoundId, input.At, Actor.SystemLogName, BusinessLogActions.AppointmentAnswered, appointment.AppointmentId, appointment.Status.ToString(),
            idempotencyKey: "answer-" + appointment.AppointmentId, cancellationToken: cancellationToken);
        return appointment.Status;
    }
}

public sealed class CountAppointments(AppointmentStore appointments)
{
    [Function(nameof(CountAppointments))]
    public async Task<int> Run([ActivityTrigger] string roundId, CancellationToken cancellationToken) =>
        (await appointments.ListAsync(roundId, cancellationToken)).Count(a => a.Status == AppointmentStatus.Accepted);
}
