#!/usr/bin/env bash
# Credit benchmark: order credit checks (wrk, 4 and 16 connections) beside a minimal Quarkus GET-by-id floor, and the
# consumption of receivables' events, on a stack the benchmark starts itself on free ports; writes docs/benchmarks.md.
# Usage: benchmarks/run-credit.sh [--no-build] [--no-report] [--events N] [--customers C] [--seconds S]
#   --events N     ingest records receivables takes in first (default 60000)
#   --customers C  customers they are spread over, and that credit checks pick from (default 2000)
#   --seconds S    measured seconds per wrk run (default 20; each has a 5 s warm-up before)
#   --no-build     use the jars already built
#   --no-report    print the figures only; leave docs/benchmarks.md as it is
# Environment: BENCHMARK_REPORT=FILE writes the report there instead of docs/benchmarks.md (run-all.sh does);
#   CREDIT_BENCH_JVM_OPTIONS=... is given to credit-service only (e.g. a JFR recording).
# Needs wrk (Debian/Ubuntu: apt-get install wrk).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=true
report=true
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --no-report) report=false ;;
    --events|--customers|--seconds) args+=("$1" "${2:?$1 needs a number}"); shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if ! command -v wrk >/dev/null; then
  echo "wrk is not installed (Debian/Ubuntu: apt-get install wrk)." >&2
  exit 1
fi

# shellcheck source=../deploy/find-jdk.sh
. "$root/deploy/find-jdk.sh"
JAVA_HOME=$(ledgerline_find_jdk)
export JAVA_HOME

cd "$root"
if $build; then
  echo "Building with $JAVA_HOME (skip with --no-build) ..."
  # package, not install: nothing goes into the local Maven repository.
  ./mvnw -B -q package -DskipTests \
    -pl receivables-service,credit-service,deploy/local-stack,benchmarks/credit,benchmarks/credit-floor -am
fi

bench="$root/benchmarks/credit/target"
if [ ! -f "$bench/credit-benchmark.jar" ]; then
  echo "The benchmark is not built ($bench/credit-benchmark.jar missing); run without --no-build." >&2
  exit 1
fi
if $report; then
  # run-all.sh gives each benchmark a file of its own for its section (BENCHMARK_REPORT).
  args+=(--output "${BENCHMARK_REPORT:-docs/benchmarks.md}")
fi
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)
changed=$(git -C "$root" status --porcelain 2>/dev/null | wc -l | tr -d ' ' || true)
# The benchmark starts and stops PostgreSQL, Kafka and the services itself (logs: benchmarks/credit/target/bench-data/logs).
exec "$JAVA_HOME/bin/java" -Xmx1g -Dledgerline.root="$root" \
  -Dledgerline.commit="$commit" -Dledgerline.changed-files="$changed" \
  -cp "$bench/credit-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.CreditBenchmark "${args[@]}"
