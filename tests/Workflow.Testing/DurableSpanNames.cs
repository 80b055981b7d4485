namespace Workflow.Testing;

/// <summary>
/// Durable Task names its spans "{kind}:{name}", and "{kind}:{name}@({version})" for a versioned orchestration and
/// the work it schedules (ADR 0020, ADR 0021): tests find a span by kind and name whatever version ran it.
/// </summary>
public static class DurableSpanNames
{
    public static bool Is(string spanName, string kind, string name) =>
        spanName == $"{kind}:{name}" || spanName.StartsWith($"{kind}:{name}@(", StringComparison.Ordinal);
}
