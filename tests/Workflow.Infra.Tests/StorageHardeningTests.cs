namespace Workflow.Infra.Tests;

/// <summary>Malware scanning of uploads, the blob access log an auditor reads, and erasure that erases (ADR 0019).</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class StorageHardeningTests(CompiledTemplate compiled)
{
    [Fact]
    public void Defender_scans_every_upload_for_malware_up_to_a_monthly_cap()
    {
        var (storage, defender) = compiled.SingleResource("Microsoft.Security/defenderForStorageSettings");
        Assert.Equal("storage", storage.Name);
        Assert.Equal("current", defender.GetProperty("name").GetString());
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]", defender.GetProperty("scope").GetString());

        var properties = defender.GetProperty("properties");
        Assert.True(properties.GetProperty("isEnabled").GetBoolean());
        Assert.True(properties.GetProperty("overrideSubscriptionLevelSettings").GetBoolean());
        var onUpload = properties.GetProperty("malwareScanning").GetProperty("onUpload");
        Assert.True(onUpload.GetProperty("isEnabled").GetBoolean());
        Assert.Equal("[parameters('malwareScanningCapGbPerMonth')]", onUpload.GetProperty("capGBPerMonth").GetString());

        // A cap of -1 would mean no cap at all; the parameter refuses it.
        var cap = storage.Template.GetProperty("parameters").GetProperty("malwareScanningCapGbPerMonth");
        Assert.True(cap.GetProperty("minValue").GetInt32() >= 1);
        Assert.Equal("[parameters('malwareScanningCapGbPerMonth')]", storage.ParameterValue("malwareScanningCapGbPerMonth"));
    }

    [Fact]
    public void Blob_reads_writes_and_deletes_are_logged_to_the_workspace()
    {
        var storage = compiled.ModuleNamed("storage");
        var setting = Assert.Single(storage.ResourcesOfType("Microsoft.Insights/diagnosticSettings"));
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts/blobServices', parameters('name'), 'default')]", setting.GetProperty("scope").GetString());

        var properties = setting.GetProperty("properties");
        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))]", properties.GetProperty("workspaceId").GetString());
        var enabled = properties.GetProperty("logs").EnumerateArray()
            .Where(l => l.GetProperty("enabled").GetBoolean())
            .Select(l => l.GetProperty("category").GetString()!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["StorageDelete", "StorageRead", "StorageWrite"], enabled);

        // The workspace is the monitoring module's.
        Assert.Equal(("monitoring", "logAnalyticsName"), CompiledTemplate.AsModuleOutput(storage.ParameterValue("logAnalyticsName")));
    }

    [Fact]
    public void The_vaults_audit_events_are_logged_to_the_workspace()
    {
        var keyVault = compiled.ModuleNamed("keyVault");
        var setting = Assert.Single(keyVault.ResourcesOfType("Microsoft.Insights/diagnosticSettings"));
        Assert.Equal("[resourceId('Microsoft.KeyVault/vaults', parameters('name'))]", setting.GetProperty("scope").GetString());
        var log = Assert.Single(setting.GetProperty("properties").GetProperty("logs").EnumerateArray());
        Assert.Equal("AuditEvent", log.GetProperty("category").GetString());
        Assert.True(log.GetProperty("enabled").GetBoolean());
        Assert.Equal(("monitoring", "logAnalyticsName"), CompiledTemplate.AsModuleOutput(keyVault.ParameterValue("logAnalyticsName")));
    }

    /// <summary>
    /// The decision of ADR 0019: a blob the app deletes (a résumé at withdrawal or erasure) is gone at once, not kept as
    /// a soft-deleted blob or an old version; only a whole deleted container can be restored, for a week.
    /// </summary>
    [Fact]
    public void An_erased_document_is_not_kept_by_soft_delete_or_versioning()
    {
        var storage = compiled.ModuleNamed("storage");
        var blobService = Assert.Single(storage.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices")).GetProperty("properties");

        Assert.False(blobService.GetProperty("deleteRetentionPolicy").GetProperty("enabled").GetBoolean(), "blob soft delete keeps erased résumés");
        Assert.False(blobService.GetProperty("isVersioningEnabled").GetBoolean(), "versioning keeps overwritten and deleted documents");
        Assert.False(blobService.GetProperty("changeFeed").GetProperty("enabled").GetBoolean());

        var containers = blobService.GetProperty("containerDeleteRetentionPolicy");
        Assert.True(containers.GetProperty("enabled").GetBoolean());
        Assert.Equal("[variables('containerDeleteRetentionDays')]", containers.GetProperty("days").GetString());
        Assert.InRange(storage.Variable("containerDeleteRetentionDays").GetInt32(), 1, 7);

        // No lifecycle rule or restore policy brings deleted blobs back either.
        Assert.False(blobService.TryGetProperty("restorePolicy", out var restore) && restore.GetProperty("enabled").GetBoolean());
    }
}
