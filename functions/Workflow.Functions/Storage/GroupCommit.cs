namespace Workflow.Functions.Storage;

/// <summary>
/// Writes to one partition, one batch at a time: while a batch is being stored, the items that arrive wait and then
/// go together in the next one. Each caller's task completes only once its own item is stored (or fails with the
/// batch), so nothing is acknowledged before it is durable.
/// </summary>
/// <remarks>
/// Why: at 16 concurrent applicants, the business log's ~16 writes to one round become ~2 transactions; and for the
/// hash-chained log, one writer per partition per process means links are computed in one place, so the only
/// contention left is between processes (settled by the chain head's ETag).
/// </remarks>
/// <param name="store">Stores one batch; it must store all of it or throw.</param>
/// <param name="identity">Items with the same identity never share a batch (a transaction holds each row once).</param>
/// <param name="maxBatch">At most this many items per batch.</param>
/// <param name="linger">How long a batch waits for others to join it; short beside the write itself.</param>
public sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> store, Func<T, string> identity, int maxBatch, TimeSpan linger)
{
    private readonly Lock _gate = new();
    private readonly List<(T Item, TaskCompletionSource Done)> _waiting = [];
    private bool _writing;

    public Task WriteAsync(T item)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Add((item, done));
            if (_writing)
            {
                return done.Task;
            }

            _writing = true;
        }

        _ = DrainAsync();
        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            await Task.Delay(linger);
            List<(T Item, TaskCompletionSource Done)> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                batch = _waiting.Where(w => seen.Count < maxBatch && seen.Add(identity(w.Item))).ToList();
                foreach (var taken in batch)
                {
                    _waiting.Remove(taken);
                }
            }

            try
            {
                await store(batch.Select(b => b.Item).ToList());
                batch.ForEach(b => b.Done.SetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Done.SetException(e));
            }
        }
    }
}
