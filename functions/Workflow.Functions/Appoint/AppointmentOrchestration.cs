using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Workflow.Functions.Appoint;

/// <summary>
/// ⑦ 任用, one request: waits for the person's answer until a deadline. There are few appointments and they
/// last days, so each is its own small orchestration, named under its round for the auditors.
/// </summary>
public sealed class AppointmentOrchestration
{
    [Function(nameof(AppointmentOrchestration))]
    public async Task<AppointmentAnswer> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<AppointmentInput>() ?? throw new InvalidOperationException("The appointment orchestration needs its ids.");
        await context.CallActivityAsync(nameof(NotifyCandidateOfAppointment), input);
        context.SetCustomStatus(new { waitingFor = "candidate", until = input.AnswerBy });

        using var cancel = new CancellationTokenSource();
        var answered = context.WaitForExternalEvent<bool>(AppointmentIds.AnsweredEvent, cancel.Token);
        var fireAt = input.AnswerBy.UtcDateTime > context.CurrentUtcDateTime ? input.AnswerBy.UtcDateTime : context.CurrentUtcDateTime;
        var timer = context.CreateTimer(fireAt, cancel.Token);
        Platform.CrashPoints.Reach(Platform.CrashPoints.AppointmentWaiting);
        var first = await Task.WhenAny(answered, timer);
        cancel.Cancel();

        var answer = first == answered ? (answered.Result ? AppointmentAnswer.Accepted : AppointmentAnswer.Declined) : AppointmentAnswer.Expired;
        await context.CallActivityAsync<AppointmentStatus>(nameof(RecordAppointmentAnswer), new AppointmentAnswerInput(input.RoundId, input.AppointmentId, answer, context.CurrentUtcDateTime));
        context.SetCustomStatus(new { waitingFor = "none", answer });
        return answer;
    }
}
