using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// Runs an <c>[OrchestrationTrigger]</c> method as an SDK orchestrator, for the SDK's shim to drive on DurableTask.Core.
/// </summary>
/// <remarks>
/// A function-based orchestrator never declares its input type: it calls <c>context.GetInput&lt;T&gt;()</c>. The shim,
/// however, deserializes the input into <see cref="InputType"/> up front and its context only casts that object. So the
/// input is taken as a <see cref="JsonElement"/> (the raw JSON, untouched) and the method gets a context whose
/// <c>GetInput&lt;T&gt;()</c> deserializes that JSON with the same converter, as the Functions runtime does.
/// </remarks>
internal sealed class FunctionOrchestrator(
    FunctionEntryPoint entryPoint,
    IServiceProvider services,
    DataConverter dataConverter,
    ILoggerFactory loggerFactory) : ITaskOrchestrator
{
    public Type InputType => typeof(JsonElement);

    public Type OutputType => FunctionCatalog.ResultType(entryPoint.Method) ?? typeof(object);

    public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var rawInput = input is JsonElement json ? json.GetRawText() : null;
        var functionContext = new FunctionOrchestrationContext(context, rawInput, dataConverter, loggerFactory);

        // Orchestrators get no scope: an episode that awaits pending work never finishes, so a scope would never be
        // disposed. Constructor injection still works for singletons, as in Functions.
        var target = entryPoint.Method.IsStatic
            ? null
            : ActivatorUtilities.CreateInstance(services, entryPoint.Method.DeclaringType!);
        return await FunctionInvoker.InvokeAsync(entryPoint.Method, target, [functionContext]);
    }
}
