// The private network the app reaches its storage account and key vault through. Both refuse public network access,
// so the only way to their data is a private endpoint in this network: the app gets there by VNet integration, and
// nobody outside (an administrator's laptop included) reaches résumés or the signing key over the internet.
param virtualNetworkName string
param natGatewayName string
param publicIpName string
param subnetPrefix string
param privateEndpointPrefix string
param location string
param tags object
param storageAccountName string
param keyVaultName string

// One /16 of private addresses. The app's subnet is a /23 so that a scale-out to the plan's highest instance count
// does not run out of addresses; the endpoints need four.
var addressSpace = '10.40.0.0/16'
var appSubnetName = '${subnetPrefix}app'
var appSubnetPrefix = '10.40.0.0/23'
var privateEndpointSubnetName = '${subnetPrefix}private-endpoints'
var privateEndpointSubnetPrefix = '10.40.2.0/24'

// The sub-resources the app needs privately: blob (host, Durable leases and large messages, documents, the deployment
// package), queue (Durable's control and work-item queues), table (Durable's history and instances, the app's state)
// and the vault. No file share: Flex Consumption runs from the package in blob storage, not from Azure Files.
// The zone names come from the cloud's own suffixes, so the template also works outside the public cloud.
var storageServices = ['blob', 'queue', 'table']
var storageZones = [for service in storageServices: 'privatelink.${service}.${environment().suffixes.storage}']
// Key Vault's private link zone is 'privatelink.vaultcore.<suffix>' where its data plane is 'vault.<suffix>'.
var vaultZone = 'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}'

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

// The app's calls to the internet (Entra ID's signing keys, Microsoft Graph for mail, Application Insights) leave the
// network through this gateway: an explicit way out with one fixed address, rather than the default outbound access
// Azure is retiring for new subnets.
resource publicIp 'Microsoft.Network/publicIPAddresses@2026-03-01' = {
  name: publicIpName
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2026-03-01' = {
  name: natGatewayName
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: {
    publicIpAddresses: [{ id: publicIp.id }]
    idleTimeoutInMinutes: 4
  }
}

// Subnets are declared inside the network, not as child resources, so that deploying again does not try to
// recreate a subnet that is in use by the app or the endpoints.
resource vnet 'Microsoft.Network/virtualNetworks@2026-03-01' = {
  name: virtualNetworkName
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [addressSpace] }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          // Flex Consumption joins a network through a subnet delegated to Microsoft.App/environments (not to
          // Microsoft.Web/serverFarms as the other plans do).
          delegations: [
            {
              name: 'flex-consumption'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
          natGateway: { id: natGateway.id }
          defaultOutboundAccess: false
        }
      }
      {
        name: privateEndpointSubnetName
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
          defaultOutboundAccess: false
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: privateEndpointSubnetName
  }
}

// Inside the network, the accounts' usual host names resolve to the endpoints' private addresses through these zones;
// the app keeps using https://<account>.blob.core.windows.net and https://<vault>.vault.azure.net.
resource storageDnsZones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in storageZones: {
    name: zone
    location: 'global'
    tags: tags
  }
]

resource storageDnsLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in storageZones: {
    parent: storageDnsZones[i]
    name: vnet.name
    location: 'global'
    tags: tags
    properties: {
      virtualNetwork: { id: vnet.id }
      registrationEnabled: false
    }
  }
]

resource storageEndpoints 'Microsoft.Network/privateEndpoints@2026-03-01' = [
  for (service, i) in storageServices: {
    name: '${privateEndpointPrefix}${storage.name}-${service}'
    location: location
    tags: tags
    properties: {
      subnet: { id: vnet::privateEndpointSubnet.id }
      privateLinkServiceConnections: [
        {
          name: '${storage.name}-${service}'
          properties: {
            privateLinkServiceId: storage.id
            groupIds: [service]
          }
        }
      ]
    }
  }
]

resource storageEndpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2026-03-01' = [
  for (service, i) in storageServices: {
    parent: storageEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: service
          properties: { privateDnsZoneId: storageDnsZones[i].id }
        }
      ]
    }
  }
]

resource vaultDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: vaultZone
  location: 'global'
  tags: tags
}

resource vaultDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: vaultDnsZone
  name: vnet.name
  location: 'global'
  tags: tags
  properties: {
    virtualNetwork: { id: vnet.id }
    registrationEnabled: false
  }
}

resource vaultEndpoint 'Microsoft.Network/privateEndpoints@2026-03-01' = {
  name: '${privateEndpointPrefix}${vault.name}-vault'
  location: location
  tags: tags
  properties: {
    subnet: { id: vnet::privateEndpointSubnet.id }
    privateLinkServiceConnections: [
      {
        name: '${vault.name}-vault'
        properties: {
          privateLinkServiceId: vault.id
          groupIds: ['vault']
        }
      }
    ]
  }
}

resource vaultEndpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2026-03-01' = {
  parent: vaultEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'vault'
        properties: { privateDnsZoneId: vaultDnsZone.id }
      }
    ]
  }
}

output appSubnetId string = vnet::appSubnet.id
output virtualNetworkName string = vnet.name
output outboundIpAddress string = publicIp.properties.ipAddress
