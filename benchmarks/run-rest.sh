#!/usr/bin/env bash
# REST benchmark: receivables-service's GET /accounts/{id} and GET /accounts/{id}/open-items (wrk, 4 and 16
# connections) beside a minimal Quarkus GET-by-id on the same PostgreSQL, write-offs with If-Match, and the service's
# memory and start time, over 2,000 accounts of about 100 documents populated through ingest; on a stack the benchmark
# starts itself on free ports. Writes its section (and the chart docs/benchmarks-rest.svg) for docs/benchmarks.md.
# Usage: benchmarks/run-rest.sh [--no-build] [--no-report] [--events N] [--customers C] [--seconds S] [--warmup S]
#   --events N     ingest records to populate with (default 200000: about 100 documents per customer)
#   --customers C  customers they are spread over, and that the reads pick from (default 2000)
#   --seconds S    measured seconds per wrk run (default 10), after a warm-up of --warmup seconds (default 4)
#   --no-build     use the jars already built
#   --no-report    print the figures only (chart into benchmarks/rest/target/bench-data/)
# Environment: BENCHMARK_REPORT=FILE writes the section there (run-all.sh does); without it, the section replaces the
# one between <!-- rest:begin --> and <!-- rest:end --> in docs/benchmarks.md. REST_BENCH_JVM_OPTIONS reaches
# receivables-service only (e.g. -XX:StartFlightRecording=filename=receivables.jfr,settings=profile).
# Needs wrk: installed with apt-get when missing and this runs as root, otherwise it says so and exits.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=true
report=true
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --no-report) report=false ;;
    --events|--customers|--seconds|--warmup) args+=("$1" "${2:?$1 needs a number}"); shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing wrk (Debian package) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q </dev/null >/dev/null
    apt-get install -y -q wrk </dev/null >/dev/null
  else
    echo "wrk is not installed and this is not root: install it first (Debian/Ubuntu: apt-get install wrk)." >&2
    exit 1
  fi
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
    -pl receivables-service,deploy/local-stack,benchmarks/rest,benchmarks/rest-peer -am
fi

bench="$root/benchmarks/rest/target"
for jar in "$bench/rest-benchmark.jar" "$root/benchmarks/rest-peer/target/quarkus-app/quarkus-run.jar"; do
  if [ ! -f "$jar" ]; then
    echo "The benchmark is not built ($jar missing); run without --no-build." >&2
    exit 1
  fi
done

section=""
if $report; then
  if [ -n "${BENCHMARK_REPORT:-}" ]; then
    section="$BENCHMARK_REPORT"
  else
    section="$root/benchmarks/rest/target/section.md"
  fi
  mkdir -p "$(dirname "$section")"
  args+=(--output "$section" --chart docs/benchmarks-rest.svg)
fi
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)
changed=$(git -C "$root" status --porcelain 2>/dev/null | wc -l | tr -d ' ' || true)
# The benchmark starts and stops PostgreSQL, Kafka and the services itself (logs: benchmarks/rest/target/bench-data/logs),
# on TERM too (its shutdown hook), which is how run-all.sh stops a benchmark at its budget.
"$JAVA_HOME/bin/java" -Xmx1g -Dledgerline.root="$root" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dledgerline.commit="$commit" -Dledgerline.changed-files="$changed" \
  -cp "$bench/rest-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.RestBenchmark "${args[@]}" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid"; exit 143' TERM INT
wait "$pid"

if $report && [ -z "${BENCHMARK_REPORT:-}" ]; then
  # On its own: replace this benchmark's block in docs/benchmarks.md (run-all.sh rewrites the whole page instead).
  page="$root/docs/benchmarks.md"
  begin='<!-- rest:begin -->'
  end='<!-- rest:end -->'
  block=$(printf '%s\n%s\n%s' "$begin" "$(cat "$section")" "$end")
  if [ -f "$page" ] && grep -qF "$begin" "$page"; then
    BLOCK="$block" awk -v b="$begin" -v e="$end" '
      $0 == b { print ENVIRON["BLOCK"]; skip = 1; next }
      $0 == e { skip = 0; next }
      !skip { print }' "$page" >"$page.tmp" && mv "$page.tmp" "$page"
  else
    printf '\n%s\n' "$block" >>"$page"
  fi
  echo "Wrote docs/benchmarks.md (section REST) and docs/benchmarks-rest.svg"
fi
