#!/usr/bin/env bash
# Starts the Ledgerline local stack: Kafka, PostgreSQL and every built service, with data kept in .data/.
# Usage: deploy/run-local.sh [--no-build] [--demo]    (environment overrides: see deploy/README.md)
#   --no-build  start what is already built
#   --demo      once the stack is up, load the demo portfolio (deploy/demo.sh does the same for a running stack)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=true
launcher_args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --demo) launcher_args+=(--demo) ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=find-jdk.sh
. "$root/deploy/find-jdk.sh"
JAVA_HOME=$(ledgerline_find_jdk)
export JAVA_HOME

cd "$root"
if $build; then
  echo "Building with $JAVA_HOME (skip with --no-build) ..."
  # package, not install: the stack runs every service from its own target/ folder.
  ./mvnw -B -q package -DskipTests
fi

launcher="$root/deploy/local-stack/target"
if [ ! -f "$launcher/local-stack.jar" ]; then
  echo "The launcher is not built ($launcher/local-stack.jar missing); run without --no-build." >&2
  exit 1
fi

# exec: the launcher receives Ctrl-C itself and stops its children in order.
exec "$JAVA_HOME/bin/java" -Xmx256m -Dledgerline.root="$root" \
  -cp "$launcher/local-stack.jar:$launcher/lib/*" io.ledgerline.localstack.LocalStack ${launcher_args[@]+"${launcher_args[@]}"}
