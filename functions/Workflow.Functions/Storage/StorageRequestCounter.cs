using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Workflow.Functions.Storage;

/// <summary>
/// Counts the requests each storage client sends, for benchmarks. A client gets <see cref="PolicyFor"/> in its
/// options; the policy sits per retry, so a retried request counts every time it goes out. Nothing registers a
/// counter in Azure: only the local host does, when <see cref="Configuration.SettingNames.CountStorageRequests"/> is on.
/// </summary>
public sealed class StorageRequestCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>A policy that counts under <paramref name="client"/>, e.g. "app-tables", "engine-queues".</summary>
    public HttpPipelinePolicy PolicyFor(string client)
    {
        _counts.TryAdd(client, 0);
        return new CountingPolicy(this, client);
    }

    /// <summary>Requests sent so far, by client.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        _counts.ToArray().OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private void Add(string client) => _counts.AddOrUpdate(client, 1, (_, n) => n + 1);

    private sealed class CountingPolicy(StorageRequestCounter counter, string client) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => counter.Add(client);
    }
}
