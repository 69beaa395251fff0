#!/usr/bin/env bash
# Collections benchmark: the daily dunning run over many open cases beside a plain SQL scan of the same rows, and
# the worklist read at 4 connections. Starts its own Kafka broker and PostgreSQL and collections-service from its
# built jar (no fixed ports), writes docs/benchmarks.md between the collections markers.
# Usage: benchmarks/run-collections.sh [--no-build] [--cases N] [--worklist-seconds S] [--no-report]
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cases=100000
seconds=15
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases=${2:?--cases needs a number}; shift ;;
    --worklist-seconds) seconds=${2:?--worklist-seconds needs a number}; shift ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done

bench_build collections-service,benchmarks/collections

bench="$root/benchmarks/collections/target"
bench_jar "$bench" collections-benchmark.jar
args=(--cases "$cases" --worklist-seconds "$seconds")
if $report; then
  args+=(--output docs/benchmarks.md)
fi
bench_java --exec -Xmx1g \
  -cp "$bench/collections-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.collections.CollectionsBenchmark "${args[@]}"
