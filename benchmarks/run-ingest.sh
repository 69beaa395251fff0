#!/usr/bin/env bash
# Ingest benchmark of receivables-service: first a fresh whole local stack for a reported window (every service
# consuming while receivables ingests), then a fresh local stack with receivables-service alone, where the targets are
# measured (raw producer rate, PostgreSQL's insert rates, Message DB, ingest end to end, latency, rebuild); writes the
# report and the chart, then stops the stack.
# Usage: benchmarks/run-ingest.sh [--no-build] [--events N] [--customers C] [--no-report]
#   --events N     ingest records to publish (default 200000)
#   --customers C  customers they are spread over (default 2000)
#   --latency-seconds A,B  seconds of 1,000 records/s offered right after start and when warm (default 60,30)
#   --whole-stack-seconds S  seconds the whole local stack is watched ingesting the same workload (default 60; 0 skips)
#   --latency-only only the two latency phases on a fresh receivables-alone stack, the second right after the first
#                  (no whole stack, ingest, peers or rebuild; prints the figures and the service's stage histograms,
#                  writes no report): a short look at the latency, e.g. `--latency-only --latency-seconds 30,30`
#   --no-build     use the jars already built
#   --reporting-window FILE  on the whole stack, before its own window, the reporting benchmark's whole-stack window
#                  (its defaults: 10 s warm-up, 20 s at 1,000 InvoiceIssued/s), written to FILE; saves that benchmark
#                  a whole stack of its own (run-all.sh; needs benchmarks/reporting built)
#   --keep-stack FILE  leaves the receivables-alone stack running after the targets (its history in it) and writes
#                  FILE (pid, data, history) for `run-reporting.sh --stack-from FILE`, which stops it (run-all.sh)
#   --no-report    print the figures only; leave docs/benchmarks.md as it is
# Environment: BENCHMARK_REPORT=FILE writes the report there instead of docs/benchmarks.md (run-all.sh does);
# LEDGERLINE_KAFKA_PORT, LEDGERLINE_PG_PORT, LEDGERLINE_ISSUER_PORT, LEDGERLINE_CONTROL_PORT move the stack's broker,
# PostgreSQL, token issuer and launcher control; LEDGERLINE_PORT_OFFSET shifts every service's ports (deploy/README.md).
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
events=200000
customers=2000
latency=60,30
whole_stack_seconds=60
reporting_window=""
keep_stack=""
latency_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=${2:?--events needs a number}; shift ;;
    --customers) customers=${2:?--customers needs a number}; shift ;;
    --latency-seconds) latency=${2:?--latency-seconds needs A,B}; shift ;;
    --whole-stack-seconds) whole_stack_seconds=${2:?--whole-stack-seconds needs a number}; shift ;;
    --reporting-window) reporting_window=${2:?--reporting-window needs a file}; shift ;;
    --keep-stack) keep_stack=${2:?--keep-stack needs a file}; shift ;;
    --latency-only) latency_only=true; whole_stack_seconds=0; report=false ;;
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
if ! $latency_only && [ ! -f "$message_db/node_modules/@eventide/message-db/database/install.sh" ]; then
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
offset=${LEDGERLINE_PORT_OFFSET:-0}
health=http://127.0.0.1:$((9081 + offset))/q/health/ready
kafka_port=${LEDGERLINE_KAFKA_PORT:-9092}
pg_port=${LEDGERLINE_PG_PORT:-5432}
# A stack that is already up would be measured instead of a fresh one (and its ports make ours fail).
if curl -s -o /dev/null --max-time 2 "$health"; then
  echo "Something already answers on $health (a local stack?); stop it first." >&2
  exit 1
fi

stack_pid=""
data=""
stack_out=""
# Stops the stack if it runs (its JVMs write their flight recordings as they exit).
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

# start_stack NAME SERVICES [AOT]: the local stack in a fresh data folder $bench/NAME (an empty event store and empty
# topics, so runs are comparable) with LEDGERLINE_SERVICES=SERVICES (empty: every service) and LEDGERLINE_AOT_CACHE=AOT
# (default: the caller's, else use); returns once every started service answers ready on its management port (HTTP
# port + 1000).
start_stack() {
  local aot_mode=${3:-${LEDGERLINE_AOT_CACHE:-use}}
  data="$bench/$1"
  stack_out="$bench/$1.out"
  rm -rf "$data"
  mkdir -p "$data"
  # The last stack's (or benchmark's) writes flushed before this one starts, not during its first measured window.
  bench_quiesce 30
  local ports=($((9081 + offset)))
  [ -z "$2" ] && ports=($((9081 + offset)) $((9082 + offset)) $((9083 + offset)) $((9084 + offset)) $((9085 + offset)))
  echo "Starting the local stack (${2:-every service}; data in ${data#"$root"/}, output in ${stack_out#"$root"/}) ..."
  # run-local.sh execs the launcher, so $! is the launcher's java process itself.
  LEDGERLINE_SERVICES="$2" LEDGERLINE_DATA_DIR="$data" LEDGERLINE_AOT_CACHE="$aot_mode" \
    "$root/deploy/run-local.sh" --no-build >"$stack_out" 2>&1 &
  stack_pid=$!
  # Handed on (--keep-stack), this receivables-service is the REST benchmark's after reporting's (run-all.sh): its
  # start to ready on this empty database is that benchmark's footprint figure, timed here as that benchmark would.
  receivables_ready=""
  if [ -n "$keep_stack" ] && [ "$2" = receivables ]; then
    receivables_ready=$(bench_time_to_ready "$stack_pid" "receivables-service/target/quarkus-app/quarkus-run.jar" \
      $((9081 + offset)))
  fi
  bench_await_ready "$stack_pid" "$stack_out" "${ports[@]}"
}

common_args=(--events "$events" --customers "$customers" --bootstrap "127.0.0.1:$kafka_port"
  --pg-url "jdbc:postgresql://127.0.0.1:$pg_port/postgres"
  --issuer-url "http://127.0.0.1:${LEDGERLINE_ISSUER_PORT:-8090}" --service-url "http://127.0.0.1:$((8081 + offset))")
classpath="$bench/ingest-benchmark.jar:$bench/lib/*"

# 1. The whole local stack, for the reported row: the same workload with every service consuming, for a fixed window.
#    Not a target; if it fails the report says it was not measured and the targets are still measured.
whole_stack="$bench/whole-stack.properties"
rm -f "$whole_stack"
if [ "$whole_stack_seconds" -gt 0 ]; then
  start_stack stack-data-whole ""
  echo "Whole local stack is ready."
  if [ -n "$reporting_window" ]; then
    # The reporting benchmark's reported row, on this stack rather than one of its own (a stack start and stop
    # saved). Its window waits until every aging record is seen; the ingest window below then starts on a stack that
    # has taken those ~30,000 InvoiceIssued (said in the reporting section).
    rm -f "$reporting_window"
    reporting_bench="$root/benchmarks/reporting/target"
    if [ -f "$reporting_bench/reporting-benchmark.jar" ]; then
      echo "The reporting benchmark's whole-stack window, on this stack ..."
      bench_java -Xmx512m -Dledgerline.kafka-port="$kafka_port" -Dledgerline.pg-port="$pg_port" \
        -Dledgerline.issuer-port="${LEDGERLINE_ISSUER_PORT:-8090}" -Dledgerline.control-port="${LEDGERLINE_CONTROL_PORT:-8099}" \
        -Dledgerline.port-offset="$offset" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "$reporting_bench/reporting-benchmark.jar:$reporting_bench/lib/*" io.ledgerline.benchmark.ReportingBenchmark \
        --window-output "$reporting_window" --rate 1000 --seconds 20 --warmup 10 \
        || echo "The reporting whole-stack window failed; run-reporting.sh will measure it on a stack of its own." >&2
      bench_quiesce 30
    else
      echo "benchmarks/reporting is not built: no reporting window here." >&2
    fi
  fi
  bench_java -Xmx1g -cp "$classpath" io.ledgerline.benchmark.IngestBenchmark "${common_args[@]}" \
    --whole-stack-window "$whole_stack_seconds" --window-output "$whole_stack" \
    || echo "The whole-stack window failed; the report leaves that row out." >&2
  stop_stack_now
fi

# 2. receivables-service alone: every target. Its start is from the JDK's AOT cache of this build, beside the jar
#    (deploy/README.md, "Faster starts"): if the build has none yet, a training run on a stack of its own comes first
#    (LEDGERLINE_AOT_CACHE=train, 20 s of the first-minute workload, then the stop that writes the cache; a start
#    trained on nothing but itself did not shorten the first minute, benchmarks/README.md).
aot_build="$root/receivables-service/target/quarkus-app"
aot_current() {
  [ -f "$aot_build/app.aot" ] && [ -z "$(find "$aot_build" -name '*.jar' -newer "$aot_build/app.aot" -print -quit)" ]
}
jdk_feature=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
if [ "${LEDGERLINE_AOT_CACHE:-use}" = off ] || [ "${jdk_feature:-0}" -lt 25 ]; then
  aot_state="was not used (LEDGERLINE_AOT_CACHE=off, or a JDK before 25)"
else
  if aot_current; then
    aot_state="was used: the build's cache was there already (trained by an earlier run of this build)"
  else
    echo "receivables-service's build has no AOT cache yet: a training run first ..."
    start_stack stack-data-training receivables train
    training_started=$(date +%s)
    bench_java -Xmx1g -cp "$classpath" io.ledgerline.benchmark.IngestBenchmark "${common_args[@]}" \
      --service-ready-ms "$(date +%s%3N)" --latency-seconds 20,0 --latency-only >"$bench/aot-training.out" 2>&1 \
      || echo "The training workload failed (see ${bench#"$root"/}/aot-training.out); the cache trains on what ran." >&2
    stop_stack_now
    aot_state="was used: trained just before by a start of its own with 20 s of the same 1,000 records/s (training, stop and cache: $(( $(date +%s) - training_started )) s)"
  fi
  aot_current || aot_state="was not there: the training start wrote none (see its log under ${bench#"$root"/}/stack-data-training/logs/)"
fi
echo "AOT cache: $aot_state"
start_stack stack-data receivables
ready_ms=$(date +%s%3N)
echo "Stack is ready (receivables-service alone)."
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

args=("${common_args[@]}" --service-ready-ms "$ready_ms" --latency-seconds "$latency"
  --whole-stack-result "$whole_stack")
$latency_only && args+=(--latency-only)
section="$bench/report-section.md"
rm -f "$section"
if $report; then
  # The chart goes next to the page, like the REST benchmark's.
  args+=(--output "$section" --chart "$root/docs/benchmarks-ingest.svg")
else
  args+=(--chart "$bench/benchmarks-ingest.svg")
fi
# The benchmark's own JVM stays small (the records it publishes are built up front: ~200 MB for 200k).
history_props=()
if [ -n "$keep_stack" ]; then
  rm -f "$keep_stack" "$keep_stack.history"
  history_props=(-Dledgerline.history-output="$keep_stack.history")
fi
bench_java -Xmx1g "${history_props[@]}" -Dledgerline.aot-cache="$aot_state" -cp "$classpath" \
  io.ledgerline.benchmark.IngestBenchmark "${args[@]}"
if $report; then
  if [ -n "$service_pid" ]; then
    "$JAVA_HOME/bin/jcmd" "$service_pid" JFR.dump name=benchmark filename="$profile/receivables-service.jfr" \
      >/dev/null 2>&1 || echo "Could not write receivables-service's flight recording." >&2
  fi
fi
if [ -n "$keep_stack" ] && [ -f "$keep_stack.history" ] && kill -0 "$stack_pid" 2>/dev/null; then
  # Handed over running: the recording stops (not the next benchmark's cost), the trap no longer stops the stack.
  [ -n "$service_pid" ] && "$JAVA_HOME/bin/jcmd" "$service_pid" JFR.stop name=benchmark >/dev/null 2>&1 || true
  printf 'pid=%s\ndata=%s\nhistory=%s\n' "$stack_pid" "$data" "$keep_stack.history" >"$keep_stack"
  if [ -n "$receivables_ready" ]; then
    # For the REST benchmark at the end of the chain (run-all.sh): receivables' start to ready on the empty database.
    printf 'receivablesReadySeconds=%s\nreceivablesPid=%s\n' "${receivables_ready% *}" "${receivables_ready#* }" \
      >>"$keep_stack.history"
  fi
  echo "The receivables-alone stack keeps running for the reporting benchmark (pid $stack_pid; ${keep_stack#"$root"/})."
  stack_pid=""
fi
if $report; then
  stop_stack_now
  "$JAVA_HOME/bin/java" -cp "$classpath" io.ledgerline.benchmark.ProfileSummary \
    "$profile" "$section" "${BENCHMARK_REPORT:-$root/docs/benchmarks.md}"
fi
