using System.Diagnostics;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Workflow.Demo;

namespace Workflow.Benchmarks;

public sealed record HistoryResult(int Instances, int MaxEventsPerInstance, string? LargestInstance, int TotalRows);

public sealed record StorageResult(double RequestsPerApplication, long Requests, IReadOnlyList<string> ClientsCounted, IReadOnlyDictionary<string, long> ByClient);

/// <param name="Irregular">Null when every item is at or after the one before it, across pages, and none comes twice;
/// otherwise the first item that is not.</param>
public sealed record AuditResult(int PageSize, double FirstPageSeconds, double FullReadSeconds, int Pages, int Items, string? Irregular, double VerifySeconds, int VerifiedEntries, bool Intact, double VerifyFullSeconds, int FullEntries);

/// <summary>What the round stored and what it cost in storage requests, and how the auditor reads it.</summary>
public static class StorageFigures
{
    /// <summary>The host's storage request counts by client; null when the host does not count (run without the setting).</summary>
    public static async Task<IReadOnlyDictionary<string, long>?> CountersAsync(Uri countersUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(countersUrl, cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<Dictionary<string, long>>(cancellationToken) : null;
    }

    public static StorageResult Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, int accepted)
    {
        var byClient = after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key), StringComparer.Ordinal);
        var total = byClient.Values.Sum();
        return new StorageResult(accepted > 0 ? Math.Round((double)total / accepted, 2) : 0, total, byClient.Keys.Order(StringComparer.Ordinal).ToList(), byClient);
    }

    /// <summary>
    /// Rows of the History table under the round's instance id (the round and the orchestrations it started): the
    /// largest count of history events of one instance, and all rows (events and the provider's sentinel rows).
    /// </summary>
    public static async Task<HistoryResult> HistoryAsync(string connectionString, string hubName, string instancePrefix, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(hubName + "History");
        var events = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey ge {instancePrefix} and PartitionKey lt {instancePrefix + "~"}"),
                           maxPerPage: 1000, select: ["PartitionKey", "RowKey", "EventType"], cancellationToken: cancellationToken))
        {
            rows++;
            if (row.GetString("EventType") is not null)
            {
                events[row.PartitionKey] = events.GetValueOrDefault(row.PartitionKey) + 1;
            }
        }

        var largest = events.OrderByDescending(kv => kv.Value).FirstOrDefault();
        return new HistoryResult(events.Count, largest.Value, largest.Key, rows);
    }

    /// <summary>The auditor's read of the round's timeline: to its first page, then page after page to its end.</summary>
    public static async Task<AuditResult> AuditAsync(Uri baseUrl, string roundId, int pageSize, CancellationToken cancellationToken)
    {
        using var api = new ApiClient(baseUrl);
        var clock = Stopwatch.StartNew();
        var page = await api.Auditor.RoundHistoryPageAsync(roundId, pageSize, null, cancellationToken);
        var first = clock.Elapsed.TotalSeconds;
        var pages = 1;
        var items = page.Items?.Count ?? 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var last = DateTimeOffset.MinValue;
        string? irregular = null;
        void Check(WorkflowApi.Models.RoundHistory view)
        {
            foreach (var item in view.Items ?? [])
            {
                // An item is the stored row its source and key name: equal text is not a repeat (two events of one
                // instance may share time, type and name).
                var at = ApiClient.Present(item.At, "time of a timeline item");
                var id = item.Source + "|" + item.Key;
                if (irregular is null && at < last)
                {
                    irregular = $"item {seen.Count + 1} ({id}) at {at:O} follows one at {last:O}";
                }
                else if (irregular is null && !seen.Add(id))
                {
                    irregular = $"item {id} comes twice";
                }

                last = at;
            }
        }

        Check(page);
        while (!string.IsNullOrEmpty(page.Continuation))
        {
            page = await api.Auditor.RoundHistoryPageAsync(roundId, pageSize, page.Continuation, cancellationToken);
            pages++;
            items += page.Items?.Count ?? 0;
            Check(page);
        }

        var fullRead = clock.Elapsed.TotalSeconds;

        // The auditor's other reads: the business log against its hash chain and seals, as the page opens (the quick
        // check, since the seal the round wrote as it ended) and in full (every row).
        clock.Restart();
        var verification = await api.Auditor.VerifyRoundLogAsync(roundId, cancellationToken);
        var verify = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var full = await api.Auditor.VerifyRoundLogAsync(roundId, cancellationToken, full: true);
        var verifyFull = clock.Elapsed.TotalSeconds;
        return new AuditResult(pageSize, Math.Round(first, 3), Math.Round(fullRead, 3), pages, items, irregular,
            Math.Round(verify, 3), ApiClient.Present(verification.Entries, "entries"),
            ApiClient.Present(verification.Intact, "intact") && ApiClient.Present(full.Intact, "intact"), Math.Round(verifyFull, 3), ApiClient.Present(full.Entries, "entries"));
    }
}
