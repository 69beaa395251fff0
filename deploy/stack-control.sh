#!/usr/bin/env bash
# Shared by restart.sh, clock.sh and demo.sh: calls the running launcher's control port.
# Usage (sourced): ledgerline_control METHOD PATH    prints the answer; exits 1 with its text if it is not 200.

ledgerline_control() {
  local method=$1 path=$2 port=${LEDGERLINE_CONTROL_PORT:-8099} answer status body
  if ! answer=$(curl -sS -X "$method" -w '\n%{http_code}' "http://127.0.0.1:$port$path" 2>&1); then
    echo "No local stack answers on 127.0.0.1:$port (start it with deploy/run-local.sh;" \
         "LEDGERLINE_CONTROL_PORT if it runs elsewhere)." >&2
    return 1
  fi
  status=${answer##*$'\n'}
  body=${answer%$'\n'*}
  if [ "$status" != "200" ]; then
    printf '%s\n' "$body" >&2
    return 1
  fi
  printf '%s\n' "${body%$'\n'}"
}
