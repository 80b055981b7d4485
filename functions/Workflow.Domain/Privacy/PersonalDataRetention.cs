using Workflow.Domain.Rounds;

namespace Workflow.Domain.Privacy;

/// <summary>Why an applicant's personal data was erased; a code, so the tombstone never holds free text about a person.</summary>
public enum ErasureReason
{
    /// <summary>The applicant withdrew before the selection's outcome (応募の取り下げ).</summary>
    WithdrawnByApplicant,

    /// <summary>The retention period ended and the ministry ordered erasure (保存期間満了).</summary>
    RetentionPeriodEnded,
}

/// <summary>The Japanese names of the erasure reasons, for the auditor's pages and exports.</summary>
public static class ErasureNames
{
    public static string DisplayName(ErasureReason reason) => reason switch
    {
        ErasureReason.WithdrawnByApplicant => "応募の取り下げ",
        ErasureReason.RetentionPeriodEnded => "保存期間の満了",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown erasure reason."),
    };
}

/// <summary>
/// How long applicants' personal data is kept. The seed names no period; by default one year after appointments
/// end (the window's date, or the round's completion if the ministry closed it earlier), which leaves
/// municipalities a year of questions about appointments made. The period is a setting to confirm with the
/// ministry (docs/decisions/0004-identity-and-personal-data.md).
/// </summary>
public static class PersonalDataRetention
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(365);

    public static DateTimeOffset ErasableFrom(RoundSchedule schedule, DateTimeOffset? completedAt, TimeSpan period)
    {
        var appointmentsEnded = completedAt is { } completed && completed < schedule.AppointmentClosesAt ? completed : schedule.AppointmentClosesAt;
        return appointmentsEnded + period;
    }
}
