// The whole system in one subscription-scoped deployment: `azd up` or `az deployment sub create`.
// Every module is a local file: the public module registry is not reachable from the build machines, and a
// template that only compiles online could not be checked in CI.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (for example "prod" or "ministry-test"); names the resource group and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource. It must offer the Flex Consumption plan (`az functionapp list-flexconsumption-locations`).')
param location string

@minLength(36)
@maxLength(36)
@description('Application (client) id of the Microsoft Entra app registration staff sign in to. Staff access tokens (v2) carry it as audience; the platform and the app (Workflow:SignIn:Audience) both require it.')
param authClientId string

@description('Directory (tenant) id of that app registration, a GUID rather than a domain name; empty means the tenant of the subscription. Staff tokens must come from Entra ID\'s v2.0 issuer of this tenant (Workflow:SignIn:Issuer).')
param authTenantId string = ''

@minLength(3)
@description('The mailbox notices are sent from (Microsoft Graph sendMail as the app\'s identity; see infra/README.md for the Mail.Send permission and the access policy that limits it to this mailbox). Workflow:Mail:From.')
param mailFrom string

@minLength(3)
@description('Where the ministry\'s notices (appointment reports) are mailed. Workflow:Mail:MinistryAddress.')
param mailMinistryAddress string

@description('Name of the resource group; empty means "rg-<environmentName>".')
param resourceGroupName string = ''

@minValue(40)
@maxValue(1000)
@description('Upper bound of Flex Consumption instances: a ceiling on cost and on the load put on storage.')
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(1)
@description('Daily ingestion cap of the Log Analytics workspace, in GB: bounds the monitoring bill if something logs in a loop.')
param logDailyCapGb int = 1

@minValue(1)
@description('Most GB of uploads Defender for Storage scans for malware per month; past it, uploads go unscanned until the month ends. Bounds the scanning bill.')
param malwareScanningCapGbPerMonth int = 50

var abbrs = loadJsonContent('abbreviations.json')
// Same subscription, environment and region give the same names, so `azd up` is repeatable.
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var tenantId = empty(authTenantId) ? tenant().tenantId : authTenantId
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    dailyCapGb: logDailyCapGb
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    malwareScanningCapGbPerMonth: malwareScanningCapGbPerMonth
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    // At most 24 characters: 'kv-' and the 13 of the token.
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsName: monitoring.outputs.logAnalyticsName
  }
}

// Storage and the vault refuse public network access; this network holds their private endpoints and the app's subnet.
module network 'app/network.bicep' = {
  name: 'network'
  scope: rg
  params: {
    virtualNetworkName: '${abbrs.networkVirtualNetworks}${resourceToken}'
    natGatewayName: '${abbrs.networkNatGateways}${resourceToken}'
    publicIpName: '${abbrs.networkPublicIPAddresses}${resourceToken}'
    subnetPrefix: abbrs.networkVirtualNetworksSubnets
    privateEndpointPrefix: abbrs.networkPrivateEndpoints
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    certificateKeyName: keyVault.outputs.certificateKeyName
    principalId: identity.outputs.principalId
  }
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    authClientId: authClientId
    authTenantId: tenantId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    mailFrom: mailFrom
    mailMinistryAddress: mailMinistryAddress
    keyVaultName: keyVault.outputs.name
    certificateKeyName: keyVault.outputs.certificateKeyName
    virtualNetworkSubnetId: network.outputs.appSubnetId
  }
  // The app starts with its identity's roles in place; otherwise the first host start fails to reach storage
  // (and the first 修了証 fails to be signed).
  dependsOn: [rbac]
}

// Names and addresses only: nothing here grants access to anything.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AUTH_CLIENT_ID string = authClientId
output AUTH_TENANT_ID string = tenantId
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output FUNCTION_APP_HOSTNAME string = functions.outputs.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_VIRTUAL_NETWORK_NAME string = network.outputs.virtualNetworkName
// The one address the app's calls to the internet come from, for an allow-list on the other side if one is wanted.
output AZURE_OUTBOUND_IP_ADDRESS string = network.outputs.outboundIpAddress
