using Workflow.Domain.Appointments;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.Waits;

namespace Workflow.Functions.Appoint;

/// <summary>
/// ⑦ 任用, one request: waits for the person's answer until a deadline. There are few appointments and they
/// last days, so each is its own small orchestration, named under its round for the auditors. The person's answer
/// is recorded on the appointment row before the event wakes this up; the deadline records "expired" only if no
/// answer was recorded first, and what is told is what the row says.
/// </summary>
public sealed class AppointmentOrchestration
{
    [Function(nameof(AppointmentOrchestration))]
    public async Task<AppointmentAnswer> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<AppointmentInput>() ?? throw new InvalidOperationException("The appointment orchestration needs its ids.");
        var recorded = await context.CallActivityAsync<AppointmentStatus>(nameof(NotifyCandidateOfAppointment), input, ActivityRetry.Default);

        // The deadline closes the request (expired): an appointment is never overdue on its person, only answered or not.
        context.SetCustomStatus(AppointmentProgress.Of(input,
            new Wait(Waiting.Candidate, null, context.CurrentUtcDateTime, input.AnswerBy, false, [])));

        // An answer recorded before this orchestration had started woke nothing (the engine drops events for an
        // instance that does not exist yet): what is recorded is read first, and only then is the answer waited for.
        if (recorded != AppointmentStatus.Requested)
        {
            return await ConcludeAsync(context, input, AppointmentAnswer.Expired);
        }

        using var cancel = new CancellationTokenSource();
        var answered = context.WaitForExternalEvent<bool>(AppointmentIds.AnsweredEvent, cancel.Token);
        var fireAt = input.AnswerBy.UtcDateTime > context.CurrentUtcDateTime ? input.AnswerBy.UtcDateTime : context.CurrentUtcDateTime;
        var timer = context.CreateTimer(fireAt, cancel.Token);
        // Counted once, when the wait first begins: a replay passes here again without waiting anew.
        if (!context.IsReplaying)
        {
            Platform.CrashPoints.Reach(Platform.CrashPoints.AppointmentWaiting);
        }

        var first = await Task.WhenAny(answered, timer);
        cancel.Cancel();

        var heard = first == answered ? (answered.Result ? AppointmentAnswer.Accepted : AppointmentAnswer.Declined) : AppointmentAnswer.Expired;
        return await ConcludeAsync(context, input, heard);
    }

    /// <summary>Records what was heard unless an answer is recorded already, and tells what the row then says.</summary>
    private static async Task<AppointmentAnswer> ConcludeAsync(TaskOrchestrationContext context, AppointmentInput input, AppointmentAnswer heard)
    {
        var status = await context.CallActivityAsync<AppointmentStatus>(nameof(RecordAppointmentAnswer),
            new AppointmentAnswerInput(input.RoundId, input.AppointmentId, heard, context.CurrentUtcDateTime), ActivityRetry.Default);
        var answer = status switch
        {
            AppointmentStatus.Accepted => AppointmentAnswer.Accepted,
            AppointmentStatus.Declined => AppointmentAnswer.Declined,
            _ => AppointmentAnswer.Expired,
        };
        context.SetCustomStatus(AppointmentProgress.Of(input, Wait.None(context.CurrentUtcDateTime)) with { Answer = answer });
        return answer;
    }
}
