#!/usr/bin/env bash
# Collections benchmark: the daily dunning run over many open cases beside a plain SQL scan of the same rows, and
# the worklist read at 4 connections. Starts its own Kafka broker and PostgreSQL and collections-service from its
# built jar (no fixed ports), writes docs/benchmarks.md between the collections markers.
# Usage: benchmarks/run-collections.sh [--no-build] [--cases N] [--worklist-seconds S] [--no-report]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=true
report=true
cases=100000
seconds=30
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --no-report) report=false ;;
    --cases) cases=${2:?--cases needs a number}; shift ;;
    --worklist-seconds) seconds=${2:?--worklist-seconds needs a number}; shift ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=../deploy/find-jdk.sh
. "$root/deploy/find-jdk.sh"
JAVA_HOME=$(ledgerline_find_jdk)
export JAVA_HOME

cd "$root"
if $build; then
  echo "Building collections-service and the benchmark with $JAVA_HOME (skip with --no-build) ..."
  ./mvnw -B -q -pl collections-service,benchmarks/collections -am package -DskipTests
fi

bench="$root/benchmarks/collections/target"
args=(--cases "$cases" --worklist-seconds "$seconds")
if $report; then
  args+=(--output docs/benchmarks.md)
fi
# Which code was measured, for the report (read-only git queries; empty outside a git checkout).
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)
changed=$(git -C "$root" status --porcelain 2>/dev/null | wc -l | tr -d ' ' || true)
exec "$JAVA_HOME/bin/java" -Xmx1g -Dledgerline.root="$root" \
  -Dledgerline.commit="$commit" -Dledgerline.changed-files="$changed" \
  -cp "$bench/collections-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.collections.CollectionsBenchmark "${args[@]}"
