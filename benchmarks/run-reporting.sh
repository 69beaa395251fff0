#!/usr/bin/env bash
# reporting-service benchmark, each phase with only the services it is about running. First, for a reported row, a
# fresh whole local stack (every service) for a short steady-state window, then stopped. Then a fresh local stack with
# receivables-service alone: the ingest benchmark's history goes into it, reporting-service is started through the
# launcher's control and its catch-up measured, then portfolio aging GETs, the month reads and the steady-state
# latency from InvoiceIssued to the aging record (receivables + reporting running: the target's path). Writes the
# report, then stops the stack.
# Usage: benchmarks/run-reporting.sh [--no-build] [--events N] [--customers C] [--rate R] [--seconds S] [--no-report]
#   --events N      history records (default 200000)      --customers C   customers they are spread over (default 2000)
#   --rate R        InvoiceIssued/s offered in the steady states (default 1000)
#   --seconds S     seconds of the measured steady state, receivables + reporting (default 30)
#   --steady-warmup W  seconds of the same flow sent right before them, not measured (default 20; 0: none)
#   --gets G        portfolio aging GETs timed (default 200)   --month-reads M   KPI trend and month-end pack calls (default 10)
#   --whole-stack-seconds S  seconds measured on the whole stack (default 20; 0 skips that stack)
#   --whole-stack-warmup W   seconds sent to the whole stack before (not measured; default 10)
#   --whole-stack-from FILE  the whole-stack window already measured (`run-ingest.sh --reporting-window FILE`, on the
#                            ingest benchmark's whole stack): no whole stack of its own; if FILE is missing, it is measured here
#   --stack-from FILE        the receivables-alone stack `run-ingest.sh --keep-stack FILE` left running, its history
#                            in it: no stack start and no history of its own, and it stops that stack at the end; if the
#                            stack is gone, it starts its own as without this option (run-all.sh passes both)
#   --keep-stack FILE        hands that stack on instead of stopping it: reporting-service is stopped through the
#                            launcher's control, receivables-service keeps running with everything it has taken, and
#                            FILE (pid, data, history, what ran on it) is written for `run-rest.sh --stack-from FILE`,
#                            which stops it (run-all.sh); only with a stack from --stack-from
# Environment: BENCHMARK_REPORT=FILE writes the report there instead of docs/benchmarks.md's section (run-all.sh
# does); LEDGERLINE_KAFKA_PORT, LEDGERLINE_PG_PORT, LEDGERLINE_ISSUER_PORT, LEDGERLINE_CONTROL_PORT and
# LEDGERLINE_PORT_OFFSET start the stack elsewhere than deploy/run-local.sh's defaults (a machine shared with another
# stack).
set -euo pipefail

script_start_ms=$(date +%s%3N)
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
args=()
rate=1000
whole_stack_seconds=20
whole_stack_warmup=10
whole_stack_from=""
stack_from=""
keep_stack=""
while [ $# -gt 0 ]; do
  case "$1" in
    --events|--customers|--seconds|--steady-warmup|--gets|--month-reads) args+=("$1" "${2:?$1 needs a number}"); shift ;;
    --rate) rate=${2:?--rate needs a number}; shift ;;
    --whole-stack-seconds) whole_stack_seconds=${2:?--whole-stack-seconds needs a number}; shift ;;
    --whole-stack-warmup) whole_stack_warmup=${2:?--whole-stack-warmup needs a number}; shift ;;
    --whole-stack-from) whole_stack_from=${2:?--whole-stack-from needs a file}; shift ;;
    --stack-from) stack_from=${2:?--stack-from needs a file}; shift ;;
    --keep-stack) keep_stack=${2:?--keep-stack needs a file}; shift ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done

bench_build receivables-service,credit-service,collections-service,disputes-service,reporting-service,deploy/local-stack,benchmarks/reporting

bench="$root/benchmarks/reporting/target"
bench_jar "$bench" reporting-benchmark.jar
kafka_port=${LEDGERLINE_KAFKA_PORT:-9092}
pg_port=${LEDGERLINE_PG_PORT:-5432}
issuer_port=${LEDGERLINE_ISSUER_PORT:-8090}
control_port=${LEDGERLINE_CONTROL_PORT:-8099}
offset=${LEDGERLINE_PORT_OFFSET:-0}
export LEDGERLINE_KAFKA_PORT=$kafka_port LEDGERLINE_PG_PORT=$pg_port LEDGERLINE_ISSUER_PORT=$issuer_port \
  LEDGERLINE_CONTROL_PORT=$control_port LEDGERLINE_PORT_OFFSET=$offset
# A stack handed over by the ingest benchmark: its launcher's pid, data folder and the history's figures.
handed_pid=""
handed_data=""
handed_history=""
if [ -n "$stack_from" ] && [ -f "$stack_from" ]; then
  handed_pid=$(sed -n 's/^pid=//p' "$stack_from")
  handed_data=$(sed -n 's/^data=//p' "$stack_from")
  handed_history=$(sed -n 's/^history=//p' "$stack_from")
  if [ -z "$handed_pid" ] || ! kill -0 "$handed_pid" 2>/dev/null || [ ! -f "$handed_history" ] \
      || [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$((9081 + offset))/q/health/ready" || true)" != 200 ]; then
    echo "The stack in ${stack_from#"$root"/} is not running or not ready: starting one of our own." >&2
    [ -z "$handed_pid" ] || bench_stop_stack "$handed_pid" "$handed_data"
    handed_pid=""
  fi
fi
# Health is on each service's management port (HTTP port + 1000).
[ -n "$handed_pid" ] || for port in $((9081 + offset)) $((9082 + offset)) $((9083 + offset)) $((9084 + offset)) $((9085 + offset)); do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/q/health/ready"; then
    echo "Something already answers on 127.0.0.1:$port (a local stack?); stop it first." >&2
    exit 1
  fi
done

stack_pid=""
data=""
# Stops the stack if it runs: SIGTERM runs the launcher's shutdown hook (services, then Kafka, then PostgreSQL).
stop_stack_now() {
  [ -n "$stack_pid" ] && bench_stop_stack "$stack_pid" "$data"
  stack_pid=""
}
stop_stack() {
  local status=$?
  trap - EXIT INT TERM
  stop_stack_now
  exit "$status"
}
trap stop_stack EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_stack NAME SERVICES: the local stack in a fresh data folder $bench/NAME (an empty event store and empty
# topics) with LEDGERLINE_SERVICES=SERVICES (empty: every service); returns once every started service is ready.
start_stack() {
  data="$bench/$1"
  local out="$bench/$1.out" ports=($((9081 + offset)))
  rm -rf "$data"
  mkdir -p "$data"
  # The last stack's (or benchmark's) writes flushed before this one starts, not during its first measured window.
  bench_quiesce 30
  [ -z "$2" ] && ports=($((9081 + offset)) $((9082 + offset)) $((9083 + offset)) $((9084 + offset)) $((9085 + offset)))
  echo "Starting the local stack (${2:-every service}; data in ${data#"$root"/}, output in ${out#"$root"/}) ..."
  # run-local.sh execs the launcher, so $! is the launcher's java process itself.
  LEDGERLINE_SERVICES="$2" LEDGERLINE_DATA_DIR="$data" "$root/deploy/run-local.sh" --no-build >"$out" 2>&1 &
  stack_pid=$!
  bench_await_ready "$stack_pid" "$out" "${ports[@]}"
  echo "Stack is ready ($(( ($(date +%s%3N) - script_start_ms) / 1000 )) s into the run)."
}

java_props=(-Dledgerline.kafka-port="$kafka_port" -Dledgerline.pg-port="$pg_port" -Dledgerline.issuer-port="$issuer_port"
  -Dledgerline.control-port="$control_port" -Dledgerline.port-offset="$offset"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)   # the Kafka clients' configuration dumps are not figures
classpath="$bench/reporting-benchmark.jar:$bench/lib/*"

# 1. The whole local stack, for the reported row: a short steady-state window with every service consuming. Not the
#    target; if it fails the report says it was not measured and the target is still measured.
whole_stack="$bench/whole-stack.properties"
rm -f "$whole_stack"
if [ -n "$whole_stack_from" ] && [ -f "$whole_stack_from" ]; then
  echo "The whole-stack window was measured on the ingest benchmark's whole stack (${whole_stack_from#"$root"/})."
  cp "$whole_stack_from" "$whole_stack"
  args+=(--whole-stack-shared ingest)
elif [ "$whole_stack_seconds" -gt 0 ] && [ -n "$handed_pid" ]; then
  echo "No whole-stack window: the handed-over stack holds its ports; the report leaves that row out." >&2
elif [ "$whole_stack_seconds" -gt 0 ]; then
  start_stack stack-data-whole ""
  bench_java -Xmx512m "${java_props[@]}" -cp "$classpath" io.ledgerline.benchmark.ReportingBenchmark \
    --window-output "$whole_stack" --rate "$rate" --seconds "$whole_stack_seconds" --warmup "$whole_stack_warmup" \
    || echo "The whole-stack window failed; the report leaves that row out." >&2
  stop_stack_now
fi

# 2. receivables-service alone for the history; the benchmark starts reporting-service through the launcher's control.
if [ -n "$handed_pid" ]; then
  # The trap stops it like a stack of our own from here on.
  stack_pid=$handed_pid
  data=$handed_data
  echo "Using the receivables-alone stack the ingest benchmark left running (pid $stack_pid), its history in it."
  bench_quiesce 30
  args+=(--history-from "$handed_history")
else
  start_stack stack-data receivables
fi
args+=(--rate "$rate" --whole-stack-result "$whole_stack" --script-start-ms "$script_start_ms")
if $report; then
  if [ -n "${BENCHMARK_REPORT:-}" ]; then
    args+=(--output-file "$BENCHMARK_REPORT")
  else
    args+=(--output docs/benchmarks.md)
  fi
fi
[ -z "$keep_stack" ] || rm -f "$keep_stack"
bench_java -Xmx1g "${java_props[@]}" -cp "$classpath" io.ledgerline.benchmark.ReportingBenchmark "${args[@]}"
if [ -n "$keep_stack" ] && [ -n "$handed_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
  # Handed on to the REST benchmark (run-all.sh): reporting-service stopped, so receivables-service runs alone again
  # as in the REST benchmark's own stack; the trap no longer stops the stack, run-rest.sh does.
  stop_ms=$(date +%s%3N)
  if curl -s -f -o /dev/null --max-time 60 -X POST "http://127.0.0.1:$control_port/services/reporting-service/stop"; then
    echo "reporting-service stopped through the launcher's control in $(awk -v a="$stop_ms" -v b="$(date +%s%3N)" 'BEGIN { printf "%.1f", (b - a) / 1000 }') s."
    {
      printf 'pid=%s\ndata=%s\nhistory=%s\n' "$stack_pid" "$data" "$handed_history"
      printf 'after=%s\n' "Then the reporting benchmark: reporting-service read every receivables event (its catch-up), its aging and month reads, and its steady state (InvoiceIssued at $rate/s, one new customer each) through receivables-service; reporting-service was stopped after it."
    } >"$keep_stack"
    echo "The stack keeps running for the REST benchmark (pid $stack_pid; reporting-service stopped; ${keep_stack#"$root"/})."
    stack_pid=""
  else
    echo "Could not stop reporting-service through the launcher's control: the stack is stopped, not handed on." >&2
  fi
fi
stop_stack_now
echo "The reporting benchmark took $(( ($(date +%s%3N) - script_start_ms) / 1000 )) s."
