using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Workflow.Functions.Appoint;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>⑦任用: the person's answer raced against the answer deadline, on the real engine.</summary>
public sealed class AppointmentOrchestrationTests
{
    private const string RoundId = "R2025-test0002";
    private const string AppointmentId = RoundId + "_0123456789ab";

    private readonly ConcurrentQueue<AppointmentInput> _notified = new();
    private readonly ConcurrentQueue<AppointmentAnswerInput> _answers = new();

    private Task<DurableTaskTestHost> StartAsync() => DurableTaskTestHost.StartAsync(registry =>
    {
        registry.AddOrchestratorFunc<AppointmentInput, AppointmentAnswer>(nameof(AppointmentOrchestration), (context, _) => new AppointmentOrchestration().Run(context));
        registry.AddActivityFunc<AppointmentInput>(nameof(NotifyCandidateOfAppointment), (_, input) => _notified.Enqueue(input));
        registry.AddActivityFunc<AppointmentAnswerInput, AppointmentStatus>(nameof(RecordAppointmentAnswer), (_, input) =>
        {
            _answers.Enqueue(input);
            return input.Answer == AppointmentAnswer.Accepted ? AppointmentStatus.Accepted : AppointmentStatus.Expired;
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
    public async Task No_answer_by_the_deadline_is_recorded_as_expired()
    {
        await using var host = await StartAsync();
        var instanceId = await StartAppointmentAsync(host, DateTimeOffset.UtcNow.AddSeconds(2));

        var done = await CompletionAsync(host, instanceId);

        Assert.Equal(AppointmentAnswer.Expired, done.ReadOutputAs<AppointmentAnswer>());
        Assert.Equal(AppointmentAnswer.Expired, Assert.Single(_answers).Answer);
        Assert.Single(_notified);
    }
}
