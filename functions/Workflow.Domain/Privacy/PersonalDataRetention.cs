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

/// <summary>
/// How long applicants' personal data is kept. The seed names no period; one year after the appointment window
/// closes leaves municipalities a year of questions about appointments made, and is a setting to confirm with the
/// ministry (docs/decisions/0004-identity-and-personal-data.md).
/// </summary>
public static class PersonalDataRetention
{
    public static readonly TimeSpan AfterAppointmentsClose = TimeSpan.FromDays(365);

    public static DateTimeOffset ErasableFrom(RoundSchedule schedule) => schedule.AppointmentClosesAt + AfterAppointmentsClose;

    /// <summary>An applicant may withdraw until the panel's outcome is decided: afterwards selection is a record of the round.</summary>
    public static bool MayWithdraw(RoundState state) => state <= RoundState.PanelReview;
}
