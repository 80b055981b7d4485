using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Workflow.LocalHost.Durable;

/// <summary>Calls a function method by reflection and awaits whatever awaitable shape it returns.</summary>
internal static class FunctionInvoker
{
    /// <summary>
    /// Calls the function in a DI scope of its own, as the Functions runtime creates one per execution: an instance
    /// method's class is built from the scope and disposed after the call.
    /// </summary>
    public static async Task<object?> InvokeInNewScopeAsync(IServiceProvider services, MethodInfo method, Func<ParameterInfo, object?> argumentFor)
    {
        await using var scope = services.CreateAsyncScope();
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        try
        {
            return await InvokeAsync(method, target, method.GetParameters().Select(argumentFor).ToArray());
        }
        finally
        {
            // Instances built by ActivatorUtilities are not tracked by the scope, so dispose them here.
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    public static async Task<object?> InvokeAsync(MethodInfo method, object? target, object?[] arguments)
    {
        // DoNotWrapExceptions keeps the function's own exception (and its type) for the engine's failure details.
        var returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        var returnType = method.ReturnType;

        if (returnType == typeof(void))
        {
            return null;
        }

        if (returnType == typeof(ValueTask))
        {
            await (ValueTask)returned!;
            return null;
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            returned = returnType.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null);
            returnType = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments());
        }

        if (typeof(Task).IsAssignableFrom(returnType))
        {
            var task = (Task?)returned ?? throw new InvalidOperationException(
                $"{FunctionCatalog.Describe(method)} returned a null task.");

            // No ConfigureAwait(false): orchestrator code must resume on the engine's single-threaded scheduler.
            await task;

            // The declared type decides: an async Task method's runtime task type also has a (meaningless) Result.
            return returnType.IsGenericType
                ? returnType.GetProperty(nameof(Task<int>.Result))!.GetValue(task)
                : null;
        }

        return returned;
    }
}
