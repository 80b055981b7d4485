using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflow.Domain.Rounds;
using Workflow.Functions.Advertise;
using Workflow.Functions.Appoint;
using Workflow.Functions.Apply;
using Workflow.Functions.Publish;
using Workflow.Functions.Select;
using Workflow.Functions.Train;

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
        var plan = await context.CallActivityAsync<RoundPlan>(nameof(LoadRoundPlan), input.RoundId);

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

/// <summary>The steps of one run of <see cref="RecruitingRoundOrchestration"/>; all time comes from the context.</summary>
internal sealed class RoundRun(TaskOrchestrationContext context, string roundId)
{
    private RoundCounts _counts = new();
    private RoundState _state = RoundState.AwaitingCommissionAcceptance;

    /// <summary>How often the ministry may extend the acceptance deadline before the round is given up.</summary>
    public const int MaxCommissionExtensions = 10;

    /// <summary>① 委託: the operator accepts, or the ministry decides what happens after the deadline.</summary>
    public async Task<bool> CommissionAsync(RoundPlan plan)
    {
        var deadline = plan.AcceptCommissionBy;
        for (var extensions = 0; extensions <= MaxCommissionExtensions; extensions++)
        {
            SetStatus(RoundStep.Commission, Waiting.Operator, deadline);
            if (await EventBeforeDeadlineAsync<string?>(RoundEvents.CommissionAccepted, deadline) is { Happened: true })
            {
                await MoveAsync(RoundState.CommissionAccepted);
                return true;
            }

            await MoveAsync(RoundState.CommissionOverdue);
            SetStatus(RoundStep.Commission, Waiting.Ministry, null);
            using var cancel = new CancellationTokenSource();
            var accepted = context.WaitForExternalEvent<string?>(RoundEvents.CommissionAccepted, cancel.Token);
            var extended = context.WaitForExternalEvent<DateTimeOffset>(RoundEvents.CommissionDeadlineExtended, cancel.Token);
            var cancelled = context.WaitForExternalEvent<string?>(RoundEvents.RoundCancelled, cancel.Token);
            var first = await Task.WhenAny(accepted, extended, cancelled);
            cancel.Cancel();
            if (first == accepted)
            {
                await MoveAsync(RoundState.CommissionAccepted);
                return true;
            }

            if (first == cancelled)
            {
                return false;
            }

            deadline = extended.Result;
            await MoveAsync(RoundState.AwaitingCommissionAcceptance);
        }

        return false;
    }

    /// <summary>② 公募: the operator publishes the call; the window opens on its date.</summary>
    public async Task AdvertiseAsync(RoundPlan plan)
    {
        SetStatus(RoundStep.Advertise, Waiting.Operator, plan.ApplicationOpensAt);
        if (await EventBeforeDeadlineAsync<string?>(RoundEvents.CallPublished, plan.ApplicationOpensAt) is { Happened: false })
        {
            // A call must be published before anyone can apply: past its date the round keeps waiting for it.
            await context.CallActivityAsync(nameof(RecordOverdue), new OverdueInput(roundId, "CallPublicationOverdue", plan.ApplicationOpensAt));
            SetStatus(RoundStep.Advertise, Waiting.Operator, null);
            await context.WaitForExternalEvent<string?>(RoundEvents.CallPublished);
        }

        await MoveAsync(RoundState.CallPublished);
        if (context.CurrentUtcDateTime < plan.ApplicationOpensAt.UtcDateTime)
        {
            SetStatus(RoundStep.Advertise, Waiting.Schedule, plan.ApplicationOpensAt);
            await context.CreateTimer(plan.ApplicationOpensAt.UtcDateTime, CancellationToken.None);
        }

        await MoveAsync(RoundState.AcceptingApplications);
    }

    /// <summary>③ 応募: applications go straight to Table Storage; the round only waits for the window to close.</summary>
    public async Task ApplyAsync(RoundPlan plan)
    {
        SetStatus(RoundStep.Apply, Waiting.Applicants, plan.ApplicationClosesAt);
        await EventBeforeDeadlineAsync<string?>(RoundEvents.ApplicationWindowClosedEarly, plan.ApplicationClosesAt);
        await MoveAsync(RoundState.Screening);
    }

    /// <summary>④ 選定: screening fanned out over shards, then the panel decides until it finalizes or the deadline.</summary>
    public async Task SelectAsync(RoundPlan plan)
    {
        SetStatus(RoundStep.Select, Waiting.Nobody, null);
        var screened = await FanOutAsync<ShardScreeningResult>(nameof(ScreenApplicationShard));
        _counts = _counts with { Submitted = screened.Sum(r => r.Screened), Eligible = screened.Sum(r => r.Eligible) };
        await MoveAsync(RoundState.PanelReview);

        SetStatus(RoundStep.Select, Waiting.Operator, plan.SelectionDeadline);
        await EventBeforeDeadlineAsync<string?>(RoundEvents.SelectionFinalized, plan.SelectionDeadline);
        var concluded = await FanOutAsync<ShardSelectionResult>(nameof(ConcludeSelectionShard));
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
        SetStatus(RoundStep.Train, Waiting.Operator, plan.PublicationDate);
        await EventBeforeDeadlineAsync<string?>(RoundEvents.TrainingFinalized, plan.PublicationDate);
        var certified = await FanOutAsync<ShardCertificationResult>(nameof(IssueCertificatesShard), plan.TrainingSessionCount);
        _counts = _counts with { Certified = certified.Sum(r => r.Certified) };
        await MoveAsync(RoundState.Publishing);
    }

    /// <summary>⑥ 掲載・周知: on the publication date the roster goes public and every municipality is told.</summary>
    public async Task PublishAsync(RoundPlan plan)
    {
        if (context.CurrentUtcDateTime < plan.PublicationDate.UtcDateTime)
        {
            SetStatus(RoundStep.Publish, Waiting.Schedule, plan.PublicationDate);
            await context.CreateTimer(plan.PublicationDate.UtcDateTime, CancellationToken.None);
        }

        SetStatus(RoundStep.Publish, Waiting.Nobody, null);
        var published = await FanOutAsync<ShardPublicationResult>(nameof(PublishRosterShard));
        _counts = _counts with { Published = published.Sum(r => r.Published) };
        var notified = await context.CallActivityAsync<int>(nameof(NotifyMunicipalitiesOfRoster), new RoundAt(roundId, context.CurrentUtcDateTime));
        _counts = _counts with { MunicipalitiesNotified = notified };
        await MoveAsync(RoundState.Appointing);
    }

    /// <summary>⑦ 任用: municipalities appoint until the window closes or the ministry closes the round.</summary>
    public async Task AppointAsync(RoundPlan plan)
    {
        SetStatus(RoundStep.Appoint, Waiting.Municipalities, plan.AppointmentClosesAt);
        await EventBeforeDeadlineAsync<string?>(RoundEvents.RoundClosed, plan.AppointmentClosesAt);
        var appointed = await context.CallActivityAsync<int>(nameof(CountAppointments), roundId);
        _counts = _counts with { Appointed = appointed };
    }

    public async Task<RoundOutcome> FinishAsync(RoundState final)
    {
        await MoveAsync(final);
        SetStatus(RoundStateMachine.StepOf(final), Waiting.Nobody, null);
        return new RoundOutcome(roundId, final, _counts);
    }

    private async Task MoveAsync(RoundState next)
    {
        await context.CallActivityAsync(nameof(SetRoundState), new SetRoundStateInput(roundId, next, context.CurrentUtcDateTime, _counts));
        _state = next;
    }

    private void SetStatus(RoundStep step, string waitingFor, DateTimeOffset? until) =>
        context.SetCustomStatus(new RoundStatus(step, _state, waitingFor, until, _counts));

    private async Task<T[]> FanOutAsync<T>(string activity, int parameter = 0)
    {
        var tasks = Enumerable.Range(0, ApplicationShards.Count)
            .Select(shard => context.CallActivityAsync<T>(activity, new ShardInput(roundId, shard, context.CurrentUtcDateTime, parameter)))
            .ToList();
        return await Task.WhenAll(tasks);
    }

    /// <summary>Waits for an event or a deadline, whichever comes first, and leaves no waiter behind.</summary>
    private async Task<(bool Happened, T? Payload)> EventBeforeDeadlineAsync<T>(string eventName, DateTimeOffset deadline)
    {
        using var cancel = new CancellationTokenSource();
        var happened = context.WaitForExternalEvent<T>(eventName, cancel.Token);

        // A deadline already past still lets an event that is waiting win, without blocking.
        var fireAt = deadline.UtcDateTime > context.CurrentUtcDateTime ? deadline.UtcDateTime : context.CurrentUtcDateTime;
        var timer = context.CreateTimer(fireAt, cancel.Token);
        var first = await Task.WhenAny(happened, timer);
        cancel.Cancel();
        return first == happened ? (true, happened.Result) : (false, default);
    }
}
