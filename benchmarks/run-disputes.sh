#!/usr/bin/env bash
# Deduction detection beside ingest: runs receivables-service and disputes-service from their built jars on a broker
# and a PostgreSQL of the benchmark's own (random ports: a running local stack is left alone), publishes the ingest
# benchmark's workload, and writes its section of docs/benchmarks.md.
# Usage: benchmarks/run-disputes.sh [--no-build] [--events N] [--customers C] [--no-report]
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
events=200000
customers=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=${2:?--events needs a number}; shift ;;
    --customers) customers=${2:?--customers needs a number}; shift ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done

bench_build benchmarks/disputes

bench="$root/benchmarks/disputes/target"
bench_jar "$bench" disputes-benchmark.jar

args=(--events "$events" --customers "$customers")
if $report; then
  args+=(--output docs/benchmarks.md)
fi
"$JAVA_HOME/bin/java" -Xmx1500m -Dledgerline.root="$root" \
  -cp "$bench/disputes-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.DisputesBenchmark "${args[@]}"
