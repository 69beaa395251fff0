#!/usr/bin/env bash
# Loads the demo portfolio into the running local stack (deploy/run-local.sh --demo does it at start):
# a few hundred customers with a year of invoices and payments through the ingest topics, then disputes, promises,
# holds and a credit application over REST with tokens. Seeded: the same portfolio every time. It moves the stack's
# business date to the demo's "today" (printed), so every figure is as of that day.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/deploy/find-jdk.sh"
JAVA_HOME=$(ledgerline_find_jdk)
launcher="$root/deploy/local-stack/target"
if [ ! -f "$launcher/local-stack.jar" ]; then
  echo "The launcher is not built; run deploy/run-local.sh first." >&2
  exit 1
fi
exec "$JAVA_HOME/bin/java" -Xmx256m -cp "$launcher/local-stack.jar:$launcher/lib/*" \
  io.ledgerline.localstack.DemoPortfolio "$@"
