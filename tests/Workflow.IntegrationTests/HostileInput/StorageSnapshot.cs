using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Workflow.Testing;

namespace Workflow.IntegrationTests.HostileInput;

/// <summary>One entity or blob that differs between two snapshots.</summary>
internal sealed record StorageChange(string Kind, string Store, string Key, IReadOnlyDictionary<string, string>? Before, IReadOnlyDictionary<string, string>? After)
{
    public string Get(string property) => (After ?? Before)?.GetValueOrDefault(property) ?? string.Empty;

    public override string ToString()
    {
        var shown = After ?? Before ?? new Dictionary<string, string>();
        var differing = Before is not null && After is not null
            ? After.Where(p => Before.GetValueOrDefault(p.Key) != p.Value).Select(p => p.Key).Concat(Before.Keys.Except(After.Keys)).ToList()
            : shown.Keys.ToList();
        return $"{Kind} {Store} {Key}: " + string.Join(", ", differing.Take(12).Select(k =>
            $"{k}={HostileText.Excerpt(Before?.GetValueOrDefault(k) ?? "∅", 60)}→{HostileText.Excerpt(After?.GetValueOrDefault(k) ?? "∅", 60)}"));
    }
}

/// <summary>
/// Every entity (all properties, with ETag and Timestamp, so even an identical rewrite shows) of every table of one
/// storage prefix, and every blob (content hash and ETag) of its containers. The durable task hub's own tables
/// and containers are left out: the engine writes to them on its own schedule.
/// </summary>
internal sealed class StorageSnapshot
{
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> _containers = new(StringComparer.Ordinal);

    public int EntityCount => _tables.Values.Sum(t => t.Count);

    public int BlobCount => _containers.Values.Sum(c => c.Count);

    public IReadOnlyCollection<string> TableNames => _tables.Keys;

    public static async Task<StorageSnapshot> TakeAsync(AzuriteFixture azurite, string prefix, string hubName)
    {
        var snapshot = new StorageSnapshot();
        var tables = azurite.Tables;
        await foreach (var table in tables.QueryAsync())
        {
            if (!table.Name.StartsWith(prefix, StringComparison.Ordinal) || table.Name.StartsWith(hubName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rows = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows[$"{entity.PartitionKey} | {entity.RowKey}"] = entity.Keys.ToDictionary(k => k, k => Show(entity[k]), StringComparer.Ordinal);
            }

            snapshot._tables[table.Name] = rows;
        }

        // Container names are lower case; the app writes the prefix as given, so compare without case.
        var blobs = azurite.Blobs;
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix.ToLowerInvariant()))
        {
            if (container.Name.StartsWith(hubName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var client = blobs.GetBlobContainerClient(container.Name);
            var items = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = await client.GetBlobClient(blob.Name).DownloadContentAsync();
                items[blob.Name] = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content.Value.Content.ToMemory().Span)),
                    ["etag"] = blob.Properties.ETag?.ToString() ?? string.Empty,
                    ["length"] = (blob.Properties.ContentLength ?? 0).ToString(CultureInfo.InvariantCulture),
                    ["contentType"] = blob.Properties.ContentType ?? string.Empty,
                };
            }

            snapshot._containers[container.Name] = items;
        }

        return snapshot;
    }

    /// <summary>What <paramref name="after"/> holds that this snapshot does not, and the reverse. New empty tables are not changes.</summary>
    public List<StorageChange> Compare(StorageSnapshot after)
    {
        var changes = new List<StorageChange>();
        Diff("entity", _tables, after._tables, changes);
        Diff("blob", _containers, after._containers, changes);
        return changes;
    }

    private static void Diff(
        string kind,
        Dictionary<string, Dictionary<string, Dictionary<string, string>>> before,
        Dictionary<string, Dictionary<string, Dictionary<string, string>>> after,
        List<StorageChange> changes)
    {
        foreach (var store in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(store) ?? [];
            var now = after.GetValueOrDefault(store) ?? [];
            foreach (var key in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
            {
                var a = old.GetValueOrDefault(key);
                var b = now.GetValueOrDefault(key);
                if (a is null || b is null || a.Count != b.Count || a.Any(p => b.GetValueOrDefault(p.Key) != p.Value))
                {
                    changes.Add(new StorageChange(a is null ? $"added {kind}" : b is null ? $"removed {kind}" : $"changed {kind}", store, key, a, b));
                }
            }
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        DateTime at => at.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
