#!/usr/bin/env bash
# Prints a bearer token from the local stack's token issuer, for curl:
#   deploy/token.sh USER ROLE...        e.g.  TOKEN=$(deploy/token.sh sam supervisor)
#   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8081/accounts/C-1042
# Roles: ar-clerk collector credit-analyst dispute-analyst supervisor credit-manager auditor operator reader.
# The stack must be running (deploy/run-local.sh); LEDGERLINE_ISSUER_PORT if it runs the issuer elsewhere than 8090.
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  [ $# -ge 1 ] && exit 0 || exit 2
fi

user=$1; shift
query="user=$user"
for role in "$@"; do
  query="$query&role=$role"
done
port=${LEDGERLINE_ISSUER_PORT:-8090}

if ! answer=$(curl -sS -w '\n%{http_code}' "http://127.0.0.1:$port/token?$query" 2>&1); then
  echo "No token issuer on 127.0.0.1:$port; start the stack with deploy/run-local.sh" >&2
  exit 1
fi
status=${answer##*$'\n'}
body=${answer%$'\n'*}
if [ "$status" != "200" ]; then
  echo "$body" >&2
  exit 1
fi
printf '%s\n' "$body"
