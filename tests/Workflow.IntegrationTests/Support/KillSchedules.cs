namespace Workflow.IntegrationTests;

/// <summary>How long the demo's schedule runs for a round whose host is killed on the way (ADR 0006).</summary>
public static class KillSchedules
{
    /// <summary>Killed while applications arrive: long enough that the window stays open while the host restarts.</summary>
    public static readonly TimeSpan WhileApplying = TimeSpan.FromSeconds(75);

    /// <summary>
    /// Killed at the window's close: the killed host may hold the round's own episode (the close command, on the
    /// control queue), which comes back only after the control queue's visibility timeout of a minute, ADR 0006's worst
    /// case. The selection deadline, three quarters in, must come after that and the screening it then runs, as in the
    /// crash matrix's screening point. A 75-s schedule put the deadline 55 s after the kill, and a round recovered at
    /// 61 s found selection closed (seen once in a full run).
    /// </summary>
    public static readonly TimeSpan AtWindowClose = TimeSpan.FromSeconds(110);
}
