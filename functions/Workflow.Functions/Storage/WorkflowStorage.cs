using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Storage;

/// <summary>
/// The app's tables and its document container. One storage account serves Durable Functions and the app;
/// locally it is reached by connection string, in Azure by managed identity (see <see cref="SettingNames"/>).
/// </summary>
public sealed class WorkflowStorage
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);
    private readonly Lazy<Task<BlobContainerClient>> _documents;

    public WorkflowStorage(TableServiceClient tables, BlobServiceClient blobs, string prefix)
    {
        TableService = tables;
        BlobService = blobs;
        Prefix = prefix;
        _documents = new Lazy<Task<BlobContainerClient>>(async () =>
        {
            var container = blobs.GetBlobContainerClient(Prefix + "documents");
            await container.CreateIfNotExistsAsync();
            return container;
        });
    }

    public TableServiceClient TableService { get; }

    public BlobServiceClient BlobService { get; }

    public string Prefix { get; }

    /// <param name="counter">Counts every request of the app's clients (benchmarks on the local host); null in Azure.</param>
    public static WorkflowStorage FromConfiguration(IConfiguration configuration, StorageRequestCounter? counter = null)
    {
        var prefix = configuration[SettingNames.StoragePrefix] ?? string.Empty;
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        if (counter is not null)
        {
            tableOptions.AddPolicy(counter.PolicyFor("app-tables"), HttpPipelinePosition.PerRetry);
            blobOptions.AddPolicy(counter.PolicyFor("app-blobs"), HttpPipelinePosition.PerRetry);
        }

        var connectionString = configuration[SettingNames.Storage];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new WorkflowStorage(new TableServiceClient(connectionString, tableOptions), new BlobServiceClient(connectionString, blobOptions), prefix);
        }

        var tableUri = configuration[SettingNames.StorageTableServiceUri];
        var blobUri = configuration[SettingNames.StorageBlobServiceUri];
        if (string.IsNullOrWhiteSpace(tableUri) || string.IsNullOrWhiteSpace(blobUri))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {SettingNames.Storage} to a connection string, or " +
                $"{SettingNames.StorageTableServiceUri} and {SettingNames.StorageBlobServiceUri} for identity-based access.");
        }

        TokenCredential credential = configuration[SettingNames.StorageClientId] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        return new WorkflowStorage(new TableServiceClient(new Uri(tableUri), credential, tableOptions), new BlobServiceClient(new Uri(blobUri), credential, blobOptions), prefix);
    }

    /// <summary>A table of the app, created on first use.</summary>
    public Task<TableClient> TableAsync(string name) =>
        _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(async () =>
        {
            var client = TableService.GetTableClient(Prefix + n);
            await client.CreateIfNotExistsAsync();
            return client;
        })).Value;

    public Task<BlobContainerClient> DocumentsAsync() => _documents.Value;
}

/// <summary>Names of the app's tables (without the per-environment prefix).</summary>
public static class Tables
{
    public const string Rounds = "Rounds";
    public const string Applications = "Applications";
    public const string Notifications = "Notifications";
    public const string Roster = "Roster";
    public const string Municipalities = "Municipalities";
    public const string Appointments = "Appointments";
    public const string Certificates = "Certificates";

    /// <summary>Municipalities' described needs, by municipality (Appoint/Needs).</summary>
    public const string Needs = "Needs";

    /// <summary>Municipalities' requests to contact a listed person, by person (Appoint/Contacts).</summary>
    public const string Contacts = "Contacts";

    /// <summary>Erasures after the retention period, proposed, approved and done, by round (Apply/RetentionErasures): ids only.</summary>
    public const string Erasures = "Erasures";

    /// <summary>The ministry's approvals of erasure, by round, one row per approved list (Apply/RetentionErasures): ids only.</summary>
    public const string ErasureApprovals = "ErasureApprovals";

    /// <summary>Signed evidence packs for the 特別交付税措置, by municipality (Appoint/EvidencePacks).</summary>
    public const string EvidencePacks = "EvidencePacks";
    public const string AuditLog = "AuditLog";
    public const string ConflictDeclarations = "ConflictDeclarations";
    public const string PanelMembers = "PanelMembers";
    public const string PanelScores = "PanelScores";
    public const string Idempotency = "Idempotency";
    public const string Outbox = "Outbox";

    /// <summary>Which reminders were sent (round, reminder), so that each goes out once (Notifications/Reminders).</summary>
    public const string Reminders = "Reminders";

    /// <summary>Settings the ministry changes on its pages (the appointment limit, Appoint/AppointmentLimit).</summary>
    public const string Settings = "Settings";

    /// <summary>Requests per client and hour, for the routes anyone may call that send mail (Http/ClientRequestLimit).</summary>
    public const string RequestCounts = "RequestCounts";
}
