using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflow.Domain.Rounds;
using Workflow.Functions.Advertise;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Publish;
using Workflow.Functions.Select;
using Workflow.Functions.Train;
using Workflow.Functions.Waits;

namespace Workflow.Functions.Rounds;

/// <summary>
/// One recruiting round, in the seed's order: ①委託 ②公募 ③応募 ④選定 ⑤研修 ⑥掲載・周知 ⑦任用.
/// Phases end by an actor's event raced against a durable timer for its deadline. Per-applicant work is read
/// from Table Storage in shards by activities, so the history grows with the number of shards, not of people.
/// </summary>
public sealed class RecruitingRoundOrchestration
{
    [Function(nameof(RecruitingRoundOrchestration))]
    public async Task<RoundOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<RoundInput>() ?? throw new InvalidOperationException("The round orchestration needs its round id.");
        var round = new RoundRun(context, input.RoundId);
        var plan = await round.LoadPlanAsync();
        if (plan is null)
        {
            // The trigger starts the orchestration before it writes the round row; a process that died in between
            // leaves an orchestration with no round, which ends here instead of waiting for a round nobody can see.
            return new RoundOutcome(input.RoundId, RoundState.Cancelled, new RoundCounts());
        }

        if (!await round.CommissionAsync(plan))
        {
            return await round.FinishAsync(RoundState.Cancelled);
        }

        await round.AdvertiseAsync(plan);
        await round.ApplyAsync(plan);
        await round.SelectAsync(plan);
        await round.TrainAsync(plan);
        await round.PublishAsync(plan);
        await round.AppointAsync(plan);
        return await round.FinishAsync(RoundState.Completed);
    }
}

/// <summary>
/// The steps of one run of <see cref="RecruitingRoundOrchestration"/>; all time comes from the context. A waiting
/// state ends with what is recorded on the round row (<see cref="RoundLifecycle"/>): a person's command or the
/// deadline, whichever was recorded first. Events only wake the orchestration up to read it.
/// </summary>
internal sealed class RoundRun(TaskOrchestrationContext context, string roundId)
{
    private RoundCounts _counts = new();
    private RoundState _state = RoundState.AwaitingCommissionAcceptance;
    private RoundStatus? _status;

    /// <summary>Every activity is retried with backoff; what still fails stalls the round (<see cref="StepAsync{T}"/>).</summary>
    private static readonly TaskOptions Retry = ActivityRetry.Default;

    /// <summary>
    /// The row is written right after the orchestration is started; a few short tries cover that moment, and a row
    /// still missing after them was never written (its process died), so the orchestration ends within seconds.
    /// </summary>
    private static readonly TaskOptions PlanRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public async Task<RoundPlan?> LoadPlanAsync()
    {
        try
        {
            return await context.CallActivityAsync<RoundPlan>(nameof(LoadRoundPlan), roundId, PlanRetry);
        }
        catch (TaskFailedException)
        {
            return null;
        }
    }

    /// <summary>① 委託: the operator accepts, or the ministry decides what happens after the deadline.</summary>
    public async Task<bool> CommissionAsync(RoundPlan plan)
    {
        var deadline = plan.AcceptCommissionBy;

        // Each turn after the first follows a recorded extension, which the lifecycle allows a bounded number of times.
        for (var turn = 0; turn <= RoundLifecycle.MaxCommissionExtensions; turn++)
        {
            SetStatus(RoundStep.Commission, Operator, deadline);

            // An acceptance recorded before this orchestration had started woke nothing (the engine drops events for an
            // instance that does not exist yet), so the first wait begins by reading what is recorded.
            var closing = turn == 0 ? await ReadClosingAsync(null) : null;
            closing ??= await WaitForClosingAsync(deadline);
            if (closing!.Command == RoundCommand.AcceptCommission)
            {
                await MoveAsync(RoundState.CommissionAccepted);
                return true;
            }

            // Past its deadline the commission waits for the ministry to extend it or cancel the round, and the
            // operator may still accept: both are said, and the missed deadline is kept.
            await MoveAsync(RoundState.CommissionOverdue);
            SetStatus(RoundStep.Commission, Ministry, deadline, overdue: true, also: [Operator]);
            closing = await WaitForClosingAsync(null);
            switch (closing!.Command)
            {
                case RoundCommand.AcceptCommission:
                    await MoveAsync(RoundState.CommissionAccepted);
                    return true;
                case RoundCommand.CancelRound:
                    return false;
                default:
                    deadline = closing.NewDeadline!.Value;
                    await MoveAsync(RoundState.AwaitingCommissionAcceptance);
                    break;
            }
        }

        // Unreachable while the lifecycle refuses more extensions than turns; a round that got here is given up.
        return false;
    }

    /// <summary>② 公募: the operator publishes the call; the window opens on its date.</summary>
    public async Task AdvertiseAsync(RoundPlan plan)
    {
        SetStatus(RoundStep.Advertise, Operator, plan.ApplicationOpensAt);
        if (await WaitForClosingAsync(plan.ApplicationOpensAt) is null)
        {
            // A call must be published before anyone can apply: past its date the round keeps waiting for it.
            await context.CallActivityAsync(nameof(RecordOverdue), new OverdueInput(roundId, BusinessLogActions.CallPublicationOverdue, plan.ApplicationOpensAt), Retry);
            SetStatus(RoundStep.Advertise, Operator, plan.ApplicationOpensAt, overdue: true);
            await WaitForClosingAsync(null);
        }

        await MoveAsync(RoundState.CallPublished);
        if (context.CurrentUtcDateTime < plan.ApplicationOpensAt.UtcDateTime)
        {
            SetStatus(RoundStep.Advertise, Schedule, plan.ApplicationOpensAt);
            await context.CreateTimer(plan.ApplicationOpensAt.UtcDateTime, CancellationToken.None);
        }

        await MoveAsync(RoundState.AcceptingApplications);
    }

    /// <summary>③ 応募: applications go straight to Table Storage; the round only waits for the window to close.</summary>
    public async Task ApplyAsync(RoundPlan plan)
    {
        // The operator may close the window early.
        SetStatus(RoundStep.Apply, Applicants, plan.ApplicationClosesAt, also: [Operator]);
        await WaitForClosingAsync(plan.ApplicationClosesAt);
        await MoveAsync(RoundState.Screening);
    }

    /// <summary>④ 選定: screening fanned out over shards, then the panel decides until it finalizes or the deadline.</summary>
    public async Task SelectAsync(RoundPlan plan)
    {
        SetStatus(RoundStep.Select, Nobody, null);
        var closedAt = context.CurrentUtcDateTime;
        await StepAsync(RoundStep.Select, nameof(SweepOrphanResumes), () => Task.WhenAll(Enumerable.Range(0, ApplicationShards.Count)
            .Select(shard => context.CallActivityAsync<ShardResumeSweep>(nameof(SweepOrphanResumes), new SweepOrphanResumesInput(roundId, shard, closedAt), Retry))));
        var screened = await FanOutAsync<ShardScreeningResult>(RoundStep.Select, nameof(ScreenApplicationShard));
        _counts = _counts with { Submitted = screened.Sum(r => r.Screened), Eligible = screened.Sum(r => r.Eligible) };
        await MoveAsync(RoundState.PanelReview);

        // The operator decides and finalizes; the panel's reviewers must have scored before each decision.
        SetStatus(RoundStep.Select, Operator, plan.SelectionDeadline, also: [Panel]);
        await WaitForClosingAsync(plan.SelectionDeadline);
        var concluded = await FanOutAsync<ShardSelectionResult>(RoundStep.Select, nameof(ConcludeSelectionShard));
        _counts = _counts with
        {
            Submitted = concluded.Sum(r => r.Applications),
            Eligible = concluded.Sum(r => r.Eligible),
            Selected = concluded.Sum(r => r.Selected),
        };
        await MoveAsync(RoundState.Training);
    }

    /// <summary>⑤ 研修: attendance is recorded by the operator; whoever attended every session gets a 修了証.</summary>
    public async Task TrainAsync(RoundPlan plan)
    {
        SetStatus(RoundStep.Train, Operator, plan.PublicationDate);
        await WaitForClosingAsync(plan.PublicationDate);
        var certified = await FanOutAsync<ShardCertificationResult>(RoundStep.Train, nameof(IssueCertificatesShard), plan.TrainingSessionCount);
        _counts = _counts with { Certified = certified.Sum(r => r.Certified) };
        await MoveAsync(RoundState.Publishing);
    }

    /// <summary>⑥ 掲載・周知: on the publication date the roster goes public and every municipality is told.</summary>
    public async Task PublishAsync(RoundPlan plan)
    {
        if (context.CurrentUtcDateTime < plan.PublicationDate.UtcDateTime)
        {
            SetStatus(RoundStep.Publish, Schedule, plan.PublicationDate);
            await context.CreateTimer(plan.PublicationDate.UtcDateTime, CancellationToken.None);
        }

        SetStatus(RoundStep.Publish, Nobody, null);
        var published = await FanOutAsync<ShardPublicationResult>(RoundStep.Publish, nameof(PublishRosterShard));
        _counts = _counts with { Published = published.Sum(r => r.Published) };

        // Version 2 tells each listed person; a round started on version 1 (or before versioning) replays without it,
        // so its history still matches its code when a newer deployment picks it up (ADR 0021).
        if (context.CompareVersionTo(OrchestrationVersions.ListedPeopleTold) >= 0)
        {
            await FanOutAsync<ShardListingNoticeResult>(RoundStep.Publish, nameof(NotifyListedPeopleShard));
        }

        var at = context.CurrentUtcDateTime;
        var notified = await StepAsync(RoundStep.Publish, nameof(NotifyMunicipalitiesOfRoster),
            () => context.CallActivityAsync<int>(nameof(NotifyMunicipalitiesOfRoster), new RoundAt(roundId, at), Retry));
        _counts = _counts with { MunicipalitiesNotified = notified };
        await MoveAsync(RoundState.Appointing);
    }

    /// <summary>⑦ 任用: municipalities appoint until the window closes or the ministry closes the round.</summary>
    public async Task AppointAsync(RoundPlan plan)
    {
        // The ministry may close the round before the window's end.
        SetStatus(RoundStep.Appoint, Municipalities, plan.AppointmentClosesAt, also: [Ministry]);
        await WaitForClosingAsync(plan.AppointmentClosesAt);
        var appointed = await StepAsync(RoundStep.Appoint, nameof(CountAppointments),
            () => context.CallActivityAsync<int>(nameof(CountAppointments), roundId, Retry));
        _counts = _counts with { Appointed = appointed };
    }

    public async Task<RoundOutcome> FinishAsync(RoundState final)
    {
        await MoveAsync(final);
        SetStatus(RoundStateMachine.StepOf(final), Nobody, null);
        try
        {
            await context.CallActivityAsync(nameof(SealRoundLog), roundId, Retry);
        }
        catch (TaskFailedException)
        {
            // The scheduled sealing (SealLogChains) seals it at its next run; a round does not fail for want of a seal.
        }

        return new RoundOutcome(roundId, final, _counts);
    }

    private async Task MoveAsync(RoundState next)
    {
        var input = new SetRoundStateInput(roundId, next, context.CurrentUtcDateTime, _counts);
        await StepAsync(RoundStateMachine.StepOf(next), nameof(SetRoundState), async () =>
        {
            await context.CallActivityAsync(nameof(SetRoundState), input, Retry);
            return true;
        });
        _state = next;
    }

    private WaitParty Operator => new(Waiting.Operator, roundId);

    private static WaitParty Ministry { get; } = new(Waiting.Ministry);

    private static WaitParty Panel { get; } = new(Waiting.Panel);

    private static WaitParty Applicants { get; } = new(Waiting.Applicants);

    private static WaitParty Municipalities { get; } = new(Waiting.Municipalities);

    private static WaitParty Schedule { get; } = new(Waiting.Schedule);

    private static WaitParty Nobody { get; } = new(Waiting.Nobody);

    /// <summary>
    /// Says what the round waits for now. A wait that goes on for the same party in the same state (a call whose date
    /// passed still waits for the operator) keeps the time it began; any other begins now, by the orchestration's clock.
    /// </summary>
    private void SetStatus(RoundStep step, WaitParty on, DateTimeOffset? deadline, bool overdue = false, IReadOnlyList<WaitParty>? also = null, bool stalled = false)
    {
        var since = _status is { } last && last.Step == step && last.State == _state && last.Stalled == stalled && last.Wait.WaitingFor == on.Role
            ? last.Wait.Since
            : context.CurrentUtcDateTime;
        Show(new RoundStatus(step, _state, new Wait(on.Role, on.Organisation, since, deadline, overdue, also ?? []), _counts, stalled));
    }

    private void Show(RoundStatus status)
    {
        _status = status;
        context.SetCustomStatus(status);
    }

    private Task<T[]> FanOutAsync<T>(RoundStep step, string activity, int parameter = 0)
    {
        var at = context.CurrentUtcDateTime;
        return StepAsync(step, activity, () => Task.WhenAll(Enumerable.Range(0, ApplicationShards.Count)
            .Select(shard => context.CallActivityAsync<T>(activity, new ShardInput(roundId, shard, at, parameter), Retry))));
    }

    /// <summary>
    /// Runs a step's activities; if they still fail after their retries, the round is marked stalled and waits for
    /// the ministry's retry instead of failing, then runs the step again (activities are idempotent).
    /// </summary>
    /// <param name="withinWait">
    /// The activity reads what ended a wait that goes on if nothing did: after the retry the round waits for the same
    /// party again, since the same time, and says so.
    /// </param>
    private async Task<T> StepAsync<T>(RoundStep step, string activity, Func<Task<T>> run, bool withinWait = false)
    {
        for (var resumed = 0; ; resumed++)
        {
            try
            {
                return await run();
            }
            catch (TaskFailedException) when (resumed < MaxResumes)
            {
                var before = _status;
                await context.CallActivityAsync(nameof(MarkRoundStalled), new MarkRoundStalledInput(roundId, step, activity, context.CurrentUtcDateTime), Retry);
                SetStatus(step, Ministry, null, stalled: true);
                await context.WaitForExternalEvent<string>(RoundEvents.ResumeRequested);
                if (withinWait && before is not null)
                {
                    Show(before);
                }
                else
                {
                    SetStatus(step, Nobody, null);
                }
            }
        }
    }

    /// <summary>
    /// Waits until the current state is closed, and says by what: a person's command (recorded before its wake-up
    /// event) or, where a deadline closes the state, the deadline. Null when the deadline passed in a state only a
    /// person can close. A wake-up for a command of an earlier visit finds nothing recorded and waits again.
    /// </summary>
    private async Task<RoundClosing?> WaitForClosingAsync(DateTimeOffset? deadline)
    {
        for (var wakeUps = 0; ; wakeUps++)
        {
            // Wake-ups without a recorded command are rare (a command of an earlier visit); past a bound, only the
            // deadline is waited for, so a flood of them cannot grow the history without end.
            var woken = wakeUps >= MaxWakeUpsPerWait
                ? await DeadlineOnlyAsync(deadline)
                : deadline is null
                    ? await WakeUpAsync()
                    : await WakeUpBeforeAsync(deadline.Value);
            var closeByDeadline = !woken && RoundLifecycle.DeadlineCloses(_state);
            var closing = await ReadClosingAsync(closeByDeadline ? context.CurrentUtcDateTime : null);
            if (closing is not null)
            {
                // The wait is over: until the round says what it waits for next, it waits for no one (it works on
                // what closed the state, e.g. every shard's outcomes), and the list of waits must not show it.
                SetStatus(RoundStateMachine.StepOf(_state), Nobody, null);
                return closing;
            }

            if (!woken)
            {
                return null;
            }
        }
    }

    private Task<RoundClosing?> ReadClosingAsync(DateTime? deadlinePassedAt)
    {
        var input = new ReadRoundClosingInput(roundId, deadlinePassedAt);
        return StepAsync(RoundStateMachine.StepOf(_state), nameof(ReadRoundClosing),
            () => context.CallActivityAsync<RoundClosing?>(nameof(ReadRoundClosing), input, Retry), withinWait: true);
    }

    private const int MaxWakeUpsPerWait = 50;

    /// <summary>How often the ministry may resume one step; past it the step's failure fails the round.</summary>
    private const int MaxResumes = 20;

    private async Task<bool> DeadlineOnlyAsync(DateTimeOffset? deadline)
    {
        if (deadline is not { } at)
        {
            return await WakeUpAsync();
        }

        if (at.UtcDateTime > context.CurrentUtcDateTime)
        {
            await context.CreateTimer(at.UtcDateTime, CancellationToken.None);
        }

        return false;
    }

    private async Task<bool> WakeUpAsync()
    {
        await context.WaitForExternalEvent<string>(RoundEvents.CommandRecorded);
        return true;
    }

    /// <summary>True when a command's wake-up came before the deadline; leaves no waiter behind.</summary>
    private async Task<bool> WakeUpBeforeAsync(DateTimeOffset deadline)
    {
        using var cancel = new CancellationTokenSource();
        var woken = context.WaitForExternalEvent<string>(RoundEvents.CommandRecorded, cancel.Token);

        // A deadline already past still lets a waiting wake-up win, without blocking.
        var fireAt = deadline.UtcDateTime > context.CurrentUtcDateTime ? deadline.UtcDateTime : context.CurrentUtcDateTime;
        var timer = context.CreateTimer(fireAt, cancel.Token);
        var first = await Task.WhenAny(woken, timer);
        cancel.Cancel();
        return first == woken;
    }
}
