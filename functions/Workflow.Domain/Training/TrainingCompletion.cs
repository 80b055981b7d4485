namespace Workflow.Domain.Training;

/// <summary>When the 修了証 is issued.</summary>
public static class TrainingCompletion
{
    /// <summary>
    /// Every session 1..sessionCount attended: the training is the ministry's guarantee of basic knowledge, so
    /// partial attendance does not earn the certificate. With no sessions there is nothing completed, hence false.
    /// </summary>
    public static bool IsComplete(IReadOnlyCollection<int> attendedSessionNumbers, int sessionCount)
    {
        if (attendedSessionNumbers is null || sessionCount < 1)
        {
            return false;
        }

        var attended = attendedSessionNumbers.ToHashSet();
        return Enumerable.Range(1, sessionCount).All(attended.Contains);
    }

    /// <summary>The sessions still to attend, for reminders.</summary>
    public static IReadOnlyList<int> MissingSessions(IReadOnlyCollection<int> attendedSessionNumbers, int sessionCount)
    {
        var attended = (attendedSessionNumbers ?? []).ToHashSet();
        return Enumerable.Range(1, Math.Max(0, sessionCount)).Where(n => !attended.Contains(n)).ToList();
    }
}
