// One account for the Functions host, Durable Functions (queues, tables, blobs), the app's own tables and
// the documents. Reached only with Entra identities: shared keys, and so connection strings and SAS, are off.
param name string
param location string
param tags object
param logAnalyticsName string

@description('Most GB Defender scans for malware per month on this account; past it, uploads are not scanned until the month ends. Bounds the bill (infra/README.md).')
@minValue(1)
param malwareScanningCapGbPerMonth int = 50

var deploymentContainerName = 'app-package'

// Must match Workflow.Functions.Audit.LogSeals.ContainerName (a test compares them).
var logSealsContainerName = 'log-seals'

// How long a sealed chain head cannot be changed or deleted: five years, the retention of the round's records
// assumed in docs/decisions/0011-tamper-evident-business-log.md. Blobs can still be created, which is all the app does.
var logSealRetentionDays = 1827

var containerDeleteRetentionDays = 7

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Reached only through the private endpoints in infra/app/network.bicep. Control-plane operations (deploying
    // this template, creating containers and policies as resources) go through Azure Resource Manager and still work
    // from anywhere; reading or writing data from outside the network does not.
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      // Left on so that Azure's own services that act on the account (Defender's scanner, Azure Monitor) are not
      // refused, should they come through the trusted-service path; see ADR 0019 for what could not be verified.
      bypass: 'AzureServices'
      defaultAction: 'Deny'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: storage
  name: 'default'
  properties: {
    // A deleted résumé or contract is gone at once: withdrawal and erasure (ADR 0004, ADR 0018) are deliberate,
    // approved and logged, and a soft-deleted or versioned copy would keep for days what the person was told was
    // erased. See docs/decisions/0019-network-isolation-and-storage-hardening.md; a test holds this.
    deleteRetentionPolicy: { enabled: false }
    isVersioningEnabled: false
    changeFeed: { enabled: false }
    // A deleted container (an administrator's mistake: the app never deletes one) can be restored for a week. It
    // cannot bring back a blob the app erased, which was deleted on its own and is not kept.
    containerDeleteRetentionPolicy: { enabled: true, days: containerDeleteRetentionDays }
  }
}

// Flex Consumption runs the app from a package in this container.
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

// The business log's chain heads (docs/decisions/0011-tamper-evident-business-log.md). Time-based retention makes
// every blob write-once; an administrator locks the policy after the first deployment (infra/README.md), after
// which not even the account's owner can shorten it.
resource logSealsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: blobService
  name: logSealsContainerName
  properties: { publicAccess: 'None' }
}

resource logSealsImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2026-09-01' = {
  parent: logSealsContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: logSealRetentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: logAnalyticsName
}

// Every read, write and delete of a blob, with the caller's identity and address, kept in the workspace: what an
// auditor asks when a résumé may have been read by someone other than the app. The app's own business log names the
// staff member behind each of its reads; these logs also show any access that did not go through the app.
// The newest diagnostic settings API is a preview. The linter prefers the only stable one, 2016-09-01, whose type is the
// old per-service form (named 'service', with a location) rather than this extension resource, so it is overruled
// here alone (a test checks that nothing else is).
#disable-next-line use-recent-api-versions
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'blob-access-to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      { category: 'StorageRead', enabled: true }
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
  }
}

// Defender for Storage on this account with every uploaded blob scanned for malware: résumés and contracts are PDFs
// from the public, later opened by staff and municipalities. The result is written as a blob index tag. The account's
// own setting overrides the subscription's plan so that deploying this template is enough.
resource defender 'Microsoft.Security/defenderForStorageSettings@2025-06-01' = {
  name: 'current'
  scope: storage
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanningCapGbPerMonth
      }
    }
    // Marks alerts on blobs that hold personal data (all the documents do) as more urgent.
    sensitiveDataDiscovery: { isEnabled: true }
  }
}

output name string = storage.name
output deploymentContainerName string = deploymentContainer.name
output logSealsContainerName string = logSealsContainer.name
