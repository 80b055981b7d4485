// One account for the Functions host, Durable Functions (queues, tables, blobs), the app's own tables and
// the documents. Reached only with Entra identities: shared keys, and so connection strings and SAS, are off.
param name string
param location string
param tags object

var deploymentContainerName = 'app-package'

// Must match Workflow.Functions.Audit.LogSeals.ContainerName (a test compares them).
var logSealsContainerName = 'log-seals'

// How long a sealed chain head cannot be changed or deleted: five years, the retention of the round's records
// assumed in docs/decisions/0011-tamper-evident-business-log.md. Blobs can still be created, which is all the app does.
var logSealRetentionDays = 1827

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
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Résumés and contracts must survive an accidental delete for a while.
    deleteRetentionPolicy: { enabled: true, days: 14 }
    containerDeleteRetentionPolicy: { enabled: true, days: 14 }
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

output name string = storage.name
output deploymentContainerName string = deploymentContainer.name
output logSealsContainerName string = logSealsContainer.name
