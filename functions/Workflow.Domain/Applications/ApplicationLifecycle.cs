namespace Workflow.Domain.Applications;

/// <summary>Where one application is, from submission to the training's result.</summary>
public enum ApplicationStatus { Submitted, Eligible, Ineligible, Selected, NotSelected, Certified, NotCertified, Withdrawn }

public enum PanelDecision { Selected, NotSelected }

/// <summary>A transition that is not allowed now, with the reason shown to the person who asked (Japanese).</summary>
public sealed record ApplicationRefusal(string Title, string? Detail = null);

/// <summary>The outcome of the selection as told to the applicant: stored and notified from this one value.</summary>
public sealed record SelectionOutcome(ApplicationStatus Status, string Reason);

/// <summary>
/// One application's lifecycle: which transition is allowed from which state. Stores load it, ask it, and write
/// its answer conditionally on what they read, so a transition decided on a stale row never lands.
/// Submitted → Eligible | Ineligible (screening) → Selected | NotSelected (conclusion) → Certified | NotCertified
/// (training); Withdrawn from any state before the outcome.
/// </summary>
public sealed record ApplicationLifecycle(ApplicationStatus Status, bool? Eligible, PanelDecision? Decision, string? DecisionReason)
{
    public const string IneligibleReason = "スキル標準に基づく要件（望ましいスキルレベル・資格、望ましい経験）を満たしていませんでした。";
    public const string NoDecisionReason = "選定期限までに選定委員会の決定がありませんでした。";
    public const string SelectedByPanel = "選定委員会で選定されました。";
    public const string NotSelectedByPanel = "選定委員会で選定されませんでした。";

    public bool IsConcluded => Status is ApplicationStatus.Selected or ApplicationStatus.NotSelected
        or ApplicationStatus.Certified or ApplicationStatus.NotCertified;

    public bool IsWithdrawn => Status == ApplicationStatus.Withdrawn;

    /// <summary>The status screening gives, or null when screening must not touch it (concluded or withdrawn).</summary>
    public ApplicationStatus? Screen(bool eligible) =>
        IsConcluded || IsWithdrawn ? null : eligible ? ApplicationStatus.Eligible : ApplicationStatus.Ineligible;

    public ApplicationRefusal? RefuseDecision()
    {
        if (IsWithdrawn)
        {
            return new ApplicationRefusal("この応募は取り下げられました。");
        }

        if (IsConcluded)
        {
            return new ApplicationRefusal("この応募の選定結果は既に確定し、通知されています。", "確定後に決定を変更することはできません。");
        }

        return Eligible == true ? null : new ApplicationRefusal("この応募は書類選考の要件を満たしていないため、決定を記録できません。");
    }

    /// <summary>
    /// The outcome the conclusion records and tells: the stored one if already concluded, null for a withdrawal
    /// (nobody to tell), otherwise from screening and the panel's decision.
    /// </summary>
    public SelectionOutcome? Conclude(bool eligible, string? storedReason)
    {
        if (IsWithdrawn)
        {
            return null;
        }

        if (IsConcluded)
        {
            return new SelectionOutcome(Status, storedReason ?? string.Empty);
        }

        if (!eligible)
        {
            return new SelectionOutcome(ApplicationStatus.NotSelected, IneligibleReason);
        }

        return Decision switch
        {
            PanelDecision.Selected => new SelectionOutcome(ApplicationStatus.Selected, DecisionReason ?? SelectedByPanel),
            PanelDecision.NotSelected => new SelectionOutcome(ApplicationStatus.NotSelected, DecisionReason ?? NotSelectedByPanel),
            _ => new SelectionOutcome(ApplicationStatus.NotSelected, NoDecisionReason),
        };
    }

    public ApplicationRefusal? RefuseWithdrawal() => IsWithdrawn ? null
        : IsConcluded ? new ApplicationRefusal("選定結果の確定後は取り下げできません。", "個人情報の削除は総務省にお問い合わせください。")
        : null;

    public ApplicationRefusal? RefuseAttendance() =>
        Status == ApplicationStatus.Selected ? null : new ApplicationRefusal("研修の対象者（選定された人）ではありません。");

    /// <summary>The training's result for someone selected, or null for anyone else (not trained by this round).</summary>
    public ApplicationStatus? Certify(bool attendedEverySession) =>
        Status is ApplicationStatus.Selected or ApplicationStatus.Certified or ApplicationStatus.NotCertified
            ? attendedEverySession ? ApplicationStatus.Certified : ApplicationStatus.NotCertified
            : null;
}
