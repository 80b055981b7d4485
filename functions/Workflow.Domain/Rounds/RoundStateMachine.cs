namespace Workflow.Domain.Rounds;

/// <summary>The seed's steps in its order: ①委託 ②公募 ③応募 ④選定 ⑤研修 ⑥掲載・周知 ⑦任用.</summary>
public enum RoundStep
{
    Commission,
    Advertise,
    Apply,
    Select,
    Train,
    Publish,
    Appoint,
}

/// <summary>Where a round is. Several states can belong to one <see cref="RoundStep"/>.</summary>
public enum RoundState
{
    AwaitingCommissionAcceptance,
    CommissionOverdue,
    CommissionAccepted,
    CallPublished,
    AcceptingApplications,
    Screening,
    PanelReview,
    Training,
    Publishing,
    Appointing,
    Completed,
    Cancelled,
}

/// <summary>
/// Allowed transitions. A round moves one state at a time along the main line, so that no step of the seed is
/// skipped silently (e.g. training people nobody selected); the only detour is the overdue commission.
/// </summary>
public static class RoundStateMachine
{
    // The main line; CommissionOverdue and Cancelled are side states handled explicitly.
    private static readonly RoundState[] MainLine =
    [
        RoundState.AwaitingCommissionAcceptance,
        RoundState.CommissionAccepted,
        RoundState.CallPublished,
        RoundState.AcceptingApplications,
        RoundState.Screening,
        RoundState.PanelReview,
        RoundState.Training,
        RoundState.Publishing,
        RoundState.Appointing,
        RoundState.Completed,
    ];

    public static RoundStep StepOf(RoundState state) => state switch
    {
        RoundState.AwaitingCommissionAcceptance or RoundState.CommissionOverdue or RoundState.CommissionAccepted => RoundStep.Commission,
        RoundState.CallPublished => RoundStep.Advertise,
        RoundState.AcceptingApplications => RoundStep.Apply,
        RoundState.Screening or RoundState.PanelReview => RoundStep.Select,
        RoundState.Training => RoundStep.Train,
        RoundState.Publishing => RoundStep.Publish,
        RoundState.Appointing or RoundState.Completed => RoundStep.Appoint,
        RoundState.Cancelled => RoundStep.Commission,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown round state."),
    };

    public static bool IsFinal(RoundState state) => state is RoundState.Completed or RoundState.Cancelled;

    /// <summary>The next state on the main line, or null for final states and the overdue side state.</summary>
    public static RoundState? Next(RoundState state)
    {
        var index = Array.IndexOf(MainLine, state);
        return index >= 0 && index < MainLine.Length - 1 ? MainLine[index + 1] : null;
    }

    /// <summary>
    /// Same state: allowed, because orchestrations replay and must be able to re-apply a transition harmlessly.
    /// Otherwise: one step forward on the main line; AwaitingCommissionAcceptance → CommissionOverdue when the
    /// deadline passes; CommissionOverdue → AwaitingCommissionAcceptance (the ministry extends the deadline) or
    /// CommissionAccepted (accepted late); any non-final state → Cancelled.
    /// </summary>
    public static bool CanMove(RoundState from, RoundState to)
    {
        if (!Enum.IsDefined(from) || !Enum.IsDefined(to))
        {
            return false;
        }

        if (from == to)
        {
            return true;
        }

        if (IsFinal(from))
        {
            return false;
        }

        return to == RoundState.Cancelled
            || (from, to) switch
            {
                (RoundState.AwaitingCommissionAcceptance, RoundState.CommissionOverdue) => true,
                (RoundState.CommissionOverdue, RoundState.AwaitingCommissionAcceptance or RoundState.CommissionAccepted) => true,
                _ => Next(from) == to,
            };
    }

    public static string DisplayName(RoundStep step) => step switch
    {
        RoundStep.Commission => "委託",
        RoundStep.Advertise => "公募",
        RoundStep.Apply => "応募",
        RoundStep.Select => "選定",
        RoundStep.Train => "研修",
        RoundStep.Publish => "掲載・周知",
        RoundStep.Appoint => "任用",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown round step."),
    };

    public static string DisplayName(RoundState state) => state switch
    {
        RoundState.AwaitingCommissionAcceptance => "委託の受諾待ち",
        RoundState.CommissionOverdue => "委託の受諾期限超過",
        RoundState.CommissionAccepted => "委託受諾済み",
        RoundState.CallPublished => "公募開始",
        RoundState.AcceptingApplications => "応募受付中",
        RoundState.Screening => "スキル標準に基づく選定中",
        RoundState.PanelReview => "選定審査中",
        RoundState.Training => "研修中",
        RoundState.Publishing => "掲載・周知中",
        RoundState.Appointing => "任用手続中",
        RoundState.Completed => "完了",
        RoundState.Cancelled => "中止",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown round state."),
    };
}
