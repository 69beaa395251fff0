#!/usr/bin/env bash
# Ingest throughput benchmark: starts the local stack in a fresh data folder, measures the raw producer rate,
# PostgreSQL's insert rates and ingest end to end, writes docs/benchmarks.md, then stops the stack.
# Usage: benchmarks/run-ingest.sh [--no-build] [--events N] [--customers C] [--no-report]
#   --events N     ingest records to publish (default 200000)
#   --customers C  customers they are spread over (default 2000)
#   --latency-seconds A,B  seconds of 1,000 records/s offered right after start and when warm (default 60,30)
#   --no-build     use the jars already built
#   --no-report    print the figures only; leave docs/benchmarks.md as it is
# Environment: BENCHMARK_REPORT=FILE writes the report there instead of docs/benchmarks.md (run-all.sh does);
# LEDGERLINE_KAFKA_PORT, LEDGERLINE_PG_PORT, LEDGERLINE_ISSUER_PORT move the stack's broker, PostgreSQL and token issuer.
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
events=200000
customers=2000
latency=60,30
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=${2:?--events needs a number}; shift ;;
    --customers) customers=${2:?--customers needs a number}; shift ;;
    --latency-seconds) latency=${2:?--latency-seconds needs A,B}; shift ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done

bench_build

bench="$root/benchmarks/ingest/target"
bench_jar "$bench" ingest-benchmark.jar

# The Message DB peer: the npm package ships its SQL, installed here (into target/, never committed) and applied by the
# benchmark to a database of its own on the stack's PostgreSQL. Without npm the peer is reported as not measured.
message_db="$bench/message-db"
if [ ! -f "$message_db/node_modules/@eventide/message-db/database/install.sh" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "Installing @eventide/message-db@1.3.1 into ${message_db#"$root"/} (npm) ..."
    mkdir -p "$message_db"
    npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$message_db" @eventide/message-db@1.3.1 \
      >"$bench/npm.out" 2>&1 || echo "npm could not install @eventide/message-db (see ${bench#"$root"/}/npm.out);" \
        "the Message DB peer will be missing from the report." >&2
  else
    echo "npm not found: the Message DB peer will be missing from the report." >&2
  fi
fi

# Health is on the service's management interface (HTTP port + 1000).
health=http://127.0.0.1:9081/q/health/ready
kafka_port=${LEDGERLINE_KAFKA_PORT:-9092}
pg_port=${LEDGERLINE_PG_PORT:-5432}
# A stack that is already up would be measured instead of a fresh one (and its ports make ours fail).
if curl -s -o /dev/null --max-time 2 "$health"; then
  echo "Something already answers on 127.0.0.1:9081 (a local stack?); stop it first." >&2
  exit 1
fi

# A fresh data folder each run: an empty event store and empty topics, so runs are comparable.
data="$bench/stack-data"
rm -rf "$data"
mkdir -p "$data"
stack_out="$bench/stack.out"

stack_pid=""
# Stops the stack if it runs (its JVMs write their flight recordings as they exit).
stop_stack_now() {
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    echo "Stopping the local stack (pid $stack_pid) ..."
    # SIGTERM runs the launcher's shutdown hook: services, then Kafka, then PostgreSQL.
    kill -TERM "$stack_pid" 2>/dev/null || true
    for _ in $(seq 1 120); do
      kill -0 "$stack_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$stack_pid" 2>/dev/null; then
      echo "The launcher did not stop within 60 s; killing it and its child processes." >&2
      children=$(ps -o pid= --ppid "$stack_pid" 2>/dev/null || true)
      kill -KILL "$stack_pid" 2>/dev/null || true
      for child in $children; do kill -TERM "$child" 2>/dev/null || true; done
    fi
    wait "$stack_pid" 2>/dev/null || true
    echo "Stack stopped. Its logs: ${data#"$root"/}/logs/"
  fi
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

echo "Starting the local stack (data in ${data#"$root"/}, output in ${stack_out#"$root"/}) ..."
# run-local.sh execs the launcher, so $! is the launcher's java process itself.
LEDGERLINE_DATA_DIR="$data" "$root/deploy/run-local.sh" --no-build >"$stack_out" 2>&1 &
stack_pid=$!

ready=false
for _ in $(seq 1 360); do
  if ! kill -0 "$stack_pid" 2>/dev/null; then
    echo "The local stack exited during start:" >&2
    tail -n 30 "$stack_out" >&2
    exit 1
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$health" || true)" = "200" ]; then
    ready=true
    break
  fi
  sleep 0.5
done
if ! $ready; then
  echo "receivables-service was not ready within 180 s; last lines of the stack's output:" >&2
  tail -n 30 "$stack_out" >&2
  exit 1
fi
ready_ms=$(date +%s%3N)
echo "Stack is ready."
# A flight recording of receivables-service for the whole run (JFR's profile settings, a few per cent of its CPU),
# started now rather than with the stack so the other JVMs start as they always do; the report's profile comes from it.
profile="$bench/profile"
rm -rf "$profile"
mkdir -p "$profile"
service_pid=$(pgrep -f "$root/receivables-service/target/quarkus-app/quarkus-run.jar" | head -n 1 || true)
if [ -n "$service_pid" ] && ! "$JAVA_HOME/bin/jcmd" "$service_pid" JFR.start name=benchmark settings=profile \
    >/dev/null 2>&1; then
  echo "Could not start a flight recording of receivables-service; the report will have no profile." >&2
  service_pid=""
fi

args=(--events "$events" --customers "$customers" --bootstrap "127.0.0.1:$kafka_port"
  --pg-url "jdbc:postgresql://127.0.0.1:$pg_port/postgres"
  --issuer-url "http://127.0.0.1:${LEDGERLINE_ISSUER_PORT:-8090}" --service-ready-ms "$ready_ms"
  --latency-seconds "$latency")
section="$bench/report-section.md"
rm -f "$section"
if $report; then
  args+=(--output "$section")
fi
# The benchmark's own JVM stays small (the records it publishes are built up front: ~200 MB for 200k).
bench_java -Xmx1g \
  -cp "$bench/ingest-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.IngestBenchmark "${args[@]}"
if $report; then
  if [ -n "$service_pid" ]; then
    "$JAVA_HOME/bin/jcmd" "$service_pid" JFR.dump name=benchmark filename="$profile/receivables-service.jfr" \
      >/dev/null 2>&1 || echo "Could not write receivables-service's flight recording." >&2
  fi
  stop_stack_now
  "$JAVA_HOME/bin/java" -cp "$bench/ingest-benchmark.jar:$bench/lib/*" io.ledgerline.benchmark.ProfileSummary \
    "$profile" "$section" "${BENCHMARK_REPORT:-$root/docs/benchmarks.md}"
fi
