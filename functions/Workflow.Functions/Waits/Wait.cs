using Workflow.Functions.Rounds;

namespace Workflow.Functions.Waits;

/// <summary>Someone who can end a wait.</summary>
/// <param name="Role">One of <see cref="Waiting"/>'s values.</param>
/// <param name="Organisation">
/// The organisation by its id, where the party is one: a municipality's 団体コード, or for the operator the round id —
/// an operator is known to this system only as the one commissioned for a round (its token's <c>rounds</c> claim)
/// and has no id of its own. Null for the ministry, the panel, a person and applicants: orchestration state holds ids
/// and dates, never who a person is.
/// </param>
public sealed record WaitParty(string Role, string? Organisation = null);

/// <summary>
/// What an orchestration waits for now, as its custom status says it: whom, since when, until when and whether that
/// date has been missed. Built only from the orchestration's input, its activities' results and the context's clock,
/// so a replay builds the same value.
/// </summary>
/// <param name="WaitingFor">One of <see cref="Waiting"/>'s values: the party whose action the orchestration waits for.</param>
/// <param name="Organisation">See <see cref="WaitParty.Organisation"/>.</param>
/// <param name="Since">When this wait began (the orchestration's clock); null only in statuses written before it was recorded.</param>
/// <param name="Deadline">
/// The date the wait is bound by. An overdue wait keeps the date it missed, so whoever reads it can say by how much.
/// </param>
/// <param name="Overdue">The deadline passed and the orchestration still waits for a person (no date closes it now).</param>
/// <param name="Also">Others who may end this wait too, e.g. the operator who may still accept an overdue commission.</param>
public sealed record Wait(
    string WaitingFor,
    string? Organisation,
    DateTimeOffset? Since,
    DateTimeOffset? Deadline,
    bool Overdue,
    IReadOnlyList<WaitParty> Also)
{
    /// <summary>Never null, also when read from a status that had no such field.</summary>
    public IReadOnlyList<WaitParty> Also { get; init; } = Also ?? [];

    /// <summary>The wait of an orchestration that waits for no one (working, or finished).</summary>
    public static Wait None(DateTimeOffset? since) => new(Waiting.Nobody, null, since, null, false, []);

    /// <summary>A status written before waits were recorded in full: whom and until when, nothing more.</summary>
    public static Wait FromFirstShape(string? waitingFor, DateTimeOffset? until) =>
        new(string.IsNullOrEmpty(waitingFor) ? Waiting.Nobody : waitingFor, null, null, until, false, []);

    /// <summary>Everyone who can end this wait: the one it waits for, then the others.</summary>
    public IEnumerable<WaitParty> Parties() => Also.Prepend(new WaitParty(WaitingFor, Organisation));
}
