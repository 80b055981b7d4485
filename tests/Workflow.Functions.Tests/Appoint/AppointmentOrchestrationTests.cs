using Workflow.Domain.Appointments;
using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Workflow.Functions.Appoint;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Functions.Waits;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>⑦任用: the person's answer raced against the answer deadline, on the real engine.</summary>
public sealed class AppointmentOrchestrationTests
{
    private const string RoundId = "R2025-test0002";
    private const string AppointmentId = RoundId + "_0123456789ab";

    private readonly ConcurrentQueue<AppointmentInput> _notified = new();
    private readonly ConcurrentQueue<AppointmentAnswerInput> _answers = new();

    /// <summary>What the appointment row says when the candidate is notified (an answer may already be recorded).</summary>
    private AppointmentStatus _stored = AppointmentStatus.Requested;

    private Task<DurableTaskTestHost> StartAsync() => DurableTaskTestHost.StartAsync(registry =>
    {
        registry.AddOrchestratorFunc<AppointmentInput, AppointmentAnswer>(nameof(AppointmentOrchestration), (context, _) => new AppointmentOrchestration().Run(context));
        registry.AddActivityFunc<AppointmentInput, AppointmentStatus>(nameof(NotifyCandidateOfAppointment), (_, input) =>
        {
            _notified.Enqueue(input);
            return _stored;
        });
        registry.AddActivityFunc<AppointmentAnswerInput, AppointmentStatus>(nameof(RecordAppointmentAnswer), (_, input) =>
        {
            _answers.Enqueue(input);
            return _stored != AppointmentStatus.Requested ? _stored
                : input.Answer == AppointmentAnswer.Accepted ? AppointmentStatus.Accepted : AppointmentStatus.Expired;
        });
    }, TestHosts.Options());

    private static async Task<string> StartAppointmentAsync(DurableTaskTestHost host, DateTimeOffset answerBy)
    {
        var instanceId = AppointmentIds.InstanceId(RoundId, AppointmentId);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AppointmentOrchestration),
            new AppointmentInput(RoundId, AppointmentId, answerBy), new StartOrchestrationOptions(instanceId));
        return instanceId;
    }

    private static async Task<OrchestrationMetadata> CompletionAsync(DurableTaskTestHost host, string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    [Fact]
    public async Task Acceptance_before_the_deadline_is_recorded_as_accepted()
    {
        await using var host = await StartAsync();
        var instanceId = await StartAppointmentAsync(host, DateTimeOffset.UtcNow.AddDays(14));
        Assert.StartsWith("round-" + RoundId, instanceId, StringComparison.Ordinal);

        await host.Client.RaiseEventAsync(instanceId, AppointmentIds.AnsweredEvent, true);
        var done = await CompletionAsync(host, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(AppointmentAnswer.Accepted, done.ReadOutputAs<AppointmentAnswer>());
        Assert.Equal(AppointmentId, Assert.Single(_notified).AppointmentId);
        var answer = Assert.Single(_answers);
        Assert.Equal((RoundId, AppointmentId, AppointmentAnswer.Accepted), (answer.RoundId, answer.AppointmentId, answer.Answer));
    }

    [Fact]
    public async Task While_it_waits_its_status_names_the_appointment_the_asking_municipality_and_the_answers_deadline()
    {
        await using var host = await StartAsync();
        var answerBy = DateTimeOffset.UtcNow.AddDays(14);
        var instanceId = AppointmentIds.InstanceId(RoundId, AppointmentId);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AppointmentOrchestration),
            new AppointmentInput(RoundId, AppointmentId, answerBy, "131016"), new StartOrchestrationOptions(instanceId));

        AppointmentProgress? waiting = null;
        for (var tries = 0; waiting?.Wait.WaitingFor != Waiting.Candidate; tries++)
        {
            Assert.True(tries < 300, "the appointment never said it waits for its person");
            await Task.Delay(100);
            waiting = AppointmentProgresses.Read((await host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.SerializedCustomStatus);
        }

        Assert.Equal((RoundId, AppointmentId, "131016"), (waiting.RoundId, waiting.AppointmentId, waiting.MunicipalityCode));
        Assert.Equal(((DateTimeOffset?)answerBy, false), (waiting.Wait.Deadline, waiting.Wait.Overdue));
        Assert.NotNull(waiting.Wait.Since);

        await host.Client.RaiseEventAsync(instanceId, AppointmentIds.AnsweredEvent, true);
        var done = AppointmentProgresses.Read((await CompletionAsync(host, instanceId)).SerializedCustomStatus)!;
        Assert.Equal((Waiting.Nobody, (AppointmentAnswer?)AppointmentAnswer.Accepted), (done.Wait.WaitingFor, done.Answer));
    }

    [Fact]
    public async Task No_answer_by_the_deadline_is_recorded_as_expired()
    {
        await using var host = await StartAsync();
        var instanceId = await StartAppointmentAsync(host, DateTimeOffset.UtcNow.AddSeconds(2));

        var done = await CompletionAsync(host, instanceId);

        Assert.Equal(AppointmentAnswer.Expired, done.ReadOutputAs<AppointmentAnswer>());
        Assert.Equal(AppointmentAnswer.Expired, Assert.Single(_answers).Answer);
        Assert.Single(_notified);
    }

    [Fact]
    public async Task An_answer_recorded_before_the_orchestration_started_ends_it_at_once_without_waiting_for_its_lost_event()
    {
        // The person answered while the start message was still on its way: the wake-up went nowhere.
        _stored = AppointmentStatus.Declined;
        await using var host = await StartAsync();
        var instanceId = await StartAppointmentAsync(host, DateTimeOffset.UtcNow.AddDays(14));

        var done = await CompletionAsync(host, instanceId);

        Assert.Equal(AppointmentAnswer.Declined, done.ReadOutputAs<AppointmentAnswer>());
        Assert.Single(_answers);
    }
}
