#!/bin/sh
# Runs before `azd provision`. The template needs the client id of an Entra app registration (tokens for the
# staff routes carry it as audience). ARM cannot create app registrations, so this hook does it once per azd
# environment with the Azure CLI, unless the administrator already set AUTH_CLIENT_ID (`azd env set`).
set -eu

if [ -n "${AUTH_CLIENT_ID:-}" ]; then
  echo "Using the app registration ${AUTH_CLIENT_ID}."
  exit 0
fi

if ! command -v az >/dev/null 2>&1; then
  echo "AUTH_CLIENT_ID is not set and the Azure CLI is not installed to create the app registration." >&2
  echo "Create one (see infra/README.md) and run: azd env set AUTH_CLIENT_ID <application-client-id>" >&2
  exit 1
fi

tenant_id=$(az account show --query tenantId -o tsv)
display_name="recruiting-rounds-${AZURE_ENV_NAME}"

# Single tenant: only the organization's own accounts sign in.
client_id=$(az ad app create --display-name "$display_name" --sign-in-audience AzureADMyOrg \
  --enable-id-token-issuance true --query appId -o tsv)
object_id=$(az ad app show --id "$client_id" --query id -o tsv)
new_id() { cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen; }
scope_id=$(new_id)

# v2 access tokens: issuer https://login.microsoftonline.com/<tenant>/v2.0 and audience = the client id, which
# is what the platform (authsettingsV2) and the app (Workflow:SignIn:*) both check. One delegated scope lets
# clients ask for them; the staff sign-in page (MSAL.js, the same registration as a single-page application) asks
# for it as api://<client id>/access_as_user (Workflow__SignIn__Scope).
az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/${object_id}" \
  --headers "Content-Type=application/json" \
  --body "{\"identifierUris\":[\"api://${client_id}\"],\"api\":{\"requestedAccessTokenVersion\":2,\"oauth2PermissionScopes\":[{\"id\":\"${scope_id}\",\"value\":\"access_as_user\",\"type\":\"User\",\"isEnabled\":true,\"adminConsentDisplayName\":\"Use the recruiting rounds staff API\",\"adminConsentDescription\":\"Lets the signed-in staff member call the recruiting rounds staff API.\",\"userConsentDisplayName\":\"Use the recruiting rounds staff API\",\"userConsentDescription\":\"Lets you call the recruiting rounds staff API.\"}]}}"

# The sign-in page is this registration's own client: pre-authorizing it for its own scope spares staff a consent
# prompt (a scope must exist before it can be pre-authorized, hence a second request).
az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/${object_id}" \
  --headers "Content-Type=application/json" \
  --body "{\"api\":{\"preAuthorizedApplications\":[{\"appId\":\"${client_id}\",\"delegatedPermissionIds\":[\"${scope_id}\"]}]}}"

# The staff roles, sent in the tokens' "roles" claim; the app refuses a staff token without one of them
# (functions/Workflow.Functions/Identity/Actor.cs). Assigning them to people is left to the administrator.
role() {
  printf '{"id":"%s","value":"%s","displayName":"%s","description":"%s","allowedMemberTypes":["User"],"isEnabled":true}' \
    "$(new_id)" "$1" "$2" "$3"
}
roles="$(role ministry Ministry 'Runs recruiting rounds for the ministry.'),\
$(role operator Operator 'Runs the rounds named in its rounds claim.'),\
$(role reviewer Reviewer 'Reviews applications of the rounds named in its rounds claim.'),\
$(role municipality Municipality 'Acts for the municipality named in its municipality claim.'),\
$(role auditor Auditor 'Reads every round and the audit log.')"
az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/${object_id}" \
  --headers "Content-Type=application/json" --body "{\"appRoles\":[${roles}]}"

# The service principal makes the registration usable in this tenant (sign-in, user assignment). Only people
# assigned one of the roles may sign in at all: anyone else is stopped by Entra ID, before the app's own check.
az ad sp create --id "$client_id" >/dev/null
az ad sp update --id "$client_id" --set appRoleAssignmentRequired=true

azd env set AUTH_CLIENT_ID "$client_id"
azd env set AUTH_TENANT_ID "$tenant_id"
echo "Created the app registration ${display_name} (${client_id})."
