#!/usr/bin/env bash
# REST benchmark: receivables-service's GET /accounts/{id} and GET /accounts/{id}/open-items (wrk, 4 and 16
# connections) beside a minimal Quarkus GET-by-id on the same PostgreSQL, write-offs with If-Match, and the service's
# memory and start time, over 2,000 accounts of about 100 documents populated through ingest; on a stack the benchmark
# starts itself on free ports. Writes its section (and the chart docs/benchmarks-rest.svg) for docs/benchmarks.md.
# Usage: benchmarks/run-rest.sh [--no-build] [--no-report] [--events N] [--customers C] [--seconds S] [--warmup S] [--reads false]
#   --events N     ingest records to populate with (default 200000: about 100 documents per customer)
#   --customers C  customers they are spread over, and that the reads pick from (default 2000)
#   --seconds S    measured seconds per wrk run (default 10), after a warm-up of --warmup seconds (default 10)
#   --reads false  only the first read row (GET /accounts/{id}, 4 connections, beside the peer) and the commands;
#                  with --no-report (for working on the commands)
#   --no-build     use the jars already built
#   --no-report    print the figures only (chart into benchmarks/rest/target/bench-data/)
# Environment: BENCHMARK_REPORT=FILE writes the section there (run-all.sh does); without it, the section replaces the
# one between <!-- rest:begin --> and <!-- rest:end --> in docs/benchmarks.md. REST_BENCH_JVM_OPTIONS reaches
# receivables-service only (e.g. -XX:StartFlightRecording=filename=receivables.jfr,settings=profile).
# Needs wrk: installed with apt-get when missing and this runs as root, otherwise it says so and exits.
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --events|--customers|--seconds|--warmup|--reads) args+=("$1" "${2:?$1 needs a number}"); shift ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done

bench_need_wrk
bench_build receivables-service,deploy/local-stack,benchmarks/rest,benchmarks/rest-peer

bench="$root/benchmarks/rest/target"
bench_jar "$bench" rest-benchmark.jar
bench_jar "$root/benchmarks/rest-peer/target/quarkus-app" quarkus-run.jar

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
# The benchmark starts and stops PostgreSQL, Kafka and the services itself (logs: benchmarks/rest/target/bench-data/logs),
# on TERM too (its shutdown hook), which is how run-all.sh stops a benchmark at its budget.
bench_java --exec -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
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
