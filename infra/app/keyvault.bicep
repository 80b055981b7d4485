// The vault that holds the key every 修了証 is signed with. The app's identity asks the vault to sign; the private key
// is created inside the vault, cannot be exported, and so never reaches the app, a deployment or an administrator.
param name string
param location string
param tags object

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
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
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

output name string = vault.name
output certificateKeyName string = certificateKey.name
