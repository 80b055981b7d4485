using System.Diagnostics;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Rounds;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Platform;

/// <summary>
/// The Azure Functions app must stay real: building it with the Functions SDK must produce metadata that
/// lists every [Function] entry point with the trigger it declares.
/// </summary>
public sealed class FunctionsMetadataBuildTests
{
    [Fact]
    public async Task Building_the_app_lists_every_function_with_its_trigger_in_functions_metadata()
    {
        var output = Path.Combine(Path.GetTempPath(), "workflow-metadata-" + Guid.NewGuid().ToString("N"));
        try
        {
            var project = Path.Combine(RepositoryRoot.Find(), "functions", "Workflow.Functions", "Workflow.Functions.csproj");
            var build = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "build", project, "-c", "Release", "--no-restore", "-nologo", "-v:q", "-o", output })
            {
                build.ArgumentList.Add(arg);
            }

            using var process = Process.Start(build)!;
            var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, "dotnet build of the Functions app failed:\n" + log);

            var metadata = FunctionsMetadata.Read(Path.Combine(output, "functions.metadata")).ToDictionary(f => f.Name);
            var declared = typeof(RecruitingRoundOrchestration).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
                .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
                .Where(x => x.Function is not null)
                .ToList();

            Assert.NotEmpty(declared);
            Assert.Equal(declared.Count, metadata.Count);
            foreach (var (method, function) in declared)
            {
                Assert.True(metadata.TryGetValue(function!.Name, out var entry), $"{function.Name} is missing from functions.metadata");
                Assert.Equal($"{method.DeclaringType!.FullName}.{method.Name}", entry.EntryPoint);
                var parameters = method.GetParameters();
                var expected = parameters.Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null) ? "httpTrigger"
                    : parameters.Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null) ? "orchestrationTrigger"
                    : parameters.Any(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null) ? "activityTrigger"
                    : parameters.Any(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null) ? "timerTrigger"
                    : "none";
                Assert.Equal(expected, entry.Trigger.Type);
                if (expected == "httpTrigger")
                {
                    var trigger = parameters.Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).First(a => a is not null)!;
                    Assert.Equal(trigger.Route, entry.Trigger.Route);
                    Assert.Equal(trigger.Methods!.Select(m => m.ToUpperInvariant()).Order(), entry.Trigger.Methods.Order());
                }
            }

            Assert.Contains(metadata.Values, f => f.Trigger.Type == "orchestrationTrigger" && f.Name == nameof(RecruitingRoundOrchestration));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
