using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Workflow.Functions.Telemetry;

/// <summary>
/// In the Functions worker: tags each invocation's span with the round its binding data names (an HTTP route's
/// <c>roundId</c> or <c>appointmentId</c>, an activity's <c>instanceId</c>). The local host does the same from its
/// route values and the engine's spans.
/// </summary>
public sealed class RoundTagMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        WorkflowTelemetry.TagRound(WorkflowTelemetry.RoundIdFrom(context.BindingContext.BindingData));
        return next(context);
    }
}
