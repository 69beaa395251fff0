#!/usr/bin/env bash
# reporting-service benchmark: starts the local stack in a fresh data folder, ingests the ingest benchmark's history,
# measures catch-up by a reporting-service started afterwards, portfolio aging GETs and the steady-state latency from
# InvoiceIssued to the aging record, writes docs/benchmarks.md's reporting section, then stops the stack.
# Usage: benchmarks/run-reporting.sh [--no-build] [--events N] [--customers C] [--rate R] [--seconds S] [--no-report]
# Environment: BENCHMARK_REPORT=FILE writes the report there instead of docs/benchmarks.md's section (run-all.sh
# does); LEDGERLINE_KAFKA_PORT, LEDGERLINE_PG_PORT, LEDGERLINE_ISSUER_PORT, LEDGERLINE_CONTROL_PORT and
# LEDGERLINE_PORT_OFFSET start the stack elsewhere than deploy/run-local.sh's defaults (a machine shared with another
# stack).
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --events|--customers|--rate|--seconds|--gets) args+=("$1" "${2:?$1 needs a number}"); shift ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done

bench_build receivables-service,reporting-service,deploy/local-stack,benchmarks/reporting

bench="$root/benchmarks/reporting/target"
bench_jar "$bench" reporting-benchmark.jar
kafka_port=${LEDGERLINE_KAFKA_PORT:-9092}
pg_port=${LEDGERLINE_PG_PORT:-5432}
issuer_port=${LEDGERLINE_ISSUER_PORT:-8090}
offset=${LEDGERLINE_PORT_OFFSET:-0}
export LEDGERLINE_KAFKA_PORT=$kafka_port LEDGERLINE_PG_PORT=$pg_port LEDGERLINE_ISSUER_PORT=$issuer_port \
  LEDGERLINE_PORT_OFFSET=$offset
# Health is on each service's management port (HTTP port + 1000).
for port in $((9081 + offset)) $((9085 + offset)) $((9095 + offset)); do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/q/health/ready"; then
    echo "Something already answers on 127.0.0.1:$port (a local stack?); stop it first." >&2
    exit 1
  fi
done

data="$bench/stack-data"
rm -rf "$data"
mkdir -p "$data"
stack_out="$bench/stack.out"
stack_pid=""
stop_stack() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    echo "Stopping the local stack (pid $stack_pid) ..."
    kill -TERM "$stack_pid" 2>/dev/null || true
    for _ in $(seq 1 120); do
      kill -0 "$stack_pid" 2>/dev/null || break
      sleep 0.5
    done
    wait "$stack_pid" 2>/dev/null || true
    echo "Stack stopped. Its logs: ${data#"$root"/}/logs/"
  fi
  exit "$status"
}
trap stop_stack EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Starting the local stack (data in ${data#"$root"/}) ..."
LEDGERLINE_DATA_DIR="$data" "$root/deploy/run-local.sh" --no-build >"$stack_out" 2>&1 &
stack_pid=$!
bench_await_ready "$stack_pid" "$stack_out" $((9081 + offset)) $((9085 + offset))
echo "Stack is ready."

if $report; then
  if [ -n "${BENCHMARK_REPORT:-}" ]; then
    args+=(--output-file "$BENCHMARK_REPORT")
  else
    args+=(--output docs/benchmarks.md)
  fi
fi
bench_java -Xmx1g \
  -Dledgerline.kafka-port="$kafka_port" -Dledgerline.pg-port="$pg_port" -Dledgerline.issuer-port="$issuer_port" \
  -Dledgerline.port-offset="$offset" \
  -cp "$bench/reporting-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.ReportingBenchmark "${args[@]}"
