using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// Runs an <c>[ActivityTrigger]</c> method as an SDK activity: the shim deserializes the input into the trigger
/// parameter's type and serializes the result, both with the SDK's data converter.
/// </summary>
internal sealed class FunctionActivity(
    FunctionEntryPoint entryPoint,
    IServiceProvider services,
    CancellationToken stopping) : ITaskActivity
{
    public Type InputType => entryPoint.TriggerParameter.ParameterType;

    public Type OutputType => FunctionCatalog.ResultType(entryPoint.Method) ?? typeof(object);

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        try
        {
            // The catalog guarantees every other parameter is a CancellationToken.
            return await FunctionInvoker.InvokeInNewScopeAsync(services, entryPoint.Method,
                p => p.Position == entryPoint.TriggerParameter.Position ? input : stopping);
        }
        catch (OperationCanceledException e) when (stopping.IsCancellationRequested)
        {
            // Reported as a failure, a shutdown would fail the orchestration; aborting hands the work item back to
            // the queue, so the next process runs the activity again.
            throw new SessionAbortedException($"Activity '{entryPoint.Name}' was cancelled because the host is stopping.", e);
        }
    }
}
