using DurableTask.AzureStorage;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests.Durable;

[Collection("Azurite")]
public sealed class LocalDurableEngineTests(LocalEngineFixture engine) : IClassFixture<LocalEngineFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private DurableTaskClient Client => engine.Client;

    [Fact]
    public async Task Event_wins_the_race_and_the_outcome_flows_to_the_output()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var request = new GreetingRequest("Ada", TimeoutSeconds: 120);
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GreetingOrchestration), request, new StartOrchestrationOptions(NewId("event")), timeout.Token);

        await WaitForPhaseAsync(id, "awaiting-approval", timeout.Token);
        await Client.RaiseEventAsync(id, GreetingOrchestration.ApprovalEvent, new Approval("the lead"), timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new GreetingOutcome("Hello, Ada!", "approved by the lead", 3, "pong"), done.ReadOutputAs<GreetingOutcome>());
        Assert.Equal(request, done.ReadInputAs<GreetingRequest>());
        Assert.Equal(new GreetingStatus("done", "approved by the lead"), done.ReadCustomStatusAs<GreetingStatus>());
        Assert.Equal(nameof(GreetingOrchestration), done.Name);
        Assert.True(engine.VisitLog.Visits.ContainsKey(id));
    }

    [Fact]
    public async Task Timer_wins_when_no_event_comes()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GreetingOrchestration), new GreetingRequest("Grace Hopper", 1), new StartOrchestrationOptions(NewId("timer")), timeout.Token);

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var outcome = done.ReadOutputAs<GreetingOutcome>()!;
        Assert.Equal("timed out", outcome.Decision);
        Assert.Equal(11, outcome.Letters); // From the sub-orchestration's activity.
    }

    [Fact]
    public async Task Custom_status_is_visible_while_waiting_and_terminate_ends_the_instance()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = NewId("status");
        await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GreetingOrchestration), new GreetingRequest("Linus", 120), new StartOrchestrationOptions(id), timeout.Token);

        var waiting = await WaitForPhaseAsync(id, "awaiting-approval", timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal("Hello, Linus!", waiting.ReadCustomStatusAs<GreetingStatus>()!.Detail);

        // A live instance id cannot be started again: that would overwrite its state.
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GreetingOrchestration), new GreetingRequest("Linus", 1), new StartOrchestrationOptions(id), timeout.Token));

        await Client.TerminateInstanceAsync(id, "no longer needed", timeout.Token);
        var terminated = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("no longer needed", terminated.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Suspend_and_resume_through_the_client_pause_and_continue_the_instance()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = NewId("suspend");
        await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GreetingOrchestration), new GreetingRequest("Ken", 120), new StartOrchestrationOptions(id), timeout.Token);
        await WaitForPhaseAsync(id, "awaiting-approval", timeout.Token);

        await Client.SuspendInstanceAsync(id, "paused by test", timeout.Token);
        await WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended, timeout.Token);

        // A suspended instance holds on to the event instead of acting on it.
        await Client.RaiseEventAsync(id, GreetingOrchestration.ApprovalEvent, new Approval("resumer"), timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1.5), timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstanceAsync(id, timeout.Token))!.RuntimeStatus);

        await Client.ResumeInstanceAsync(id, "resumed by test", timeout.Token);

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("approved by resumer", done.ReadOutputAs<GreetingOutcome>()!.Decision);
    }

    [Fact]
    public async Task Activity_failure_reaches_the_orchestrator_and_the_client_with_details()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var compensated = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(FailingOrchestration), new FailureRequest("boom", Compensate: true), new StartOrchestrationOptions(NewId("comp")), timeout.Token);
        var failed = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(FailingOrchestration), new FailureRequest("bang", Compensate: false), new StartOrchestrationOptions(NewId("fail")), timeout.Token);

        var compensatedDone = await Client.WaitForInstanceCompletionAsync(compensated, getInputsAndOutputs: true, timeout.Token);
        var failedDone = await Client.WaitForInstanceCompletionAsync(failed, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, compensatedDone.RuntimeStatus);
        Assert.Equal($"compensated: {typeof(InvalidOperationException).FullName}: boom", compensatedDone.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failedDone.RuntimeStatus);
        Assert.NotNull(failedDone.FailureDetails);
        Assert.Equal(typeof(Microsoft.DurableTask.TaskFailedException).FullName, failedDone.FailureDetails!.ErrorType);
        Assert.Contains("bang", failedDone.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(Explode), failedDone.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_by_instance_id_prefix_pages_through_exactly_the_matching_instances()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var prefix = NewId("query") + "-";
        var ids = new List<string>();
        foreach (var text in new[] { "a", "bb", "ccc" })
        {
            ids.Add(await Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(CountLettersOrchestration), new LetterCountRequest(text), new StartOrchestrationOptions(prefix + text), timeout.Token));
        }

        var other = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(CountLettersOrchestration), new LetterCountRequest("x"), new StartOrchestrationOptions(NewId("other")), timeout.Token);
        foreach (var id in ids.Append(other))
        {
            await Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        }

        var found = new List<OrchestrationMetadata>();
        await foreach (var page in Client.GetAllInstancesAsync(new OrchestrationQuery
                           {
                               InstanceIdPrefix = prefix,
                               PageSize = 2,
                               FetchInputsAndOutputs = true,
                               Statuses = [OrchestrationRuntimeStatus.Completed],
                           }).AsPages().WithCancellation(timeout.Token))
        {
            Assert.True(page.Values.Count <= 2);
            found.AddRange(page.Values);
        }

        Assert.Equal(ids.Order(), found.Select(m => m.InstanceId).Order());
        Assert.Equal([1, 2, 3], found.OrderBy(m => m.InstanceId).Select(m => m.ReadOutputAs<int>()));

        await foreach (var unexpected in Client.GetAllInstancesAsync(new OrchestrationQuery
                           {
                               InstanceIdPrefix = prefix,
                               Statuses = [OrchestrationRuntimeStatus.Running],
                           }).WithCancellation(timeout.Token))
        {
            Assert.Fail($"{unexpected.InstanceId} is reported running after it completed.");
        }
    }

    [Fact]
    public async Task Purge_removes_a_finished_instance_but_not_a_running_one()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var finished = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(CountLettersOrchestration), new LetterCountRequest("purge me"), new StartOrchestrationOptions(NewId("purge")), timeout.Token);
        await Client.WaitForInstanceCompletionAsync(finished, timeout.Token);
        var running = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GreetingOrchestration), new GreetingRequest("Barbara", 120), new StartOrchestrationOptions(NewId("keep")), timeout.Token);
        await WaitForPhaseAsync(running, "awaiting-approval", timeout.Token);

        Assert.Equal(1, (await Client.PurgeInstanceAsync(finished, timeout.Token)).PurgedInstanceCount);
        Assert.Equal(0, (await Client.PurgeInstanceAsync(running, timeout.Token)).PurgedInstanceCount);

        Assert.Null(await Client.GetInstanceAsync(finished, timeout.Token));
        Assert.NotNull(await Client.GetInstanceAsync(running, timeout.Token));
        await Client.TerminateInstanceAsync(running, timeout.Token);
    }

    [Fact]
    public async Task Fan_out_runs_every_activity_and_gathers_their_results()
    {
        using var timeout = new CancellationTokenSource(Patience);
        const int count = 60;
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(FanOutOrchestration), count, new StartOrchestrationOptions(NewId("fanout")), timeout.Token);

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(count * (count + 1) / 2, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Raising_an_event_to_an_unknown_instance_fails()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.RaiseEventAsync(NewId("ghost"), "Anything", "data"));
    }

    [Fact]
    public async Task A_new_host_on_the_same_hub_finishes_what_the_stopped_one_started()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var hub = AzuriteFixture.NewPrefix() + "hub";
        var id = NewId("restart");

        var first = LocalEngineHost.Build(hub);
        await first.StartAsync(timeout.Token);
        var firstClient = first.Services.GetRequiredService<DurableTaskClient>();
        await firstClient.ScheduleNewOrchestrationInstanceAsync(
            nameof(GreetingOrchestration), new GreetingRequest("Edsger", 120), new StartOrchestrationOptions(id), timeout.Token);
        await WaitForPhaseAsync(firstClient, id, "awaiting-approval", timeout.Token);
        await first.StopAsync(timeout.Token);
        first.Dispose();

        using var second = LocalEngineHost.Build(hub);
        await second.StartAsync(timeout.Token);
        try
        {
            var client = second.Services.GetRequiredService<DurableTaskClient>();
            await client.RaiseEventAsync(id, GreetingOrchestration.ApprovalEvent, new Approval("the second host"), timeout.Token);
            var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
            Assert.Equal("approved by the second host", done.ReadOutputAs<GreetingOutcome>()!.Decision);
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            await second.Services.GetRequiredService<AzureStorageOrchestrationService>().DeleteAsync();
        }
    }

    [Fact]
    public async Task An_activity_cancelled_by_shutdown_runs_again_in_the_next_host_instead_of_failing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var hub = AzuriteFixture.NewPrefix() + "hub";
        var id = NewId("shutdown");

        var first = LocalEngineHost.Build(hub, holdActivitiesUntilStopping: true);
        await first.StartAsync(timeout.Token);
        await first.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            nameof(ShutdownOrchestration), "work", new StartOrchestrationOptions(id), timeout.Token);
        await first.Services.GetRequiredService<ActivityGate>().Entered.Task.WaitAsync(timeout.Token);
        await first.StopAsync(timeout.Token);
        first.Dispose();

        using var second = LocalEngineHost.Build(hub);
        await second.StartAsync(timeout.Token);
        try
        {
            var done = await second.Services.GetRequiredService<DurableTaskClient>()
                .WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal("work finished", done.ReadOutputAs<string>());
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            await second.Services.GetRequiredService<AzureStorageOrchestrationService>().DeleteAsync();
        }
    }

    private static string NewId(string purpose) => $"{purpose}-{Guid.NewGuid():N}";

    private Task<OrchestrationMetadata> WaitForPhaseAsync(string id, string phase, CancellationToken cancellation) =>
        WaitForPhaseAsync(Client, id, phase, cancellation);

    private static async Task<OrchestrationMetadata> WaitForPhaseAsync(
        DurableTaskClient client, string id, string phase, CancellationToken cancellation)
    {
        while (true)
        {
            var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellation);
            if (state?.SerializedCustomStatus is not null && state.ReadCustomStatusAs<GreetingStatus>()?.Phase == phase)
            {
                return state;
            }

            Assert.False(state?.IsCompleted ?? false, $"Instance {id} finished before reaching phase {phase}.");
            await Task.Delay(100, cancellation);
        }
    }

    private async Task WaitForStatusAsync(string id, OrchestrationRuntimeStatus status, CancellationToken cancellation)
    {
        while ((await Client.GetInstanceAsync(id, cancellation))?.RuntimeStatus != status)
        {
            await Task.Delay(100, cancellation);
        }
    }
}
