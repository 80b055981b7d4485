using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Workflow.LocalHost.Tests.Durable;

// Small functions written exactly like the Functions app's, so the engine is tested on the shapes it must run.

public sealed record GreetingRequest(string Name, int TimeoutSeconds);

public sealed record Approval(string By);

public sealed record GreetingStatus(string Phase, string Detail);

public sealed record GreetingOutcome(string Greeting, string Decision, int Letters, string Pong);

public sealed record LetterCountRequest(string Text);

public sealed record FailureRequest(string Reason, bool Compensate);

/// <summary>Scoped, so it proves activities get a DI scope per invocation.</summary>
public sealed class GreetingService
{
    public string Greet(string name) => $"Hello, {name}!";
}

/// <summary>Singleton the tests read to see which instances ran an activity.</summary>
public sealed class VisitLog
{
    public ConcurrentDictionary<string, int> Visits { get; } = new();
}

public sealed class GreetingOrchestration
{
    public const string ApprovalEvent = "Approval";

    [Function(nameof(GreetingOrchestration))]
    public async Task<GreetingOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<GreetingRequest>()!;
        var greeting = await context.CallActivityAsync<string>(nameof(ComposeGreeting), request.Name);
        context.SetCustomStatus(new GreetingStatus("awaiting-approval", greeting));

        // The usual human-interaction race: an external event against a durable timer, the loser cancelled.
        using var cancel = new CancellationTokenSource();
        var approval = context.WaitForExternalEvent<Approval>(ApprovalEvent, cancel.Token);
        var deadline = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(request.TimeoutSeconds), cancel.Token);
        var winner = await Task.WhenAny(approval, deadline);
        cancel.Cancel();
        var decision = winner == approval ? $"approved by {approval.Result.By}" : "timed out";

        var letters = await context.CallSubOrchestratorAsync<int>(
            nameof(CountLettersOrchestration), new LetterCountRequest(request.Name));
        var pong = await context.CallActivityAsync<string>(nameof(Ping));
        await context.CallActivityAsync(nameof(RecordVisit), context.InstanceId);
        context.SetCustomStatus(new GreetingStatus("done", decision));
        return new GreetingOutcome(greeting, decision, letters, pong);
    }
}

public static class CountLettersOrchestration
{
    [Function(nameof(CountLettersOrchestration))]
    public static Task<int> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<LetterCountRequest>()!;
        return context.CallActivityAsync<int>(nameof(CountLetters), request.Text);
    }
}

public static class FanOutOrchestration
{
    [Function(nameof(FanOutOrchestration))]
    public static async Task<int> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var count = context.GetInput<int>();
        var letters = await Task.WhenAll(Enumerable.Range(1, count)
            .Select(i => context.CallActivityAsync<int>(nameof(CountLetters), new string('x', i))));
        return letters.Sum();
    }
}

public static class ShutdownOrchestration
{
    [Function(nameof(ShutdownOrchestration))]
    public static Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync<string>(nameof(WaitForShutdown), context.GetInput<string>());
}

public sealed class FailingOrchestration
{
    [Function(nameof(FailingOrchestration))]
    public async Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<FailureRequest>()!;
        try
        {
            await context.CallActivityAsync(nameof(Explode), request.Reason);
            return "not reached";
        }
        catch (TaskFailedException e) when (request.Compensate)
        {
            return $"compensated: {e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage}";
        }
    }
}

/// <summary>Per host: whether <see cref="WaitForShutdown"/> blocks until the host stops.</summary>
public sealed class ActivityGate(bool holdUntilStopping)
{
    public bool HoldUntilStopping { get; } = holdUntilStopping;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class WaitForShutdown(ActivityGate gate)
{
    [Function(nameof(WaitForShutdown))]
    public async Task<string> Run([ActivityTrigger] string label, CancellationToken cancellationToken)
    {
        if (gate.HoldUntilStopping)
        {
            gate.Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return $"{label} finished";
    }
}

public sealed class ComposeGreeting(GreetingService greetings, ILogger<ComposeGreeting> logger)
{
    [Function(nameof(ComposeGreeting))]
    public async Task<string> Run([ActivityTrigger] string name, CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken);
        logger.LogInformation("Greeting {Name}", name);
        return greetings.Greet(name);
    }
}

public static class CountLetters
{
    [Function(nameof(CountLetters))]
    public static int Run([ActivityTrigger] string text) => text.Count(char.IsLetter);
}

public static class Ping
{
    [Function(nameof(Ping))]
    public static ValueTask<string> Run([ActivityTrigger] object? ignored) => ValueTask.FromResult("pong");
}

public sealed class RecordVisit(VisitLog log)
{
    [Function(nameof(RecordVisit))]
    public Task Run([ActivityTrigger] string instanceId)
    {
        log.Visits.AddOrUpdate(instanceId, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}

public static class Explode
{
    [Function(nameof(Explode))]
    public static void Run([ActivityTrigger] string reason) => throw new InvalidOperationException(reason);
}

public static class SampleHttp
{
    [Function(nameof(SampleHttp))]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sample")] HttpRequest request) =>
        new OkResult();
}

/// <summary>Counts the sample timer's runs and whether two ever overlapped.</summary>
public sealed class TimerRuns
{
    private int _running;

    public ConcurrentQueue<(DateTimeOffset At, TimerInfo Info)> Runs { get; } = new();

    public bool Overlapped { get; private set; }

    public async Task RunAsync(TimerInfo info)
    {
        if (Interlocked.Increment(ref _running) > 1)
        {
            Overlapped = true;
        }

        Runs.Enqueue((DateTimeOffset.UtcNow, info));

        // Longer than the schedule's period: a host that started the next run on time would overlap this one.
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        Interlocked.Decrement(ref _running);
    }
}

public sealed class SampleTimer(TimerRuns runs)
{
    [Function(nameof(SampleTimer))]
    public Task Run([TimerTrigger("%SampleTimerSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => runs.RunAsync(timer);
}

/// <summary>A timer that asks for the durable client, as a timer that starts or purges orchestrations does.</summary>
public sealed class SampleDurableTimer(TimerRuns runs)
{
    public static readonly ConcurrentQueue<Microsoft.DurableTask.Client.DurableTaskClient> Clients = new();

    [Function(nameof(SampleDurableTimer))]
    public Task Run([TimerTrigger("%SampleTimerSchedule%")] TimerInfo timer, [DurableClient] Microsoft.DurableTask.Client.DurableTaskClient client, CancellationToken cancellationToken)
    {
        Clients.Enqueue(client);
        return runs.RunAsync(timer);
    }
}

public sealed record VersionReport(string Version, string ChildVersion, string Path, string Pong);

/// <summary>
/// Says the version it runs at, the version its sub-orchestration got and which path it took, after an activity (which
/// the shims schedule with the orchestration's version) and, when asked, after an event.
/// </summary>
public static class VersionedOrchestration
{
    public const string ProceedEvent = "Proceed";

    [Function(nameof(VersionedOrchestration))]
    public static async Task<VersionReport> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        if (context.GetInput<bool>())
        {
            await context.WaitForExternalEvent<string>(ProceedEvent);
        }

        var pong = await context.CallActivityAsync<string>(nameof(Ping));
        var child = await context.CallSubOrchestratorAsync<string>(nameof(ReportVersionOrchestration));
        return new VersionReport(context.Version, child, context.CompareVersionTo("2") >= 0 ? "new" : "old", pong);
    }
}

public static class ReportVersionOrchestration
{
    [Function(nameof(ReportVersionOrchestration))]
    public static Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context) => Task.FromResult(context.Version);
}
