using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Workflow.Domain.Audit;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Audit;

/// <summary>
/// Chain heads, and the breaks full verifications found, written where the app cannot rewrite them: a container that,
/// in Azure, has a time-based immutability policy (infra/app/storage.bicep), so a blob once created can be neither
/// changed nor deleted while it runs. Locally a plain container; blobs are only ever created (If-None-Match: *).
/// </summary>
/// <remarks>
/// Each blob carries what it records in its metadata too, so that reading a chain's seals is one listing, with no
/// download per seal.
/// </remarks>
public sealed class LogSeals(WorkflowStorage storage)
{
    public const string ContainerName = "log-seals";

    private const string BreaksFolder = "breaks";

    private readonly Lazy<Task<BlobContainerClient>> _container = new(async () =>
    {
        var container = storage.BlobService.GetBlobContainerClient(storage.Prefix + ContainerName);
        await container.CreateIfNotExistsAsync();
        return container;
    });

    /// <summary>Writes a seal; the blob's name is the sequence number, so a second seal of the same head finds it there.</summary>
    public async Task<ChainSeal> WriteSealAsync(ChainSeal seal, CancellationToken cancellationToken = default)
    {
        var name = $"{seal.Chain}/{Number(seal.Seq)}.json";
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seq"] = Number(seal.Seq),
            ["hash"] = seal.Hash,
            ["sealedat"] = Ticks(seal.SealedAt),
            ["through"] = seal.Through is { } through ? Ticks(through) : string.Empty,
        };
        return await CreateAsync(name, seal, metadata, cancellationToken)
            ? seal
            : (await ReadAsync(seal.Chain, cancellationToken)).Seals.FirstOrDefault(s => s.Seq == seal.Seq) ?? seal;
    }

    /// <summary>Records a break found by a full verification, so that quick checks report it until the chain is repaired.</summary>
    public async Task WriteBreakAsync(RecordedBreak found, CancellationToken cancellationToken = default)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seq"] = Number(found.Seq),
            ["kind"] = found.Kind,
            ["foundat"] = Ticks(found.FoundAt),

            // Metadata is ASCII: the Japanese message goes as base64.
            ["message"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(found.Message)),
        };
        await CreateAsync($"{found.Chain}/{BreaksFolder}/{Ticks(found.FoundAt)}.json", found, metadata, cancellationToken);
    }

    /// <summary>Every seal and recorded break of a chain, from one listing.</summary>
    public async Task<(IReadOnlyList<ChainSeal> Seals, IReadOnlyList<RecordedBreak> Breaks)> ReadAsync(string chain, CancellationToken cancellationToken = default)
    {
        var container = await _container.Value;
        var seals = new List<ChainSeal>();
        var breaks = new List<RecordedBreak>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, chain + "/", cancellationToken))
        {
            var m = item.Metadata;
            if (item.Name.StartsWith($"{chain}/{BreaksFolder}/", StringComparison.Ordinal))
            {
                if (Long(m, "seq") is { } seq && Time(m, "foundat") is { } foundAt && m.TryGetValue("kind", out var kind) && m.TryGetValue("message", out var message))
                {
                    breaks.Add(new RecordedBreak(chain, seq, kind, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(message)), foundAt));
                }
            }
            else if (Long(m, "seq") is { } seq && m.TryGetValue("hash", out var hash) && Time(m, "sealedat") is { } sealedAt)
            {
                seals.Add(new ChainSeal(chain, seq, hash, sealedAt, Time(m, "through")));
            }
        }

        return (seals, breaks);
    }

    private async Task<bool> CreateAsync<T>(string name, T content, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var container = await _container.Value;
        try
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = metadata,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Padded so that the listing's order is the chain's.</summary>
    private static string Number(long value) => value.ToString("D12", CultureInfo.InvariantCulture);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static long? Long(IDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? Time(IDictionary<string, string> metadata, string key) =>
        Long(metadata, key) is { } ticks && ticks <= DateTimeOffset.MaxValue.UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
}
