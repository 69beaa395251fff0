# Sourced (never run) by every benchmarks/run-<name>.sh: the preamble they share. Not a run-*.sh itself, so
# run-all.sh does not take it for a benchmark.
#
# On sourcing: `root` is the repository, JAVA_HOME the JDK deploy/find-jdk.sh picks (exported), the working
# directory is the repository root, and `build` and `report` are true. Then, in the sourcing script:
#   bench_option "$1" || ...     takes --no-build, --no-report and -h/--help (the script's header comment)
#   bench_unknown "$1"           says an option is unknown and exits 2
#   bench_build [MODULES]        ./mvnw package (never install, tests not compiled) of MODULES with -am, or of
#                                everything; unless --no-build
#   bench_jar DIR JAR            exits with a clear message when DIR/JAR is not built
#   bench_need_wrk               installs wrk (Debian package) when missing and this runs as root, else exits 1
#   bench_java [--exec] ARGS...  runs java (--exec: in place of the script) with -Dledgerline.root and which code is
#                                measured (-Dledgerline.commit, -Dledgerline.changed-files)
# shellcheck shell=bash

root=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
bench_script="$root/benchmarks/$(basename "${BASH_SOURCE[1]}")"   # the sourcing script, for its --help
build=true
report=true

# shellcheck source=../deploy/find-jdk.sh
. "$root/deploy/find-jdk.sh"
JAVA_HOME=$(ledgerline_find_jdk)
export JAVA_HOME
cd "$root"

bench_option() {
  case "$1" in
    --no-build) build=false ;;
    --no-report) report=false ;;
    # The help is the script's header: its comment lines after the shebang, up to the first line that is not one.
    -h|--help) sed -n '2,/^[^#]/p' "$bench_script" | sed -n '/^#/s/^# \{0,1\}//p'; exit 0 ;;
    *) return 1 ;;
  esac
}

bench_unknown() {
  echo "unknown option: $1 (try --help)" >&2
  exit 2
}

bench_build() {
  $build || return 0
  echo "Building with $JAVA_HOME (skip with --no-build) ..."
  # package, not install: the jars run from their modules' target folders; nothing goes into the local repository.
  # maven.test.skip: the test sources are not even compiled (no benchmark runs them), which is most of a full build.
  # -T 2: two modules at a time (Quarkus' build of a service is mostly one thread): 44 s → 32 s for everything on
  # 2 cores with the modules already compiled (benchmarks/README.md, "Reporting's steady state, and the start of a flow").
  if [ $# -gt 0 ]; then
    ./mvnw -B -q -T 2 package -Dmaven.test.skip=true -pl "$1" -am
  else
    ./mvnw -B -q -T 2 package -Dmaven.test.skip=true
  fi
}

bench_need_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing wrk (Debian package) ..."
    DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk </dev/null >/dev/null
  else
    echo "wrk is not installed and this is not root: install it first (Debian/Ubuntu: apt-get install wrk)." >&2
    exit 1
  fi
}

bench_jar() {
  if [ ! -f "$1/$2" ]; then
    echo "The benchmark is not built ($1/$2 missing); run without --no-build." >&2
    exit 1
  fi
}

bench_java() {
  # Which code was measured, for the report (read-only git queries; empty outside a git checkout).
  local commit changed
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)
  changed=$(git -C "$root" status --porcelain 2>/dev/null | wc -l | tr -d ' ' || true)
  local java=("$JAVA_HOME/bin/java" -Dledgerline.root="$root" -Dledgerline.commit="$commit"
    -Dledgerline.changed-files="$changed")
  if [ "${1:-}" = --exec ]; then
    shift
    exec "${java[@]}" "$@"
  fi
  "${java[@]}" "$@"
}

# bench_await_ready PID OUTPUT PORT...: waits until every management PORT answers 200 on /q/health/ready (at most
# 180 s each); exits 1 with the last lines of OUTPUT if the stack process PID ends first or a port never gets ready.
bench_await_ready() {
  local pid=$1 output=$2 port ready
  shift 2
  for port in "$@"; do
    ready=false
    for _ in $(seq 1 360); do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "The local stack exited during start:" >&2
        tail -n 30 "$output" >&2
        exit 1
      fi
      if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready" || true)" = "200" ]; then
        ready=true
        break
      fi
      sleep 0.5
    done
    if ! $ready; then
      echo "The service on management port $port was not ready within 180 s; last lines of the stack's output:" >&2
      tail -n 30 "$output" >&2
      exit 1
    fi
  done
}

# bench_machine_state: one line of what competes with a measurement: the kernel's dirty and under-writeback page
# cache (MiB, /proc/meminfo) and the load average (1, 5, 15 min), e.g. "Dirty 12 MiB, Writeback 0 MiB, load 0.52 0.61 0.70".
bench_machine_state() {
  awk '/^Dirty:/ { d = $2 } /^Writeback:/ { w = $2 } END { printf "Dirty %d MiB, Writeback %d MiB", d / 1024, w / 1024 }' \
    /proc/meminfo 2>/dev/null || printf 'Dirty ? MiB, Writeback ? MiB'
  printf ', load %s\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
}

# bench_quiesce [TIMEOUT_S] [LIMIT_MIB]: before a measured phase, lets the disk go quiet: sync (every file system's
# dirty pages written, e.g. an earlier benchmark's stack data), then waits until Dirty + Writeback is at most LIMIT_MIB
# (default 64) or TIMEOUT_S (default 60) have gone. A fsync of PostgreSQL's WAL otherwise queues behind that writeback
# (see benchmarks/README.md, "Quiet before measuring"). Prints the machine state it leaves and how long it took;
# returns 0 either way (a busy shared machine may never get there: the printed state says so).
bench_quiesce() {
  local timeout=${1:-60} limit=${2:-64} start now kb
  start=$(date +%s)
  sync
  while :; do
    kb=$(awk '/^(Dirty|Writeback):/ { s += $2 } END { print s + 0 }' /proc/meminfo 2>/dev/null || echo 0)
    now=$(date +%s)
    [ "$kb" -le $((limit * 1024)) ] && break
    [ $((now - start)) -ge "$timeout" ] && break
    sync
    sleep 1
  done
  echo "Quiesced in $((now - start)) s: $(bench_machine_state)"
}

# bench_stop_services PID: sends TERM to every service JVM that the local stack's launcher PID started, all at once,
# so they shut down side by side; the launcher's own shutdown hook (run next by the caller) then finds them gone and
# stops Kafka and PostgreSQL. One after the other they took about 8 s each (40 s for the whole stack, 2026-12-02).
bench_stop_services() {
  local launcher=$1 child
  for child in $(ps -o pid= --ppid "$launcher" 2>/dev/null || true); do
    # Only the services' fast-jars: PostgreSQL and Kafka keep running until the launcher stops them in order.
    if tr '\0' ' ' <"/proc/$child/cmdline" 2>/dev/null | grep -q -- '-service/target/quarkus-app/quarkus-run.jar'; then
      kill -TERM "$child" 2>/dev/null || true
    fi
  done
}

# bench_stop_stack PID DATA: stops the local stack whose launcher is PID and whose data folder is DATA: its services
# first, side by side (one after the other they took ~8 s each), then SIGTERM to the launcher, whose shutdown hook stops
# Kafka and then PostgreSQL; after 240 s the launcher and its children are killed (a service started with
# LEDGERLINE_AOT_CACHE=train writes its AOT cache as it stops, ~30 s on 2 cores: deploy/README.md, "Faster starts").
# Its data is then discarded (bench_discard_stack_data): not read again, and its dirty pages are dropped instead of
# being written back during the next measured phase (benchmarks/README.md, "Quiet before measuring").
bench_stop_stack() {
  local launcher=$1 data=$2 children child
  kill -0 "$launcher" 2>/dev/null || return 0
  echo "Stopping the local stack (pid $launcher) ..."
  bench_stop_services "$launcher"
  kill -TERM "$launcher" 2>/dev/null || true
  for _ in $(seq 1 2400); do
    kill -0 "$launcher" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$launcher" 2>/dev/null; then
    echo "The launcher did not stop within 240 s; killing it and its child processes." >&2
    children=$(ps -o pid= --ppid "$launcher" 2>/dev/null || true)
    kill -KILL "$launcher" 2>/dev/null || true
    for child in $children; do kill -TERM "$child" 2>/dev/null || true; done
  fi
  wait "$launcher" 2>/dev/null || true
  echo "Stack stopped. Its logs: ${data#"$root"/}/logs/"
  bench_discard_stack_data "$data"
}

# bench_discard_stack_data DIR: after its stack has stopped, deletes the stack's PostgreSQL and Kafka data under DIR
# (keeps logs/ and the rest): a deleted file's dirty pages are dropped rather than written back, so the gigabytes a
# stack leaves do not compete with the next measurement's fsyncs. BENCH_KEEP_DATA=1 keeps everything.
bench_discard_stack_data() {
  [ "${BENCH_KEEP_DATA:-0}" = 1 ] && return 0
  [ -d "$1" ] || return 0
  rm -rf "$1/postgres" "$1/kafka"
}

# bench_time_to_ready LAUNCHER_PID JAR PORT: while the local stack whose launcher is LAUNCHER_PID starts, the seconds
# from the start of the service JVM running JAR (its child; the start time the kernel keeps in /proc/PID/stat) to
# the first 200 of http://127.0.0.1:PORT/q/health/ready, polled every 100 ms: the REST benchmark's start-to-ready
# figure, the same definition as when it starts the service itself. Prints "SECONDS PID", or nothing when the service
# never got ready within 180 s (bench_await_ready, called after it, then says why).
bench_time_to_ready() {
  local launcher=$1 jar=$2 port=$3 pid="" child ticks btime hz start_ms ready_ms
  for _ in $(seq 1 900); do
    kill -0 "$launcher" 2>/dev/null || return 0
    for child in $(ps -o pid= --ppid "$launcher" 2>/dev/null || true); do
      if tr '\0' ' ' <"/proc/$child/cmdline" 2>/dev/null | grep -qF -- "$jar"; then
        pid=$child
      fi
    done
    [ -n "$pid" ] && break
    sleep 0.2
  done
  [ -n "$pid" ] || return 0
  for _ in $(seq 1 1800); do
    kill -0 "$pid" 2>/dev/null || return 0
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready" || true)" = "200" ]; then
      ready_ms=$(date +%s%3N)
      break
    fi
    sleep 0.1
  done
  [ -n "${ready_ms:-}" ] || return 0
  # Field 22 of /proc/PID/stat (after the command in parentheses): start time in clock ticks since boot.
  ticks=$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f20)
  btime=$(awk '/^btime/ { print $2 }' /proc/stat)
  hz=$(getconf CLK_TCK)
  start_ms=$((btime * 1000 + ticks * 1000 / hz))
  awk -v r="$ready_ms" -v s="$start_ms" -v p="$pid" 'BEGIN { printf "%.1f %s\n", (r - s) / 1000, p }'
}
