using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Workflow.Functions.Tests.Support;

public static class TestHosts
{
    /// <summary>A port of its own per host, and no console logging: the engine's per-request lines would bury test output.</summary>
    public static DurableTaskTestHostOptions Options() => new() { Port = Workflow.Testing.LocalHostProcess.FreePort(), LoggerFactory = NullLoggerFactory.Instance };
}
