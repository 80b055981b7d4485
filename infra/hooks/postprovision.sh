#!/bin/sh
# Runs after `azd provision`: adds the new app's two sign-in addresses to the app registration, keeping the ones it
# already has (the registration may serve other apps of the administrator):
# - the platform sign-in callback, a Web redirect URI (App Service Authentication, ADR 0002);
# - the staff sign-in page, a single-page-application redirect URI (MSAL.js, authorization code with PKCE, ADR 0023).
set -eu

callback="https://${FUNCTION_APP_HOSTNAME}/.auth/login/aad/callback"
sign_in_page="https://${FUNCTION_APP_HOSTNAME}/staff"

if ! command -v az >/dev/null 2>&1; then
  echo "Add ${callback} as a Web redirect URI and ${sign_in_page} as a Single-page application redirect URI of app ${AUTH_CLIENT_ID}." >&2
  exit 0
fi

existing=$(az ad app show --id "$AUTH_CLIENT_ID" --query "web.redirectUris" -o tsv)
if ! printf '%s\n' "$existing" | grep -Fqx "$callback"; then
  # shellcheck disable=SC2086 # one argument per existing URI is intended
  az ad app update --id "$AUTH_CLIENT_ID" --web-redirect-uris $existing "$callback"
  echo "Added ${callback} to the Web redirect URIs of ${AUTH_CLIENT_ID}."
fi

# The Azure CLI has no flag for single-page-application redirect URIs; Microsoft Graph takes the whole list.
object_id=$(az ad app show --id "$AUTH_CLIENT_ID" --query id -o tsv)
spa=$(az ad app show --id "$AUTH_CLIENT_ID" --query "spa.redirectUris" -o tsv)
if ! printf '%s\n' "$spa" | grep -Fqx "$sign_in_page"; then
  uris=$(printf '%s\n' "$spa" "$sign_in_page" | grep -v '^$' | sed 's/.*/"&"/' | paste -sd, -)
  az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/${object_id}" \
    --headers "Content-Type=application/json" --body "{\"spa\":{\"redirectUris\":[${uris}]}}"
  echo "Added ${sign_in_page} to the single-page application redirect URIs of ${AUTH_CLIENT_ID}."
fi
