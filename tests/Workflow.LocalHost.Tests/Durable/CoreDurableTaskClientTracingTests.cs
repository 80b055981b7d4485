using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests.Durable;

/// <summary>
/// The local client starts a trace the way the SDK's client does in Azure: a create_orchestration span under the
/// caller's span, whose context the engine continues into the orchestration and every activity it runs (ADR 0020).
/// </summary>
[Collection("Azurite")]
public sealed class CoreDurableTaskClientTracingTests : IClassFixture<LocalEngineFixture>, IDisposable
{
    private static readonly ActivitySource Requests = new("Workflow.LocalHost.Tests.Requests");

    private readonly ConcurrentBag<Activity> _ended = [];
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = s => s.Name is "DurableTask.Core" or "Microsoft.DurableTask" or "Workflow.LocalHost.Tests.Requests",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    private readonly LocalEngineFixture _engine;

    public CoreDurableTaskClientTracingTests(LocalEngineFixture engine)
    {
        _engine = engine;
        _listener.ActivityStopped = _ended.Add;
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task A_request_its_orchestration_and_the_activities_share_one_trace()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var id = $"traced-{Guid.NewGuid():N}";
        string traceId;
        string requestSpan;
        using (var request = Requests.StartActivity("POST api/fan-out", ActivityKind.Server)!)
        {
            traceId = request.TraceId.ToHexString();
            requestSpan = request.SpanId.ToHexString();
            await _engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestration), 3, new StartOrchestrationOptions(id), timeout.Token);
        }

        await _engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, timeout.Token);
        Activity? orchestration = null;
        while (orchestration is null)
        {
            orchestration = _ended.FirstOrDefault(a => DurableSpanNames.Is(a.DisplayName, "orchestration", nameof(FanOutOrchestration)) && (string?)a.GetTagItem("durabletask.task.instance_id") == id);
            await Task.Delay(50, timeout.Token);
        }

        var create = Assert.Single(_ended, a => DurableSpanNames.Is(a.DisplayName, "create_orchestration", nameof(FanOutOrchestration)) && (string?)a.GetTagItem("durabletask.task.instance_id") == id);
        Assert.Equal((traceId, requestSpan), (create.TraceId.ToHexString(), create.ParentSpanId.ToHexString()));
        Assert.Equal(ActivityKind.Producer, create.Kind);
        Assert.Equal((traceId, create.SpanId.ToHexString()), (orchestration.TraceId.ToHexString(), orchestration.ParentSpanId.ToHexString()));
        var ran = _ended.Where(a => DurableSpanNames.Is(a.DisplayName, "activity", nameof(CountLetters)) && a.Kind == ActivityKind.Server && (string?)a.GetTagItem("durabletask.task.instance_id") == id).ToList();
        Assert.Equal(3, ran.Count);
        Assert.All(ran, a => Assert.Equal(traceId, a.TraceId.ToHexString()));
    }

    [Fact]
    public async Task Raising_an_event_is_a_span_of_the_caller_naming_its_target()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var id = $"woken-{Guid.NewGuid():N}";
        await _engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetingOrchestration), new GreetingRequest("Ada", 120), new StartOrchestrationOptions(id), timeout.Token);
        string requestSpan;
        using (var request = Requests.StartActivity("POST api/approve", ActivityKind.Server)!)
        {
            requestSpan = request.SpanId.ToHexString();
            await _engine.Client.RaiseEventAsync(id, GreetingOrchestration.ApprovalEvent, new Approval("the lead"), timeout.Token);
        }

        var raised = Assert.Single(_ended, a => DurableSpanNames.Is(a.DisplayName, "orchestration_event", GreetingOrchestration.ApprovalEvent) && (string?)a.GetTagItem("durabletask.event.instance_id") == id);
        Assert.Equal(requestSpan, raised.ParentSpanId.ToHexString());
        await _engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, timeout.Token);
    }

    public void Dispose() => _listener.Dispose();
}
