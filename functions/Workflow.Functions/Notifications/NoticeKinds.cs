using Workflow.Domain.Appointments;
using Workflow.Functions.Appoint;
using Workflow.Functions.Publish;
using Workflow.Functions.Select;
using Workflow.Functions.Train;

namespace Workflow.Functions.Notifications;

/// <summary>The kinds of notice, by the constant each step writes, with the name people read.</summary>
public static class NoticeKinds
{
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Apply.SubmitApplication.ReceiptKind] = "応募の受付",
        [ScreenApplicationShard.ResultKind] = "書類選考の結果",
        [ConcludeSelectionShard.OutcomeKind] = "選定結果",
        [IssueCertificatesShard.CertifiedKind] = "研修の修了・修了証",
        [NotifyMunicipalitiesOfRoster.Kind] = "人材リストの掲載",
        [NotifyListedPeopleShard.Kind] = "人材リストへの掲載",
        [NotifyCandidateOfAppointment.Kind] = "任用の申込み",
        [RecordAppointmentAnswer.Kind] = "任用の申込みへの回答",
        [Apply.ApplicantAccessKeys.ReissueKind] = "アクセスキーの再発行",
        [SendReminders.TrainingKind] = "研修の前日のご案内",
        [SendReminders.AppointmentAnswerKind] = "任用の回答期限のお知らせ",
        [SendReminders.DeadlineKind] = "期限前のお知らせ",
        [Appoint.ContactNotices.RequestedKind] = "自治体からの連絡の申出",
        [Appoint.ContactNotices.AnsweredKind] = "連絡の申出への回答",
        [Appoint.ContactNotices.WithdrawnKind] = "連絡の申出の取り下げ",
    };

    /// <summary>
    /// The kind of a notice row: a notice about one appointment among several to the same person carries the
    /// appointment's id after the kind ("AppointmentRequested_R2026-…"), to keep one row per appointment.
    /// </summary>
    public static string Of(string rowKind)
    {
        var separator = rowKind.IndexOf('_', StringComparison.Ordinal);
        return separator < 0 ? rowKind : rowKind[..separator];
    }
}
