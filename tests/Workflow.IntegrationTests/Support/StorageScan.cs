using Azure.Data.Tables;
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
}
