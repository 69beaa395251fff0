#!/usr/bin/env bash
# Credit benchmark: order credit checks (wrk, 4 and 16 connections) beside a minimal Quarkus GET-by-id floor, and the
# consumption of receivables' events, on a stack the benchmark starts itself on free ports; writes docs/benchmarks.md.
# Usage: benchmarks/run-credit.sh [--no-build] [--no-report] [--events N] [--customers C] [--seconds S] [--warmup S]
#                                [--compile-wait S] [--idle S]
#   --events N     ingest records receivables takes in first (default 60000)
#   --customers C  customers they are spread over, and that credit checks pick from (default 2000)
#   --seconds S    measured seconds per wrk run (default 10, as the REST benchmark; each has a 10 s warm-up before)
#   --warmup S     seconds of wrk before each measured run, not measured (default 10: the JIT's compiles)
#   --compile-wait S  at most S seconds more of warm-up before the first check row while credit-service's JIT
#                  compilers are still busy (default 20; 0: the fixed warm-up only)
#   --idle S       seconds the stack is measured at rest before the checks (default 5; 0: not measured)
#   --no-build     use the jars already built
#   --no-report    print the figures only; leave docs/benchmarks.md as it is
# Environment: BENCHMARK_REPORT=FILE writes the report there instead of docs/benchmarks.md (run-all.sh does);
#   CREDIT_BENCH_JVM_OPTIONS=... is given to credit-service only (e.g. a JFR recording).
# Needs wrk: installed with apt-get when missing and this runs as root, otherwise it says so and exits.
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --events|--customers|--seconds|--warmup|--idle|--compile-wait) args+=("$1" "${2:?$1 needs a number}"); shift ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done

bench_need_wrk

bench_build receivables-service,credit-service,deploy/local-stack,benchmarks/credit,benchmarks/credit-floor

bench="$root/benchmarks/credit/target"
bench_jar "$bench" credit-benchmark.jar
if $report; then
  # run-all.sh gives each benchmark a file of its own for its section (BENCHMARK_REPORT).
  args+=(--output "${BENCHMARK_REPORT:-docs/benchmarks.md}")
fi
# The benchmark starts and stops PostgreSQL, Kafka and the services itself (logs: benchmarks/credit/target/bench-data/logs).
bench_java --exec -Xmx1g \
  -cp "$bench/credit-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.CreditBenchmark "${args[@]}"
