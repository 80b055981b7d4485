using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.DurableTask;

namespace Workflow.LocalHost.Durable;

/// <summary>One <c>[Function]</c> method of the Functions app and the parameter that carries its trigger.</summary>
public sealed record FunctionEntryPoint(string Name, MethodInfo Method, ParameterInfo TriggerParameter, Attribute TriggerAttribute);

/// <summary>
/// The Functions app's own entry points, found by reflection so that the local host runs exactly the methods Azure
/// runs and no orchestrator or activity is ever defined twice. Discovery is strict: a function the local engine could
/// not call the way the Functions runtime does fails here, at startup, rather than at its first invocation.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(
        IReadOnlyList<FunctionEntryPoint> orchestrators,
        IReadOnlyList<FunctionEntryPoint> activities,
        IReadOnlyList<FunctionEntryPoint> httpTriggers,
        IReadOnlyList<FunctionEntryPoint> timerTriggers)
    {
        Orchestrators = orchestrators;
        Activities = activities;
        HttpTriggers = httpTriggers;
        TimerTriggers = timerTriggers;
    }

    public IReadOnlyList<FunctionEntryPoint> Orchestrators { get; }

    public IReadOnlyList<FunctionEntryPoint> Activities { get; }

    /// <summary>Methods with an <see cref="HttpTriggerAttribute"/> parameter; serving them is up to the host.</summary>
    public IReadOnlyList<FunctionEntryPoint> HttpTriggers { get; }

    /// <summary>Methods with a <see cref="TimerTriggerAttribute"/> parameter; the host runs them on their schedules.</summary>
    public IReadOnlyList<FunctionEntryPoint> TimerTriggers { get; }

    public static FunctionCatalog FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // A type that cannot load may be a function; skipping it would silently drop that function.
            throw new InvalidOperationException(
                $"Could not load every type of {assembly.GetName().Name} to discover its functions.", e);
        }

        return FromTypes(types);
    }

    public static FunctionCatalog FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var orchestrators = new List<FunctionEntryPoint>();
        var activities = new List<FunctionEntryPoint>();
        var httpTriggers = new List<FunctionEntryPoint>();
        var timerTriggers = new List<FunctionEntryPoint>();
        var names = new Dictionary<string, MethodInfo>(StringComparer.OrdinalIgnoreCase);

        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                       BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(flags))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null)
                {
                    continue;
                }

                // The Durable Task engine looks functions up by name without regard to case, as Azure does.
                if (names.TryGetValue(function.Name, out var other))
                {
                    throw new InvalidOperationException(
                        $"Function '{function.Name}' is defined twice: {Describe(other)} and {Describe(method)}.");
                }

                names.Add(function.Name, method);
                var entryPoint = Classify(function.Name, method);
                switch (entryPoint?.TriggerAttribute)
                {
                    case OrchestrationTriggerAttribute:
                        ValidateOrchestrator(entryPoint);
                        orchestrators.Add(entryPoint);
                        break;
                    case ActivityTriggerAttribute:
                        ValidateActivity(entryPoint);
                        activities.Add(entryPoint);
                        break;
                    case HttpTriggerAttribute:
                        ValidateHttpTrigger(entryPoint);
                        httpTriggers.Add(entryPoint);
                        break;
                    case TimerTriggerAttribute:
                        ValidateTimerTrigger(entryPoint);
                        timerTriggers.Add(entryPoint);
                        break;
                }
            }
        }

        return new FunctionCatalog(orchestrators, activities, httpTriggers, timerTriggers);
    }

    /// <summary>The type a caller awaits from <paramref name="method"/>, or null when it produces no value.</summary>
    internal static Type? ResultType(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        if (returnType.IsGenericType &&
            (returnType.GetGenericTypeDefinition() == typeof(Task<>) ||
             returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return returnType.GetGenericArguments()[0];
        }

        return returnType;
    }

    private static FunctionEntryPoint? Classify(string name, MethodInfo method)
    {
        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes<TriggerBindingAttribute>(inherit: true).Select(a => (p, a)))
            .ToList();
        if (triggers.Count != 1)
        {
            throw new InvalidOperationException(
                $"Function '{name}' ({Describe(method)}) must have exactly one trigger parameter; it has {triggers.Count}.");
        }

        var (parameter, trigger) = triggers[0];
        if (trigger is EntityTriggerAttribute)
        {
            throw new NotSupportedException(
                $"Function '{name}' ({Describe(method)}) is a durable entity; the local host does not run entities.");
        }

        // Other trigger kinds (queues, blobs) are not used by the app; the host decides what to do with them.
        return trigger is OrchestrationTriggerAttribute or ActivityTriggerAttribute or HttpTriggerAttribute or TimerTriggerAttribute
            ? new FunctionEntryPoint(name, method, parameter, trigger)
            : null;
    }

    private static void ValidateOrchestrator(FunctionEntryPoint entryPoint)
    {
        var method = entryPoint.Method;
        ValidateCommon(entryPoint);
        if (method.GetParameters().Length != 1 || entryPoint.TriggerParameter.ParameterType != typeof(TaskOrchestrationContext))
        {
            throw new InvalidOperationException(
                $"Orchestrator function '{entryPoint.Name}' ({Describe(method)}) must take exactly one parameter: " +
                $"[OrchestrationTrigger] {nameof(TaskOrchestrationContext)}.");
        }

        // ValueTask results would be consumed once by the engine's replay loop; Functions only allows Task for orchestrators.
        if (method.ReturnType == typeof(ValueTask) ||
            (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            throw new InvalidOperationException(
                $"Orchestrator function '{entryPoint.Name}' ({Describe(method)}) must return Task, Task<T> or T, not a ValueTask.");
        }
    }

    private static void ValidateActivity(FunctionEntryPoint entryPoint)
    {
        var method = entryPoint.Method;
        ValidateCommon(entryPoint);
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.Position != entryPoint.TriggerParameter.Position && parameter.ParameterType != typeof(CancellationToken))
            {
                throw new InvalidOperationException(
                    $"Activity function '{entryPoint.Name}' ({Describe(method)}) has parameter '{parameter.Name}' of type " +
                    $"{parameter.ParameterType.Name}; the local host can only pass the [ActivityTrigger] input and a CancellationToken.");
            }
        }

        if (entryPoint.TriggerParameter.ParameterType.IsByRef || entryPoint.TriggerParameter.ParameterType == typeof(TaskActivityContext))
        {
            throw new InvalidOperationException(
                $"Activity function '{entryPoint.Name}' ({Describe(method)}) must take its input by value as the [ActivityTrigger] parameter.");
        }
    }

    private static void ValidateHttpTrigger(FunctionEntryPoint entryPoint)
    {
        var method = entryPoint.Method;
        ValidateCommon(entryPoint);
        foreach (var parameter in method.GetParameters())
        {
            // What the Functions runtime binds for our triggers: the request, the durable client, route values by name.
            var bindable = parameter.ParameterType == typeof(Microsoft.AspNetCore.Http.HttpRequest)
                           || parameter.ParameterType == typeof(CancellationToken)
                           || parameter.ParameterType == typeof(string)
                           || (parameter.ParameterType == typeof(Microsoft.DurableTask.Client.DurableTaskClient)
                               && parameter.GetCustomAttribute<DurableClientAttribute>() is not null);
            if (!bindable)
            {
                throw new InvalidOperationException(
                    $"HTTP function '{entryPoint.Name}' ({Describe(method)}) has parameter '{parameter.Name}' of type " +
                    $"{parameter.ParameterType.Name}; the local host can only pass HttpRequest, a [DurableClient] DurableTaskClient, " +
                    "route values as strings and a CancellationToken.");
            }
        }
    }

    private static void ValidateTimerTrigger(FunctionEntryPoint entryPoint)
    {
        var method = entryPoint.Method;
        ValidateCommon(entryPoint);
        // As the Functions runtime binds a timer: the TimerInfo, a [DurableClient] DurableTaskClient, a CancellationToken.
        if (entryPoint.TriggerParameter.ParameterType != typeof(TimerInfo)
            || method.GetParameters().Any(p => p.Position != entryPoint.TriggerParameter.Position && p.ParameterType != typeof(CancellationToken)
                && !(p.ParameterType == typeof(Microsoft.DurableTask.Client.DurableTaskClient) && p.GetCustomAttribute<DurableClientAttribute>() is not null)))
        {
            throw new InvalidOperationException(
                $"Timer function '{entryPoint.Name}' ({Describe(method)}) must take [TimerTrigger] TimerInfo and optionally a [DurableClient] DurableTaskClient and a CancellationToken.");
        }
    }

    private static void ValidateCommon(FunctionEntryPoint entryPoint)
    {
        var method = entryPoint.Method;
        if (method.IsGenericMethodDefinition || method.DeclaringType is null || method.DeclaringType.ContainsGenericParameters)
        {
            throw new InvalidOperationException($"Function '{entryPoint.Name}' ({Describe(method)}) cannot be generic.");
        }

        if (!method.IsStatic && method.DeclaringType.IsAbstract)
        {
            throw new InvalidOperationException(
                $"Function '{entryPoint.Name}' ({Describe(method)}) is an instance method of an abstract class.");
        }

        // An async void method would complete before its work does, so its result and failures would be lost.
        if (method.ReturnType == typeof(void) && method.GetCustomAttribute<AsyncStateMachineAttribute>() is not null)
        {
            throw new InvalidOperationException($"Function '{entryPoint.Name}' ({Describe(method)}) cannot be async void.");
        }
    }

    internal static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
