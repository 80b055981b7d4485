// What the app's identity may do, and nothing more: data-plane roles on its own storage account, the right
// to publish telemetry to its own Application Insights component, and the use of the 修了証 signing key.
param storageAccountName string
param applicationInsightsName string
param keyVaultName string
param certificateKeyName string
param principalId string

// Built-in role definition ids, the same in every Azure cloud and tenant.
var storageRoles = [
  {
    // The Functions host manages blob leases and containers for AzureWebJobsStorage, which needs Owner rather
    // than Contributor; the deployment package and the documents live in the same account.
    name: 'Storage Blob Data Owner'
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  }
  {
    // Durable Functions' control and work-item queues.
    name: 'Storage Queue Data Contributor'
    id: '974c5e8b-45b9-4653-ba55-5f855dd0a8b1'
  }
  {
    // Durable Functions' history and instance tables, and the app's own state tables.
    name: 'Storage Table Data Contributor'
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  }
]
// Entra-authenticated ingestion into Application Insights (local authentication is off on the component).
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'
// Cryptographic use of a key and reading its public part; no right to create, rotate or delete keys, nor to any secret.
var keyVaultCryptoUser = '12338af0-0e69-4776-bea7-57ae8d297424'

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource keyVault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName

  resource certificateKey 'keys' existing = {
    name: certificateKeyName
  }
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, principalId, role.id)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      principalId: principalId
      // A new identity may not have replicated yet; the type lets the assignment skip that lookup.
      principalType: 'ServicePrincipal'
    }
  }
]

resource telemetryRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// On the signing key alone rather than the vault: any other key put in the vault later stays out of the app's reach.
// The assignment covers every version of the key, so a rotation needs no change here.
resource certificateKeyRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault::certificateKey.id, principalId, keyVaultCryptoUser)
  scope: keyVault::certificateKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCryptoUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
