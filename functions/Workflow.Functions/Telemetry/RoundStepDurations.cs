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
    /// <remarks>
    /// "Before" is the order of <see cref="RoundState"/>, not the times: a person's command records the next state on the
    /// row before the orchestration moves to the one it was woken for, so the latest time may belong to a later state.
    /// </remarks>
    public static (RoundStep Step, TimeSpan Duration)? Ended(IReadOnlyDictionary<RoundState, DateTimeOffset> stateTimes, RoundState state, DateTimeOffset at)
    {
        var earlier = stateTimes.Where(t => t.Key < state).ToList();
        if (earlier.Count == 0)
        {
            return null;
        }

        var previous = earlier.Max(t => t.Key);
        var step = RoundStateMachine.StepOf(previous);
        if (step == RoundStateMachine.StepOf(state) && !RoundStateMachine.IsFinal(state))
        {
            return null;
        }

        var began = earlier.Where(t => RoundStateMachine.StepOf(t.Key) == step).Min(t => t.Value);
        return (step, at - began);
    }
}
