namespace Workflow.Domain.Applications;

/// <summary>
/// The Japanese names of an application's status and of the panel's decision: the one definition every page, notice
/// and the staff pages' labels read, so a status cannot be called two things.
/// </summary>
public static class ApplicationNames
{
    /// <summary>Shown where no decision has been recorded yet.</summary>
    public const string NoDecision = "未決定";

    /// <summary>The short name staff read in lists and filters.</summary>
    public static string DisplayName(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "受付済み",
        ApplicationStatus.Eligible => "書類選考通過",
        ApplicationStatus.Ineligible => "要件を満たさない",
        ApplicationStatus.Selected => "選定",
        ApplicationStatus.NotSelected => "選定されず",
        ApplicationStatus.Certified => "研修修了",
        ApplicationStatus.NotCertified => "研修未修了",
        ApplicationStatus.Withdrawn => "取り下げ（削除処理中）",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown application status."),
    };

    /// <summary>
    /// What the applicant reads on the status page: the status with what happens next, because an applicant has
    /// no list around it that explains the step.
    /// </summary>
    public static string ForApplicant(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "受付済み（選考前）",
        ApplicationStatus.Eligible => "書類選考通過（選定委員会で審査中）",
        ApplicationStatus.Ineligible => "書類選考の要件を満たしていません（結果通知待ち）",
        ApplicationStatus.Selected => "選定（研修受講中）",
        ApplicationStatus.NotSelected => "選定されませんでした",
        ApplicationStatus.Certified => "研修修了（修了証交付済み）",
        ApplicationStatus.NotCertified => "研修未修了",
        ApplicationStatus.Withdrawn => "取り下げ済み（個人情報の削除処理中）",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown application status."),
    };

    /// <summary>The panel's choice as the reviewer makes it and as it is shown once recorded.</summary>
    public static string DisplayName(PanelDecision decision) => decision switch
    {
        PanelDecision.Selected => "選定する",
        PanelDecision.NotSelected => "選定しない",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown panel decision."),
    };

    /// <summary>The outcome for one persona, as the applicant's notice and status page name it.</summary>
    public static string Outcome(bool selected) => DisplayName(selected ? ApplicationStatus.Selected : ApplicationStatus.NotSelected);
}
