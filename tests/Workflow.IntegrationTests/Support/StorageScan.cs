using Azure.Data.Tables;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Testing;

namespace Workflow.IntegrationTests;

/// <summary>Looks through every table and blob a test's host wrote — the app's and the durable engine's — for a value.</summary>
public static class StorageScan
{
    /// <summary>"Table/partition/row" or "container/blob" of every place that mentions one of <paramref name="needles"/>.</summary>
    public static async Task<List<string>> WhereMentionedAsync(AzuriteFixture azurite, string prefix, params string[] needles)
    {
        var found = new List<string>();
        await foreach (var table in azurite.Tables.QueryAsync())
        {
            if (!table.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await foreach (var row in azurite.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var text = string.Join("\n", row.Select(p => p.Value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : p.Value?.ToString()));
                if (needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add($"{table.Name[prefix.Length..]}/{row.PartitionKey}/{row.RowKey}");
                }
            }
        }

        await foreach (var container in azurite.Blobs.GetBlobContainersAsync(prefix: prefix.ToLowerInvariant()))
        {
            var client = azurite.Blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                if (needles.Any(n => blob.Name.Contains(n, StringComparison.OrdinalIgnoreCase) || content.Contains(n, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add($"{container.Name}/{blob.Name}");
                }
            }
        }

        return found;
    }

    /// <summary>Every row of one of the test's tables (<paramref name="table"/> without the prefix), optionally filtered.</summary>
    public static async Task<List<TableEntity>> RowsAsync(AzuriteFixture azurite, string prefix, string table, string? filter = null)
    {
        var rows = new List<TableEntity>();
        var client = azurite.Tables.GetTableClient(prefix + table);
        await foreach (var row in client.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The rows of a table whose partition key starts with <paramref name="partitionPrefix"/>.</summary>
    public static Task<List<TableEntity>> PartitionsStartingWithAsync(AzuriteFixture azurite, string prefix, string table, string partitionPrefix) =>
        RowsAsync(azurite, prefix, table, TableClient.CreateQueryFilter($"PartitionKey ge {partitionPrefix} and PartitionKey lt {partitionPrefix + "~"}"));

    /// <summary>Names of the blobs in the app's document container that start with <paramref name="blobPrefix"/>.</summary>
    public static async Task<List<string>> DocumentsAsync(AzuriteFixture azurite, string prefix, string blobPrefix)
    {
        var names = new List<string>();
        var container = azurite.Blobs.GetBlobContainerClient(prefix.ToLowerInvariant() + "documents");
        if (!await container.ExistsAsync())
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, blobPrefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>The round as its row holds it, with the time the orchestration entered each state.</summary>
    public static async Task<RoundRecord> RoundAsync(AzuriteFixture azurite, string prefix, string roundId) =>
        await new RoundStore(new WorkflowStorage(azurite.Tables, azurite.Blobs, prefix)).GetAsync(roundId)
            ?? throw new InvalidOperationException($"round {roundId} has no row");
}
