#!/usr/bin/env bash
# Deduction detection beside ingest: runs receivables-service and disputes-service from their built jars on a broker
# and a PostgreSQL of the benchmark's own (random ports: a running local stack is left alone), publishes the ingest
# benchmark's workload, and writes its section of docs/benchmarks.md.
# Usage: benchmarks/run-disputes.sh [--no-build] [--events N] [--customers C] [--no-report]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=true
report=true
events=200000
customers=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --no-report) report=false ;;
    --events) events=${2:?--events needs a number}; shift ;;
    --customers) customers=${2:?--customers needs a number}; shift ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
  echo "Building with $JAVA_HOME (skip with --no-build) ..."
  # package, not install: the jars are run from their modules' target folders.
  ./mvnw -B -q package -DskipTests -pl benchmarks/disputes -am
fi

bench="$root/benchmarks/disputes/target"
if [ ! -f "$bench/disputes-benchmark.jar" ]; then
  echo "The benchmark is not built ($bench/disputes-benchmark.jar missing); run without --no-build." >&2
  exit 1
fi

args=(--events "$events" --customers "$customers")
if $report; then
  args+=(--output docs/benchmarks.md)
fi
"$JAVA_HOME/bin/java" -Xmx1500m -Dledgerline.root="$root" \
  -cp "$bench/disputes-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.DisputesBenchmark "${args[@]}"
