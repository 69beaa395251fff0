#!/usr/bin/env bash
# REST benchmark: receivables-service's GET /accounts/{id} and GET /accounts/{id}/open-items (wrk, 4 and 16
# connections) beside a minimal Quarkus GET-by-id on the same PostgreSQL, write-offs with If-Match, and the service's
# memory and start time, over 2,000 accounts of about 100 documents populated through ingest; on a stack the benchmark
# starts itself on free ports. Writes its section (and the chart docs/benchmarks-rest.svg) for docs/benchmarks.md.
# Usage: benchmarks/run-rest.sh [--no-build] [--no-report] [--events N] [--customers C] [--seconds S] [--warmup S] [--command-warmup S] [--reads false]
#   --events N     ingest records to populate with (default 200000: about 100 documents per customer)
#   --customers C  customers they are spread over, and that the reads pick from (default 2000)
#   --seconds S    measured seconds per wrk run (default 10), after a warm-up of --warmup seconds (default 10)
#   --command-warmup S  seconds of write-offs before the measured write-off rows (default 30: the JIT compiler
#                  still took a quarter of the service's CPU per write-off after 10)
#   --reads false  only the first read row (GET /accounts/{id}, 4 connections, beside the peer) and the commands;
#                  with --no-report (for working on the commands)
#   --stack-from FILE  measure on the stack `run-reporting.sh --keep-stack FILE` handed over (run-all.sh: the ingest
#                  benchmark's receivables-alone stack, populated with the same workload, after the reporting
#                  benchmark): no stack start and no populating here; the footprint's start to ready is the one the
#                  ingest benchmark timed for that process, and the stack is stopped at the end. If that stack is not
#                  running and ready, the benchmark starts and populates its own as without this option
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
stack_from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --events|--customers|--seconds|--warmup|--command-warmup|--reads) args+=("$1" "${2:?$1 needs a number}"); shift ;;
    --stack-from) stack_from=${2:?--stack-from needs a file}; shift ;;
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
# A stack handed over (run-all.sh): its launcher's pid and data folder; stopped here at the end, on failure and TERM too.
handed_pid=""
handed_data=""
offset=${LEDGERLINE_PORT_OFFSET:-0}
if [ -n "$stack_from" ] && [ -f "$stack_from" ]; then
  handed_pid=$(sed -n 's/^pid=//p' "$stack_from")
  handed_data=$(sed -n 's/^data=//p' "$stack_from")
  if [ -z "$handed_pid" ] || ! kill -0 "$handed_pid" 2>/dev/null \
      || [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$((9081 + offset))/q/health/ready" || true)" != 200 ]; then
    echo "The stack in ${stack_from#"$root"/} is not running or not ready: starting and populating one of our own." >&2
    [ -z "$handed_pid" ] || bench_stop_stack "$handed_pid" "$handed_data"
    handed_pid=""
  else
    echo "Using the stack the reporting benchmark handed over (pid $handed_pid; ${stack_from#"$root"/})."
    bench_quiesce 30
    args+=(--handed "$stack_from" --service-url "http://127.0.0.1:$((8081 + offset))"
      --pg-port "${LEDGERLINE_PG_PORT:-5432}" --issuer-url "http://127.0.0.1:${LEDGERLINE_ISSUER_PORT:-8090}")
  fi
fi
stop_handed() {
  [ -z "$handed_pid" ] || bench_stop_stack "$handed_pid" "$handed_data"
  handed_pid=""
}
trap stop_handed EXIT

# The benchmark starts and stops PostgreSQL, Kafka and the services itself (logs: benchmarks/rest/target/bench-data/logs),
# on TERM too (its shutdown hook), which is how run-all.sh stops a benchmark at its budget; a handed stack is stopped
# by this script (stop_handed).
bench_java --exec -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$bench/rest-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.RestBenchmark "${args[@]}" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid"; stop_handed; exit 143' TERM INT
wait "$pid"
stop_handed

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
