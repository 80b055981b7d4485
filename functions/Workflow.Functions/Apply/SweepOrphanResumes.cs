using Microsoft.Azure.Functions.Worker;

namespace Workflow.Functions.Apply;

public sealed record ShardResumeSweep(int Shard, int Removed);

/// <summary>
/// After the application window: removes the résumés of one shard that no application names. A submission uploads
/// its résumé before the transaction that stores the application (the row must not name a document that is not
/// there), so a process that dies between the two leaves the upload behind, and nothing else would ever remove it.
/// </summary>
public sealed class SweepOrphanResumes(ApplicationStore applications)
{
    /// <summary>
    /// Only résumés written this long before <see cref="ShardInput.At"/> are looked at: a younger one may belong to a
    /// submission still on its way to its transaction. Requests end long before (the front end gives up at 230 s).
    /// </summary>
    public static readonly TimeSpan SafeMargin = TimeSpan.FromMinutes(15);

    /// <param name="input">The round, the shard, and the orchestrator's time (a replay sweeps the same résumés).</param>
    [Function(nameof(SweepOrphanResumes))]
    public async Task<ShardResumeSweep> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken) =>
        new(input.Shard, await applications.RemoveOrphanResumesAsync(input.RoundId, input.Shard, input.At - SafeMargin, cancellationToken));
}
