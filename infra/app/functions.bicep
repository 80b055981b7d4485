// The Function App on the Flex Consumption plan: scales to zero, scales out on HTTP and Durable Task load,
// runs the package azd puts in the deployment container, and reaches storage and monitoring by identity.
param name string
param planName string
param location string
param tags object
param identityName string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param authClientId string
param authTenantId string
param maximumInstanceCount int
param instanceMemoryMB int
param mailFrom string
param mailMinistryAddress string
param keyVaultName string
param certificateKeyName string

@description('The subnet, delegated to Microsoft.App/environments, through which the app reaches storage and the vault.')
param virtualNetworkSubnetId string

@description('The most days a week of accepted appointments one person may hold at once, as the ministry sets it (ADR 0016).')
@minValue(1)
@maxValue(7)
param appointmentMaxDaysPerWeek int = 5

// Microsoft Entra ID's v2.0 issuer of the tenant. The platform and the app check this one issuer, and the app
// reads the issuer's signing keys from its OpenID Connect metadata below it.
var signInIssuer = '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

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

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd finds the resource to deploy the "api" service of azure.yaml to by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    // Outbound traffic leaves through the network, so storage and the vault are reached at their private endpoints
    // (Flex Consumption routes all of it there; there is no route-all setting to set). Inbound stays public: applicants
    // and municipalities use the site from the internet.
    virtualNetworkSubnetId: virtualNetworkSubnetId
    httpsOnly: true
    clientCertMode: 'Optional'
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Every app setting in one place. The configuration keys the code reads are listed in
  // functions/Workflow.Functions/Configuration/SettingNames.cs; a test fails if a required one is missing here.
  // Flex Consumption takes the runtime from functionAppConfig and rejects FUNCTIONS_WORKER_RUNTIME and the
  // content-share settings, so they are not set. The durable task hub name comes from host.json.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      // Local authentication is off on the component, so telemetry is sent with the identity's Entra token.
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      // The worker's OpenTelemetry (traces, metrics, logs) to the same component with the same identity (ADR 0020).
      Workflow__Telemetry__Exporter: 'AzureMonitor'
      // Staff bearer tokens, which the app validates itself (docs/decisions/0002-platform-authentication.md).
      // v2 access tokens carry the app registration's client id as audience, the same one the platform allows.
      // The local host's development provider and its pinned certificate are never configured here: the app
      // refuses to start with them in Azure, and a test fails if a template sets them (ADR 0023).
      Workflow__SignIn__Issuer: signInIssuer
      Workflow__SignIn__Audience: authClientId
      Workflow__SignIn__MetadataAddress: '${signInIssuer}/.well-known/openid-configuration'
      // The staff sign-in page (MSAL.js): the same registration as a single-page application, its tenant's authority,
      // and the scope the preprovision hook exposes; its access tokens carry the client id as audience.
      Workflow__SignIn__ClientId: authClientId
      Workflow__SignIn__Authority: '${environment().authentication.loginEndpoint}${authTenantId}'
      Workflow__SignIn__Scope: 'api://${authClientId}/access_as_user'
      // Hourly: a chain rewritten since its last seal shows at the next verification (ADR 0011).
      WorkflowLogSealSchedule: '0 0 * * * *'
      // Notices are mailed through Microsoft Graph as the identity above: no secret in these settings (ADR 0013).
      Workflow__Mail__Transport: 'graph'
      Workflow__Mail__From: mailFrom
      Workflow__Mail__MinistryAddress: mailMinistryAddress
      Workflow__PublicBaseUrl: 'https://${app.properties.defaultHostName}/'
      // Every 30 seconds: a receipt or a result reaches the person within a minute of the fact.
      WorkflowMailDispatchSchedule: '*/30 * * * * *'
      // Hourly: a reminder goes out between 24 and 23 hours before its session or deadline.
      WorkflowReminderSchedule: '0 0 * * * *'
      // Daily at 03:30 JST (18:30 UTC), when hardly anyone applies.
      WorkflowPurgeSchedule: '0 30 18 * * *'
      // Daily at 04:00 JST: lists who is past the retention period and erases what the ministry approved (ADR 0004).
      WorkflowErasureSchedule: '0 0 19 * * *'
      // The signing key without a version: the vault signs with its current version and answers with the versioned
      // id each certificate keeps. Workflow__Certificates__DevelopmentKeyPath is for the local host only.
      Workflow__Certificates__KeyVaultKeyUri: keyVault::certificateKey.properties.keyUri
      // Defender for Storage scans every upload (storage.bicep): a résumé opens only with its clean verdict (ADR 0019).
      Workflow__Documents__ResumeScanVerdict: 'required'
      // The ministry's limit on one person's accepted appointments at once: days a week (ADR 0016).
      Workflow__Appointments__MaxDaysPerWeek: string(appointmentMaxDaysPerWeek)
    }
  }

  // Platform sign-in with Microsoft Entra ID in front of the app. Anonymous requests pass through because the
  // app decides per route (public calls, application form and roster stay open; staff routes answer 401);
  // see docs/decisions/0002-platform-authentication.md and the contract in infra/README.md.
  resource authSettings 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
      }
      globalValidation: {
        requireAuthentication: false
        unauthenticatedClientAction: 'AllowAnonymous'
      }
      httpSettings: {
        requireHttps: true
        forwardProxy: { convention: 'NoProxy' }
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: authClientId
            // v2.0 issuer: the app registration asks for v2 access tokens, whose audience is the client id.
            openIdIssuer: signInIssuer
          }
          validation: {
            allowedAudiences: [authClientId]
          }
          isAutoProvisioned: false
        }
      }
      login: {
        // The token store needs a shared file system or a SAS URL (shared keys are off); clients keep their
        // own tokens and send them as bearer tokens instead.
        tokenStore: { enabled: false }
        preserveUrlFragmentsForLogins: true
      }
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
