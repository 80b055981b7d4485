using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.LocalHost.Durable;

namespace Workflow.LocalHost.Http;

/// <summary>
/// Serves every [HttpTrigger] function of the Functions app at the route and methods its attribute declares,
/// by calling the very method Azure Functions calls, with the same kinds of arguments.
/// </summary>
public static class FunctionHttpEndpoints
{
    /// <summary>The route and methods a trigger is served at, as Azure Functions computes them.</summary>
    public static (string Route, string[] Methods) RouteOf(FunctionEntryPoint function, string routePrefix)
    {
        var trigger = (HttpTriggerAttribute)function.TriggerAttribute;
        var route = string.IsNullOrEmpty(trigger.Route) ? function.Name : trigger.Route;
        var full = string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix.Trim('/')}/{route.TrimStart('/')}";
        var methods = (trigger.Methods is { Length: > 0 } m ? m : ["get", "post", "put", "delete", "patch", "head", "options"])
            .Select(x => x.ToUpperInvariant()).ToArray();
        return ("/" + full, methods);
    }

    public static IEndpointRouteBuilder MapFunctionHttpTriggers(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog, string routePrefix)
    {
        foreach (var function in catalog.HttpTriggers)
        {
            var (route, methods) = RouteOf(function, routePrefix);
            endpoints.MapMethods(route, methods, context => InvokeAsync(function, context)).WithName(function.Name);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(FunctionEntryPoint function, HttpContext context)
    {
        var services = context.RequestServices;
        var instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Method.DeclaringType!);
        var arguments = function.Method.GetParameters().Select(p => Argument(p, context)).ToArray();
        var result = await FunctionInvoker.InvokeAsync(function.Method, instance, arguments);
        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case null:
                break;
            default:
                await context.Response.WriteAsJsonAsync(result, result.GetType());
                break;
        }
    }

    private static object? Argument(ParameterInfo parameter, HttpContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(DurableTaskClient))
        {
            return context.RequestServices.GetRequiredService<DurableTaskClient>();
        }

        // Like Functions' binding data: route values by parameter name.
        return context.GetRouteValue(parameter.Name!)?.ToString();
    }
}
