#!/bin/sh
# Runs after `azd provision`: adds the platform sign-in callback of the Function App to the app registration,
# keeping the redirect URIs it already has (the registration may serve other apps of the administrator).
set -eu

if ! command -v az >/dev/null 2>&1; then
  echo "Add https://${FUNCTION_APP_HOSTNAME}/.auth/login/aad/callback as a Web redirect URI of app ${AUTH_CLIENT_ID}." >&2
  exit 0
fi

callback="https://${FUNCTION_APP_HOSTNAME}/.auth/login/aad/callback"
existing=$(az ad app show --id "$AUTH_CLIENT_ID" --query "web.redirectUris" -o tsv)
if printf '%s\n' "$existing" | grep -Fqx "$callback"; then
  exit 0
fi
# shellcheck disable=SC2086 # one argument per existing URI is intended
az ad app update --id "$AUTH_CLIENT_ID" --web-redirect-uris $existing "$callback"
echo "Added ${callback} to the redirect URIs of ${AUTH_CLIENT_ID}."
