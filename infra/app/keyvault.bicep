// The vault that holds the key every 修了証 is signed with. The app's identity asks the vault to sign; the private key
// is created inside the vault, cannot be exported, and so never reaches the app, a deployment or an administrator.
param name string
param location string
param tags object
param logAnalyticsName string

// Certificates name the key version that signed them, so the key must outlive every certificate: a deleted vault
// is kept for the longest retention Key Vault allows, and purge protection stops anyone from erasing it sooner.
var softDeleteRetentionInDays = 90
var certificateKeyName = 'certificate-signing'

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    // Azure RBAC decides who may do what, like on the storage account; there are no access policies.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // The app signs through the private endpoint in infra/app/network.bicep; nothing else needs the data plane.
    // The key below is still created by this template from anywhere: creating a key as a resource is a control-plane
    // operation of Azure Resource Manager, which the vault's network rules do not apply to (ADR 0019).
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      bypass: 'None'
      defaultAction: 'Deny'
    }
  }
}

// ES256 (ECDSA P-256 over SHA-256), which the app verifies with .NET alone. Deploying again does not make a new
// version of an existing key: rotation is a deliberate act (infra/README.md).
resource certificateKey 'Microsoft.KeyVault/vaults/keys@2026-05-15' = {
  parent: vault
  name: certificateKeyName
  tags: tags
  properties: {
    kty: 'EC'
    curveName: 'P-256'
    keyOps: ['sign', 'verify']
    attributes: {
      enabled: true
      exportable: false
    }
  }
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: logAnalyticsName
}

// Who used, created or changed a key, and from where: every signature of a 修了証 and any administrator's act on the
// vault, kept beside the storage access logs.
// The newest diagnostic settings API is a preview. The linter prefers the only stable one, 2016-09-01, whose type is the
// old per-service form (named 'service', with a location) rather than this extension resource, so it is overruled
// here alone (a test checks that nothing else is).
#disable-next-line use-recent-api-versions
resource vaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'vault-audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalytics.id
    logs: [{ category: 'AuditEvent', enabled: true }]
  }
}

output name string = vault.name
output certificateKeyName string = certificateKey.name
