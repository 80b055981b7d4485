using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflow.LocalHost.Durable;

namespace Workflow.LocalHost.Tests.Durable;

public sealed class FunctionCatalogTests
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.FromAssembly(typeof(FunctionCatalogTests).Assembly);

    [Fact]
    public void Finds_orchestrators_activities_and_http_triggers_by_their_function_names()
    {
        Assert.Equal(
            [nameof(CountLettersOrchestration), nameof(FailingOrchestration), nameof(FanOutOrchestration), nameof(GreetingOrchestration), nameof(ReportVersionOrchestration),
                nameof(ShutdownOrchestration), nameof(VersionedOrchestration)],
            Catalog.Orchestrators.Select(f => f.Name).Order());
        Assert.Equal(
            [nameof(ComposeGreeting), nameof(CountLetters), nameof(Explode), nameof(Ping), nameof(RecordVisit), nameof(WaitForShutdown)],
            Catalog.Activities.Select(f => f.Name).Order());
        Assert.Equal([nameof(SampleHttp)], Catalog.HttpTriggers.Select(f => f.Name));
        Assert.Equal([nameof(SampleDurableTimer), nameof(SampleTimer)], Catalog.TimerTriggers.Select(f => f.Name).Order(StringComparer.Ordinal));

        var compose = Catalog.Activities.Single(f => f.Name == nameof(ComposeGreeting));
        Assert.Equal(typeof(string), compose.TriggerParameter.ParameterType);
        Assert.IsType<ActivityTriggerAttribute>(compose.TriggerAttribute);
        Assert.Equal(typeof(ComposeGreeting).GetMethod(nameof(ComposeGreeting.Run)), compose.Method);

        var orchestrator = Catalog.Orchestrators.Single(f => f.Name == nameof(GreetingOrchestration));
        Assert.Equal(typeof(TaskOrchestrationContext), orchestrator.TriggerParameter.ParameterType);
        Assert.IsType<OrchestrationTriggerAttribute>(orchestrator.TriggerAttribute);
    }

    [Fact]
    public void Rejects_an_activity_with_a_parameter_it_cannot_supply_naming_the_function()
    {
        var assembly = EmitActivity("NeedsFunctionContext", typeof(FunctionContext));

        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromAssembly(assembly));

        Assert.Contains("NeedsFunctionContext", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FunctionContext), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_an_emitted_activity_that_only_adds_a_cancellation_token()
    {
        // The same emitted shape as the rejected one, so the rejection above is about the parameter type alone.
        var catalog = FunctionCatalog.FromAssembly(EmitActivity("TakesCancellation", typeof(CancellationToken)));

        Assert.Equal("TakesCancellation", Assert.Single(catalog.Activities).Name);
    }

    [Fact]
    public void Rejects_an_http_trigger_with_a_parameter_it_cannot_bind_naming_the_function()
    {
        var http = new CustomAttributeBuilder(
            typeof(HttpTriggerAttribute).GetConstructor([typeof(AuthorizationLevel), typeof(string[])])!,
            [AuthorizationLevel.Anonymous, new[] { "get" }]);

        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromAssembly(
            EmitFunction("HttpNeedsFunctionContext", http, typeof(Microsoft.AspNetCore.Http.HttpRequest), typeof(FunctionContext))));
        var accepted = FunctionCatalog.FromAssembly(
            EmitFunction("HttpTakesRouteValue", http, typeof(Microsoft.AspNetCore.Http.HttpRequest), typeof(string)));

        Assert.Contains("HttpNeedsFunctionContext", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FunctionContext), error.Message, StringComparison.Ordinal);
        Assert.Equal("HttpTakesRouteValue", Assert.Single(accepted.HttpTriggers).Name);
    }

    [Fact]
    public void Rejects_two_functions_with_the_same_name()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => FunctionCatalog.FromTypes([typeof(CountLetters), typeof(CountLetters)]));

        Assert.Contains(nameof(CountLetters), error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A one-function assembly built at run time: a bad function in this test assembly would break every other test's
    /// discovery of it.
    /// </summary>
    private static Assembly EmitActivity(string functionName, Type extraParameter) =>
        EmitFunction(functionName, new CustomAttributeBuilder(typeof(ActivityTriggerAttribute).GetConstructor(Type.EmptyTypes)!, []), typeof(string), extraParameter);

    private static Assembly EmitFunction(string functionName, CustomAttributeBuilder trigger, Type triggerType, Type extraParameter)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(
            new AssemblyName($"Emitted{functionName}{Guid.NewGuid():N}"), AssemblyBuilderAccess.Run);
        var type = assembly.DefineDynamicModule("Functions")
            .DefineType($"Emitted.{functionName}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var method = type.DefineMethod(
            "Run", MethodAttributes.Public | MethodAttributes.Static, typeof(string), [triggerType, extraParameter]);
        method.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(FunctionAttribute).GetConstructor([typeof(string)])!, [functionName]));
        method.DefineParameter(1, ParameterAttributes.None, "input").SetCustomAttribute(trigger);
        method.DefineParameter(2, ParameterAttributes.None, "extra");
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Ret);
        type.CreateType();
        return assembly;
    }
}
