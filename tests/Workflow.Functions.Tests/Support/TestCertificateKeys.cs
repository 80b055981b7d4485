using Workflow.Functions.Train;

namespace Workflow.Functions.Tests.Support;

/// <summary>A development signing key of the test run's own (a fresh file), so no test depends on a developer's key.</summary>
public static class TestCertificateKeys
{
    private static readonly string KeyPath = Path.Combine(Path.GetTempPath(), $"workflow-test-certificates-{Environment.ProcessId}-{Guid.NewGuid():N}.pem");

    public static DevelopmentCertificateKeys Shared { get; } = new(KeyPath);
}
