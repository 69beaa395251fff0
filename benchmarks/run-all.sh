#!/usr/bin/env bash
# Runs every benchmark under benchmarks/ (each benchmarks/run-<name>.sh but this one), one after the other, within a
# time budget, and writes docs/benchmarks.md: the machine, its load, the commit, then one section per benchmark.
# Usage: benchmarks/run-all.sh [--no-build] [--budget MINUTES] [--only NAME]... [--whole-stack] [--no-report]
#   --no-build      use the jars already built (otherwise one build for all of them)
#   --budget M      stop starting benchmarks once M minutes have gone (default 20); a running one is stopped at M
#   --only NAME     run only run-NAME.sh (repeatable)
#   --whole-stack   also measure the ingest and reporting benchmarks' whole-stack rows (reported rows, not targets;
#                   about 3 ½ minutes more, and the run then no longer fits 20 minutes: benchmarks/README.md,
#                   "How long it takes"); left out by default
#   --no-whole-stack  leave them out (the default; kept for the scripts that pass it)
#   --no-report     print only; leave docs/benchmarks.md as it is
#
# A benchmark script is called as `run-<name>.sh --no-build` with BENCHMARK_REPORT=<file> in its environment: it
# writes its figures there as Markdown (headings from `##` down; anything before the first `##` is dropped) and
# exits non-zero if it could not measure. A script that writes no report gets a section with its exit status and
# the last lines of its output, so a failure is visible in the report rather than lost. (A script that still updates
# its own block `<!-- name:begin -->`...`<!-- name:end -->` of docs/benchmarks.md instead is read from there.)
#
# The page starts with a summary of every target: each section's rows of a table headed exactly
#   | target | figure | peer | ratio | met |
# are collected into one table (see benchmarks/README.md, "The report's form"). Sections of benchmarks this run did
# not run (--only) are kept from the page as it was, marked as from an earlier run.
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
budget_minutes=20
only=()
# The two whole-stack rows cost about 3 ½ minutes of a run that must fit 20: opt-in (benchmarks/README.md).
whole_stack=false
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget_minutes=${2:?--budget needs minutes}; shift ;;
    --only) only+=("${2:?--only needs a name}"); shift ;;
    --whole-stack) whole_stack=true ;;
    --no-whole-stack) whole_stack=false ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done


scripts=()
for script in benchmarks/run-*.sh; do
  name=$(basename "$script" .sh)
  name=${name#run-}
  [ "$name" = "all" ] && continue
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]]; then
    continue
  fi
  scripts+=("$name")
done
if [ ${#scripts[@]} -eq 0 ]; then
  echo "No benchmark scripts to run (benchmarks/run-<name>.sh)." >&2
  exit 1
fi
echo "Benchmarks: ${scripts[*]} (budget ${budget_minutes} min)"

started=$(date +%s)
deadline=$((started + budget_minutes * 60))
bench_build   # once for all of them; each script then runs with --no-build

out="$root/benchmarks/target/run-all"
rm -rf "$out"
mkdir -p "$out"

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
page="$root/docs/benchmarks.md"
# The lines between `<!-- NAME:begin -->` and `<!-- NAME:end -->` of the page on stdin.
block() {
  awk -v b="<!-- $1:begin -->" -v e="<!-- $1:end -->" '$0 == e { inside = 0 } inside { print } $0 == b { inside = 1 }'
}
# The names of every block on the page on stdin, in page order.
blocks() { sed -n 's/^<!-- \([a-z0-9_-]*\):begin -->$/\1/p'; }
# The rows of every table headed `| target | figure | peer | ratio | met |` in the Markdown on stdin.
target_rows() {
  awk '/^\| *target *\| *figure *\| *peer *\| *ratio *\| *met *\|/ { table = 1; next }
       table && /^\|[-: |]+\|$/ { next }
       table && /^\|/ { print; next }
       { table = 0 }'
}
# Shared between benchmarks when both run (benchmarks/README.md, "How long it takes"): the ingest benchmark measures the
# reporting benchmark's whole-stack window on its own whole stack, and hands its populated receivables-alone stack
# over, running, as reporting's history (issue 11: reporting started after the receivables benchmark has run); when
# rest runs too, reporting hands that stack on (reporting-service stopped) as the REST benchmark's populated stack
# (no populating of its own; "Sharing stacks between benchmarks"). Each falls back to a stack of its own when the
# one before did not run or failed.
shared="$out/shared"
mkdir -p "$shared"
extra_args() {
  if ! $whole_stack; then
    case "$1" in ingest|reporting) printf '%s ' --whole-stack-seconds 0 ;; esac
  fi
  [[ " ${scripts[*]} " == *" ingest "* && " ${scripts[*]} " == *" reporting "* ]] || return 0
  case "$1" in
    ingest)
      $whole_stack && printf '%s ' --reporting-window "$shared/reporting-whole-stack.properties"
      echo "--keep-stack $shared/receivables-stack" ;;
    reporting)
      $whole_stack && printf '%s ' --whole-stack-from "$shared/reporting-whole-stack.properties"
      [[ " ${scripts[*]} " == *" rest "* ]] && printf '%s ' --keep-stack "$shared/rest-stack"
      echo "--stack-from $shared/receivables-stack" ;;
    rest)
      echo "--stack-from $shared/rest-stack" ;;
  esac
}
# A stack handed over and never taken (the receiving benchmark skipped or failed before it): stopped at the end.
stop_handed_stack() {
  local pid data file
  for file in "$shared/receivables-stack" "$shared/rest-stack"; do
    pid=$(sed -n 's/^pid=//p' "$file" 2>/dev/null || true)
    data=$(sed -n 's/^data=//p' "$file" 2>/dev/null || true)
    [ -z "$pid" ] || bench_stop_stack "$pid" "$data"
  done
}
trap stop_handed_stack EXIT
load_start=$(load)
failed=()
for name in "${scripts[@]}"; do
  now=$(date +%s)
  left=$((deadline - now))
  section="$out/$name.md"
  if [ "$left" -le 60 ]; then
    echo "== $name: skipped, the ${budget_minutes}-minute budget is spent"
    printf 'Not run: the %s-minute budget of `run-all.sh` was spent before it could start.\n' "$budget_minutes" \
      >"$out/$name.skipped"
    continue
  fi
  echo "== $name (at most $((left / 60)) min left; load average $(load)) =="
  # The previous benchmark's writes flushed before this one starts (its state goes into the section).
  quiesced=$(bench_quiesce 30)
  echo "$quiesced"
  load_before=$(load)
  t0=$(date +%s)
  : >"$out/$name.before"
  [ -f "$page" ] && block "$name" <"$page" >"$out/$name.before"
  status=0
  # timeout sends TERM to the script, whose own trap stops what it started (the stack), then KILL after 90 s more.
  # shellcheck disable=SC2046 # extra_args: words without spaces
  BENCHMARK_REPORT="$section" timeout --kill-after=90 "$left" "benchmarks/run-$name.sh" --no-build $(extra_args "$name") 2>&1 \
    | tee "$out/$name.log" || status=$?
  t1=$(date +%s)
  printf '%s|%s|%s|%s|%s\n' "$status" "$((t1 - t0))" "$load_before" "$(load)" "$quiesced" >"$out/$name.status"
  if [ ! -s "$section" ]; then
    # A script that updated its own block of the page rather than BENCHMARK_REPORT: that block, if it changed.
    : >"$out/$name.after"
    [ -f "$page" ] && block "$name" <"$page" >"$out/$name.after"
    if [ -s "$out/$name.after" ] && ! cmp -s "$out/$name.before" "$out/$name.after"; then
      cp "$out/$name.after" "$section"
    fi
  fi
  if [ "$status" -ne 0 ]; then
    failed+=("$name")
  fi
done
load_end=$(load)
total=$(( $(date +%s) - started ))

if ! $report; then
  echo "Done in $((total / 60)) min $((total % 60)) s; sections in ${out#"$root"/} (--no-report: docs/benchmarks.md unchanged)."
  [ ${#failed[@]} -eq 0 ] || { echo "Failed: ${failed[*]}" >&2; exit 1; }
  exit 0
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
changed=$(git status --porcelain 2>/dev/null | wc -l | tr -d ' ')
cpus=$(nproc 2>/dev/null || echo "?")
model=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || true)
memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)
# Sections of benchmarks not run this time (--only) stay as the page had them.
earlier=()
if [ -f "$page" ]; then
  for name in $(blocks <"$page"); do
    [[ " ${scripts[*]} " == *" $name "* ]] && continue
    block "$name" <"$page" >"$out/$name.earlier"
    earlier+=("$name")
  done
fi
# One section's Markdown as it goes on the page (headings one level down under the section's own).
section_body() {
  local name=$1
  if [ -f "$out/$name.skipped" ]; then
    cat "$out/$name.skipped"
    echo
    return
  fi
  IFS='|' read -r status seconds load_before load_after quiesced <"$out/$name.status"
  echo "Took $((seconds / 60)) min $((seconds % 60)) s; load average before $load_before, after $load_after."
  [ -z "$quiesced" ] || { echo; echo "Before it started, \`sync\` and a wait for the kernel's dirty pages (benchmarks/README.md, \"Quiet before measuring\"): ${quiesced}."; }
  echo
  if [ "$status" -ne 0 ]; then
    echo "**Failed** (exit status $status$([ "$status" -eq 124 ] && echo ": stopped at the time budget")). Last lines of its output:"
    echo
    echo '```'
    tail -n 40 "$out/$name.log" | sed 's/\x1b\[[0-9;]*m//g'
    echo '```'
    echo
  fi
  if [ -s "$out/$name.md" ]; then
    # The script's own page, from its first `##` heading, one level down under this section's heading. Block markers
    # a script wrote into its report (the ingest benchmark's, from when it updated the page itself) are left out: the
    # page's own markers around the section are the only ones, or the next run's `block` would stop at the inner one.
    awk '/^<!-- [a-z0-9_-]+:(begin|end) -->$/ { next } found || /^## / { found = 1; print }' "$out/$name.md" \
      | sed -E 's/^(#{2,5}) /#\1 /'
    echo
  elif [ "$status" -eq 0 ]; then
    echo "It wrote no report (BENCHMARK_REPORT); last lines of its output:"
    echo
    echo '```'
    tail -n 40 "$out/$name.log" | sed 's/\x1b\[[0-9;]*m//g'
    echo '```'
    echo
  fi
}
for name in "${scripts[@]}"; do
  section_body "$name" >"$out/$name.section"
done
{
  echo "# Benchmarks"
  echo
  echo "Written by \`benchmarks/run-all.sh\`, which runs every \`benchmarks/run-<name>.sh\` one after the other;"
  echo "every figure below was measured in the run that wrote this page, unless its section says it is from an earlier"
  echo "run. Re-run it to replace them."
  echo
  echo "- Run $(date -u -d "@$started" '+%Y-%m-%d %H:%M UTC'), $((total / 60)) min $((total % 60)) s in all; commit \`$commit\`"
  echo "  with $changed files changed or added in the working tree."
  echo "- Machine: $cpus cores${model:+ ($model)}, ${memory:-? RAM}, $(uname -sr)."
  echo "- Load average (1, 5, 15 min) at the start $load_start, at the end $load_end. On a machine of $cpus cores a"
  echo "  load above $cpus means other work was competing for the cores: figures from such a run are lower than the"
  echo "  machine can do, and only ratios measured side by side in the same run compare fairly."
  echo
  echo "## Targets"
  echo
  echo "Every target of every section below, collected from the sections' own tables (figure, the peer measured"
  echo "beside it in the same run, the ratio, met or not). The machine and the commit of each are in its section."
  echo
  echo "| benchmark | target | figure | peer | ratio | met |"
  echo "|---|---|---:|---:|---:|---|"
  for name in "${scripts[@]}"; do
    rows=$(target_rows <"$out/$name.section" | sed "s/^|/| $name |/")
    if [ -n "$rows" ]; then
      echo "$rows"
    elif [ -f "$out/$name.skipped" ]; then
      echo "| $name | — | not run: the time budget was spent | — | — | not measured |"
    elif [ -f "$out/$name.status" ] && [ "$(cut -d'|' -f1 "$out/$name.status")" -ne 0 ]; then
      echo "| $name | — | failed (exit status $(cut -d'|' -f1 "$out/$name.status")) | — | — | not measured |"
    fi
  done
  for name in "${earlier[@]}"; do
    target_rows <"$out/$name.earlier" | sed "s/^|/| $name (earlier run) |/"
  done
  echo
  if [ ${#failed[@]} -gt 0 ]; then
    echo "Failed in this run (see their sections): ${failed[*]}."
    echo
  fi
  for name in "${scripts[@]}"; do
    echo "<!-- $name:begin -->"
    echo "## $name"
    echo
    echo "\`benchmarks/run-$name.sh\`, run by \`benchmarks/run-all.sh\` on $(date -u -d "@$started" '+%Y-%m-%d') (commit \`$commit\`)."
    echo
    cat "$out/$name.section"
    echo "<!-- $name:end -->"
    echo
  done
  for name in "${earlier[@]}"; do
    echo "<!-- $name:begin -->"
    cat "$out/$name.earlier"
    echo "<!-- $name:end -->"
    echo
  done
  echo "## Reproduce"
  echo
  echo '```'
  echo "benchmarks/run-all.sh                  # build once, run every benchmark, write this page (about ${budget_minutes} min at most)"
  echo "benchmarks/run-all.sh --no-build --only ingest"
  echo '```'
  echo
  echo "Each benchmark starts what it needs (e.g. the local stack in a fresh data folder) and stops it. See"
  echo "[benchmarks/README.md](../benchmarks/README.md)."
} >"$page"
echo "Wrote ${page#"$root"/} in $((total / 60)) min $((total % 60)) s."
[ ${#failed[@]} -eq 0 ] || { echo "Failed: ${failed[*]}" >&2; exit 1; }
