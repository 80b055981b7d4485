using System.Diagnostics;
using Workflow.Functions.Platform;

namespace Workflow.LocalHost.Tests.Platform;

/// <summary>`Workflow.LocalHost openapi FILE` writes the served document without starting a host (no storage needed).</summary>
public sealed class OpenApiCommandTests
{
    [Fact]
    public async Task The_openapi_command_writes_the_document_the_app_serves()
    {
        var file = Path.Combine(Path.GetTempPath(), $"workflow-openapi-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Workflow.LocalHost.dll"), "openapi", file })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await errors);
            Assert.Equal(OpenApiDocument.Text, await File.ReadAllTextAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
