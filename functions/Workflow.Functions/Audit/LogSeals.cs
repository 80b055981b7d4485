using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Workflow.Domain.Audit;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Audit;

/// <summary>
/// Chain heads written where the app cannot rewrite them: a container that, in Azure, has a time-based immutability
/// policy (infra/app/storage.bicep), so a blob once created can be neither changed nor deleted while it runs. Locally
/// a plain container; blobs are still only ever created, never overwritten (If-None-Match: *).
/// </summary>
public sealed class LogSeals(WorkflowStorage storage, BusinessLog log, TimeProvider clock)
{
    public const string ContainerName = "log-seals";

    private readonly Lazy<Task<BlobContainerClient>> _container = new(async () =>
    {
        var container = storage.BlobService.GetBlobContainerClient(storage.Prefix + ContainerName);
        await container.CreateIfNotExistsAsync();
        return container;
    });

    /// <summary>
    /// Seals the chain's current head unless it is sealed already. Re-runnable: a seal of the same head is one blob
    /// (its name is the sequence number), and a second writer's attempt finds it there.
    /// </summary>
    /// <returns>The seal of the head, or null when the chain has no entry yet.</returns>
    public async Task<ChainSeal?> SealAsync(string chain, CancellationToken cancellationToken = default)
    {
        var head = await log.ReadHeadAsync(chain, cancellationToken);
        if (head is null)
        {
            return null;
        }

        var container = await _container.Value;
        var blob = container.GetBlobClient(BlobName(chain, head.Seq));
        var seal = new ChainSeal(chain, head.Seq, head.Hash, clock.GetUtcNow());
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(seal), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = MetadataOf(seal),
            }, cancellationToken);
            return seal;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return (await ReadAsync(chain, cancellationToken)).FirstOrDefault(s => s.Seq == head.Seq) ?? seal;
        }
    }

    /// <summary>Every seal of a chain, from the listing alone (the metadata carries the seal, so no blob is downloaded).</summary>
    public async Task<IReadOnlyList<ChainSeal>> ReadAsync(string chain, CancellationToken cancellationToken = default)
    {
        var container = await _container.Value;
        var seals = new List<ChainSeal>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, chain + "/", cancellationToken))
        {
            if (SealOf(chain, item.Metadata) is { } seal)
            {
                seals.Add(seal);
            }
        }

        return seals;
    }

    /// <summary>Sequence numbers padded so that the listing's order is the chain's.</summary>
    private static string BlobName(string chain, long seq) => $"{chain}/{seq.ToString("D12", CultureInfo.InvariantCulture)}.json";

    private static Dictionary<string, string> MetadataOf(ChainSeal seal) => new(StringComparer.Ordinal)
    {
        ["seq"] = seal.Seq.ToString(CultureInfo.InvariantCulture),
        ["hash"] = seal.Hash,
        ["sealedat"] = seal.SealedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
    };

    private static ChainSeal? SealOf(string chain, IDictionary<string, string> metadata) =>
        metadata.TryGetValue("seq", out var seq) && long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && metadata.TryGetValue("hash", out var hash)
        && metadata.TryGetValue("sealedat", out var at) && long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
        && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new ChainSeal(chain, number, hash, new DateTimeOffset(ticks, TimeSpan.Zero))
            : null;
}
