namespace Workflow.Domain.Rounds;

/// <summary>What can end a waiting state of a round: a person's command, or its deadline passing.</summary>
public enum RoundCommand
{
    AcceptCommission,
    ExtendCommission,
    CancelRound,
    PublishCall,
    CloseApplicationWindow,
    FinalizeSelection,
    FinalizeTraining,
    CloseRound,
    DeadlinePassed,
}

/// <summary>
/// What ended the round's current state, recorded once per visit of that state. It is the fence every later action
/// is checked against: once a panel's work is finalized (by the operator or by its deadline), no decision is taken.
/// </summary>
public sealed record RoundClosing(RoundCommand Command, string By, DateTimeOffset At, string? CommandId, DateTimeOffset? NewDeadline = null);

/// <summary>A step whose work failed past its retries: the round waits for the ministry to try again.</summary>
public sealed record RoundStall(RoundStep Step, string Activity, DateTimeOffset Since);

/// <summary>Why a command was not recorded: a conflict with the round's state, or a bad value (with its field).</summary>
public sealed record RoundRefusal(string Title, string? Detail = null, string? Field = null)
{
    public bool IsInvalidInput => Field is not null;
}

/// <summary>A visit of a state that a closing ended: which state, its version, and what closed it.</summary>
public sealed record ClosedVisit(RoundState State, int StateVersion, RoundClosing Closing);

/// <summary>
/// The answer to a command: recorded now, recorded before under the same command id, or refused. <paramref name="Visit"/>
/// names the visit the command closed (now or before); null when refused.
/// </summary>
public sealed record RoundCommandDecision(RoundLifecycle Round, RoundRefusal? Refusal, bool Repeated, ClosedVisit? Visit = null)
{
    public bool Recorded => Refusal is null && !Repeated;
}

/// <summary>
/// A round's lifecycle as the orchestration and every person act on it: the state the orchestration reached, what
/// closed that state (if anything has yet), how often the commission was extended and whether a step is stalled.
/// The orchestration alone moves the state; people's commands only close the current state, once, and the
/// orchestration then moves on according to what was recorded, never according to which message arrived first.
/// </summary>
public sealed record RoundLifecycle(RoundState State, int StateVersion, RoundClosing? Closing, int CommissionExtensions, RoundStall? Stall)
{
    /// <summary>
    /// The visits the orchestration has moved past that a closing ended, oldest first. A click that arrives after the
    /// round moved on (a double click, a retry) is then answered by what it repeats, not by the state it finds.
    /// </summary>
    public IReadOnlyList<ClosedVisit> EarlierVisits { get; init; } = [];

    /// <summary>How often the ministry may extend the acceptance deadline; afterwards it accepts late or cancels.</summary>
    public const int MaxCommissionExtensions = 10;

    public static RoundLifecycle New() => new(RoundState.AwaitingCommissionAcceptance, 0, null, 0, null);

    /// <summary>The commands that may close <paramref name="state"/>.</summary>
    public static IReadOnlyList<RoundCommand> CommandsIn(RoundState state) => state switch
    {
        RoundState.AwaitingCommissionAcceptance => [RoundCommand.AcceptCommission],
        RoundState.CommissionOverdue => [RoundCommand.AcceptCommission, RoundCommand.ExtendCommission, RoundCommand.CancelRound],
        RoundState.CommissionAccepted => [RoundCommand.PublishCall],
        RoundState.AcceptingApplications => [RoundCommand.CloseApplicationWindow],
        RoundState.PanelReview => [RoundCommand.FinalizeSelection],
        RoundState.Training => [RoundCommand.FinalizeTraining],
        RoundState.Appointing => [RoundCommand.CloseRound],
        _ => [],
    };

    /// <summary>States a passing deadline closes; the call's publication and an overdue commission wait for a person.</summary>
    public static bool DeadlineCloses(RoundState state) => state is RoundState.AwaitingCommissionAcceptance
        or RoundState.AcceptingApplications or RoundState.PanelReview or RoundState.Training or RoundState.Appointing;

    public bool IsOpen => Closing is null && !RoundStateMachine.IsFinal(State);

    public bool AcceptsApplications => State == RoundState.AcceptingApplications && Closing is null;

    public bool AcceptsPanelDecisions => State == RoundState.PanelReview && Closing is null;

    public bool AcceptsAttendance => State == RoundState.Training && Closing is null;

    public bool AcceptsAppointmentRequests => State == RoundState.Appointing && Closing is null;

    /// <summary>The operator may (re)name the selection panel from the commission until the panel's work is closed.</summary>
    public bool AcceptsPanelAssignment => State is RoundState.AwaitingCommissionAcceptance or RoundState.CommissionOverdue or RoundState.CommissionAccepted
        or RoundState.CallPublished or RoundState.AcceptingApplications or RoundState.Screening
        || (State == RoundState.PanelReview && Closing is null);

    /// <summary>An applicant may withdraw until the panel's work is closed; outcomes already told stay as told.</summary>
    public bool AcceptsWithdrawals => State is RoundState.CallPublished or RoundState.AcceptingApplications or RoundState.Screening
        || (State == RoundState.PanelReview && Closing is null);

    /// <summary>
    /// Decides a person's command against this lifecycle. <paramref name="latestDeadline"/> bounds an extension (the
    /// call cannot be accepted after applications open).
    /// </summary>
    public RoundCommandDecision Decide(RoundCommand command, string by, DateTimeOffset at, string? commandId,
        DateTimeOffset? newDeadline = null, DateTimeOffset? latestDeadline = null)
    {
        if (command == RoundCommand.DeadlinePassed)
        {
            throw new ArgumentException("A deadline is recorded with CloseByDeadline, not as a person's command.", nameof(command));
        }

        if (commandId is not null
            && EarlierVisits.LastOrDefault(v => v.Closing.CommandId == commandId && v.Closing.Command == command) is { } repeatedVisit)
        {
            return new RoundCommandDecision(this, null, true, repeatedVisit);
        }

        if (Closing is { } closing)
        {
            if (commandId is not null && closing.CommandId == commandId && closing.Command == command)
            {
                return new RoundCommandDecision(this, null, true, new ClosedVisit(State, StateVersion, closing));
            }

            return Refuse(closing.Command == command
                ? new RoundRefusal($"この操作は既に記録されています（{DisplayName(command)}）。", $"{JapaneseAt(closing.At)} に記録済みです。")
                : new RoundRefusal("現在の段階は既に終了しています。", $"{DisplayName(closing.Command)}により締め切られました。"));
        }

        if (!CommandsIn(State).Contains(command))
        {
            if (EarlierVisits.LastOrDefault(v => v.Closing.Command == command) is { } earlier)
            {
                return Refuse(new RoundRefusal($"この操作は既に記録されています（{DisplayName(command)}）。", $"{JapaneseAt(earlier.Closing.At)} に記録済みです。"));
            }

            return Refuse(new RoundRefusal("現在の段階ではこの操作はできません。",
                $"現在の状態: {RoundStateMachine.DisplayName(State)}（{RoundStateMachine.DisplayName(RoundStateMachine.StepOf(State))}）"));
        }

        if (command == RoundCommand.ExtendCommission)
        {
            if (newDeadline is not { } deadline)
            {
                return Refuse(new RoundRefusal("新しい受諾期限を入力してください。", Field: "acceptCommissionBy"));
            }

            if (deadline <= at)
            {
                return Refuse(new RoundRefusal("新しい受諾期限は現在より後の日時にしてください。", Field: "acceptCommissionBy"));
            }

            if (latestDeadline is { } latest && deadline >= latest)
            {
                return Refuse(new RoundRefusal("新しい受諾期限は応募受付の開始より前の日時にしてください。", Field: "acceptCommissionBy"));
            }

            if (CommissionExtensions >= MaxCommissionExtensions)
            {
                return Refuse(new RoundRefusal($"受諾期限の延長は{MaxCommissionExtensions}回までです。",
                    "受託事業者の受諾を待つか、公募ラウンドを中止してください。"));
            }

            return Record(this with
            {
                Closing = new RoundClosing(command, by, at, commandId, deadline),
                CommissionExtensions = CommissionExtensions + 1,
            });
        }

        return Record(this with { Closing = new RoundClosing(command, by, at, commandId) });
    }

    /// <summary>The deadline of the current state passed: it closes the state unless a person's command did first.</summary>
    public RoundLifecycle CloseByDeadline(DateTimeOffset at)
    {
        if (Closing is not null)
        {
            return this;
        }

        if (!DeadlineCloses(State))
        {
            throw new InvalidOperationException($"No deadline closes the state {State}.");
        }

        return this with { Closing = new RoundClosing(RoundCommand.DeadlinePassed, "system", at, null) };
    }

    /// <summary>
    /// The orchestration reached <paramref name="next"/>. Moving to the same state again is a replay and changes
    /// nothing; any other move opens a new visit with nothing closed yet.
    /// </summary>
    public RoundLifecycle MoveTo(RoundState next)
    {
        if (next == State)
        {
            return this;
        }

        if (!RoundStateMachine.CanMove(State, next))
        {
            throw new InvalidOperationException($"A round cannot move from {State} to {next}.");
        }

        return this with
        {
            State = next,
            StateVersion = StateVersion + 1,
            Closing = null,
            EarlierVisits = Closing is { } closed ? [.. EarlierVisits, new ClosedVisit(State, StateVersion, closed)] : EarlierVisits,
        };
    }

    public RoundLifecycle MarkStalled(RoundStep step, string activity, DateTimeOffset since) =>
        Stall is { } existing && existing.Activity == activity ? this : this with { Stall = new RoundStall(step, activity, since) };

    /// <summary>The ministry asks for a stalled step to be tried again.</summary>
    public RoundCommandDecision Resume() => Stall is null
        ? Refuse(new RoundRefusal("この公募ラウンドは停止していません。", "再実行が必要な処理はありません。"))
        : Record(this with { Stall = null });

    public static string DisplayName(RoundCommand command) => command switch
    {
        RoundCommand.AcceptCommission => "委託の受諾",
        RoundCommand.ExtendCommission => "受諾期限の延長",
        RoundCommand.CancelRound => "公募ラウンドの中止",
        RoundCommand.PublishCall => "公募の公開",
        RoundCommand.CloseApplicationWindow => "応募受付の締切",
        RoundCommand.FinalizeSelection => "選定の確定",
        RoundCommand.FinalizeTraining => "研修の終了",
        RoundCommand.CloseRound => "公募ラウンドの終了",
        RoundCommand.DeadlinePassed => "期限の到来",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown round command."),
    };

    private RoundCommandDecision Record(RoundLifecycle next) =>
        new(next, null, false, next.Closing is { } closing ? new ClosedVisit(next.State, next.StateVersion, closing) : null);

    private RoundCommandDecision Refuse(RoundRefusal refusal) => new(this, refusal, false);

    private static string JapaneseAt(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm");
}
