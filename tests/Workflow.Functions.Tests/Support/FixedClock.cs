namespace Workflow.Functions.Tests.Support;

/// <summary>A clock that says what the test needs, so window checks do not depend on when the suite runs.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
