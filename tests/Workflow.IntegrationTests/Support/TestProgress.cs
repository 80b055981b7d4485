using Xunit.Abstractions;

namespace Workflow.IntegrationTests;

/// <summary>The demo driver's progress in the test's output, each line with the UTC time, to set beside the host's log.</summary>
internal sealed class TestProgress(ITestOutputHelper output) : IProgress<string>
{
    public void Report(string value)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {value}");
        }
        catch (InvalidOperationException)
        {
            // A line that arrives after the test has ended has nowhere to go.
        }
    }
}
