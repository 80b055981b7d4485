using Microsoft.Azure.Functions.Worker;

namespace Workflow.Functions.Apply;

/// <param name="WrittenBefore">Only résumés last written before this are looked at (from the orchestrator, so a replay sweeps the same).</param>
public sealed record SweepOrphanResumesInput(string RoundId, int Shard, DateTimeOffset WrittenBefore);

public sealed record ShardResumeSweep(int Shard, int Removed);

/// <summary>
/// After the application window: removes the résumés of one shard that no application names. A submission uploads
/// its résumé before the transaction that stores the application (the row must not name a document that is not
/// there), so a process that dies between the two leaves the upload behind, and nothing else would ever remove it.
/// </summary>
/// <remarks>
/// The round calls this once the window's closing is recorded, with that moment as <see cref="SweepOrphanResumesInput.WrittenBefore"/>.
/// No margin is needed: a submission stores its row, then reads the round; one that read the window open stored its
/// row before the closing and so before this sweep reads rows, and one that reads it closed takes back its own row
/// and résumé, so removing its résumé here first changes nothing.
/// </remarks>
public sealed class SweepOrphanResumes(ApplicationStore applications)
{
    [Function(nameof(SweepOrphanResumes))]
    public async Task<ShardResumeSweep> Run([ActivityTrigger] SweepOrphanResumesInput input, CancellationToken cancellationToken) =>
        new(input.Shard, await applications.RemoveOrphanResumesAsync(input.RoundId, input.Shard, input.WrittenBefore, cancellationToken));
}
