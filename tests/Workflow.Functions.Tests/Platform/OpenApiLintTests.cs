using System.Diagnostics;
using Workflow.Functions.Platform;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Platform;

/// <summary>
/// Redocly CLI's recommended rules, every warning an error, on the very document the app serves
/// (<c>tools/openapi/redocly.yaml</c> names each rule turned off and why). <c>./workflow test</c> installs the linter
/// with <c>npm ci</c> in tools/openapi; without it this test fails rather than pass unlinted.
/// </summary>
public sealed class OpenApiLintTests
{
    [Fact]
    public async Task The_served_document_passes_redoclys_recommended_rules()
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "tools", "openapi");
        var redocly = Path.Combine(folder, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"Redocly CLI is not installed: run `npm ci` in {folder} (./workflow test does).");
        var document = Path.Combine(Path.GetTempPath(), $"workflow-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, OpenApiDocument.Text);
        try
        {
            var start = new ProcessStartInfo(redocly)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "lint", document, "--config", Path.Combine(folder, "redocly.yaml"), "--format", "stylish" })
            {
                start.ArgumentList.Add(argument);
            }

            // No telemetry or update checks from a test: it reaches nothing beyond this machine.
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"redocly lint exited {process.ExitCode}:{Environment.NewLine}{await output}{Environment.NewLine}{await errors}");
        }
        finally
        {
            File.Delete(document);
        }
    }
}
