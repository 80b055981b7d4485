namespace Workflow.Functions.Configuration;

/// <summary>
/// Every configuration key the app reads, in one place, so that the deployment templates can be checked against it.
/// Keys use the Functions convention: ':' in code, '__' in app settings and environment variables.
/// </summary>
public static class SettingNames
{
    /// <summary>
    /// The storage account of the app, of Durable Functions and of the documents. Locally a connection string
    /// (UseDevelopmentStorage=true); in Azure an identity-based connection given by the keys below.
    /// </summary>
    public const string Storage = "AzureWebJobsStorage";

    public const string StorageBlobServiceUri = "AzureWebJobsStorage:blobServiceUri";
    public const string StorageQueueServiceUri = "AzureWebJobsStorage:queueServiceUri";
    public const string StorageTableServiceUri = "AzureWebJobsStorage:tableServiceUri";

    /// <summary>"managedidentity" in Azure: the app's user-assigned identity.</summary>
    public const string StorageCredential = "AzureWebJobsStorage:credential";

    /// <summary>Client id of the user-assigned managed identity.</summary>
    public const string StorageClientId = "AzureWebJobsStorage:clientId";

    /// <summary>
    /// Optional prefix of every table and container name the app creates. Empty in Azure; tests set it so that
    /// each test run has its own tables and containers on a shared emulator.
    /// </summary>
    public const string StoragePrefix = "Workflow:StoragePrefix";

    /// <summary>
    /// "true" makes the local host count every storage request of the app's and the engine's clients and serve the
    /// counts at GET /local/storage-requests (for ./workflow bench). Never set in Azure.
    /// </summary>
    public const string CountStorageRequests = "Workflow:CountStorageRequests";

    /// <summary>Overrides host.json's durable task hub name, as Azure Functions itself allows.</summary>
    public const string TaskHubNameOverride = "AzureFunctionsJobHost:extensions:durableTask:hubName";

    /// <summary>The settings a deployment in Azure must provide for the app to reach its storage by identity.</summary>
    public static IReadOnlyList<string> RequiredInAzure { get; } =
    [
        StorageBlobServiceUri,
        StorageQueueServiceUri,
        StorageTableServiceUri,
        StorageCredential,
        StorageClientId,
    ];

    /// <summary>Converts a configuration key to the app-setting name Azure uses ("a:b" becomes "a__b").</summary>
    public static string AsAppSetting(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
