using Workflow.Domain.Rounds;

namespace Workflow.Functions.Telemetry;

/// <summary>Which step a round's move ends, and how long the round spent in it, from the times it reached each state.</summary>
public static class RoundStepDurations
{
    /// <summary>
    /// The step that moving to <paramref name="state"/> at <paramref name="at"/> ends — the step of the state before it,
    /// when that step differs or the round ends — timed from the first state of that step; null when the move stays
    /// within a step or is the round's first.
    /// </summary>
    public static (RoundStep Step, TimeSpan Duration)? Ended(IReadOnlyDictionary<RoundState, DateTimeOffset> stateTimes, RoundState state, DateTimeOffset at)
    {
        var earlier = stateTimes.Where(t => t.Key != state && t.Value <= at).ToList();
        if (earlier.Count == 0)
        {
            return null;
        }

        var previous = earlier.MaxBy(t => t.Value).Key;
        var step = RoundStateMachine.StepOf(previous);
        if (step == RoundStateMachine.StepOf(state) && !RoundStateMachine.IsFinal(state))
        {
            return null;
        }

        var began = earlier.Where(t => RoundStateMachine.StepOf(t.Key) == step).Min(t => t.Value);
        return (step, at - began);
    }
}
