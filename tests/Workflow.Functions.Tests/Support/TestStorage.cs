using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Workflow.Functions.Storage;
using CertificateStore = Workflow.Functions.Train.CertificateStore;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>The app's real storage on Azurite under a prefix of its own, plus ways to look at what was written.</summary>
public sealed class TestStorage
{
    public TestStorage()
    {
        Prefix = AzuriteFixture.NewPrefix();
        Storage = new WorkflowStorage(new TableServiceClient(AzuriteFixture.ConnectionString), new BlobServiceClient(AzuriteFixture.ConnectionString), Prefix);
    }

    public string Prefix { get; }

    public WorkflowStorage Storage { get; }

    /// <summary>The certificate store on this storage, signing with the test run's development key.</summary>
    public CertificateStore Certificates() => new(Storage, TestCertificateKeys.Shared);

    public async Task<bool> TableExistsAsync(string name)
    {
        await foreach (var _ in Storage.TableService.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName eq {Prefix + name}")))
        {
            return true;
        }

        return false;
    }

    /// <summary>Every row of a table of the app; none when the app never created the table.</summary>
    public async Task<List<TableEntity>> RowsAsync(string name, string? filter = null)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in Storage.TableService.GetTableClient(Prefix + name).QueryAsync<TableEntity>(filter))
            {
                rows.Add(row);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        return rows;
    }

    /// <summary>Names of every blob in the app's document container; none when it was never created.</summary>
    public async Task<List<string>> BlobNamesAsync()
    {
        var container = Storage.BlobService.GetBlobContainerClient(Prefix + "documents");
        if (!await container.ExistsAsync())
        {
            return [];
        }

        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
