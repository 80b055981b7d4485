namespace Workflow.Domain.Appointments;

/// <summary>Where a municipality's need stands: open until the municipality says it was filled or no longer needed.</summary>
public enum NeedStatus { Open, Filled, Withdrawn }

/// <summary>Who closed a need, when, and how.</summary>
public sealed record NeedClosure(NeedStatus Status, DateTimeOffset At, string By);

public static class NeedRules
{
    public static string DisplayName(NeedStatus status) => status switch
    {
        NeedStatus.Open => "募集中",
        NeedStatus.Filled => "充足",
        NeedStatus.Withdrawn => "取りやめ",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown need status."),
    };

    /// <summary>
    /// Null when a need may be closed as <paramref name="wanted"/> now, or already was (a repeat); otherwise the reason,
    /// in Japanese. A need closes once: filled and withdrawn say different things to the ministry's count of the gap.
    /// </summary>
    public static string? RefuseClose(NeedClosure? current, NeedStatus wanted) => wanted switch
    {
        NeedStatus.Open => "ニーズを閉じる理由（充足または取りやめ）を選んでください。",
        _ when current is null || current.Status == wanted => null,
        _ => $"このニーズは既に「{DisplayName(current.Status)}」として閉じています。",
    };
}
