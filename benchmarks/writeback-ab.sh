#!/usr/bin/env bash
# A/B of PostgreSQL's batched-insert rate (the ingest benchmark's write ceiling) against the kernel's dirty-page
# writeback: a throw-away PostgreSQL (fsync on) in benchmarks/target/writeback-ab, the event store's table from its
# migrations, pgbench inserting 500 rows per transaction for --seconds, in four conditions one after the other:
#   quiet      after sync, Dirty+Writeback small, CHECKPOINT (what benchmarks/common.sh's bench_quiesce gives)
#   dirty      right after writing --gigabytes of data to a file on the same disk, not synced (as a benchmark's stack
#              data folder that was just stopped and left behind)
#   deleted    the same, but the file deleted before the measurement (as a data folder removed right after its stack)
#   quiet      again, after sync
# Prints rows/s, the machine's Dirty/Writeback and load average beside each. Not run by run-all.sh.
# Usage: benchmarks/writeback-ab.sh [--pg-bin DIR] [--port P] [--seconds S] [--gigabytes G]
#   --pg-bin DIR   PostgreSQL's bin folder (initdb, pg_ctl, postgres); default the newest /usr/lib/postgresql/*/bin
#   --port P       its port (default 55499)        --seconds S  per condition (default 15)
#   --gigabytes G  written in the dirty and deleted conditions (default 2)
# Needs psql and pgbench (Debian: postgresql-client, postgresql-contrib).
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
port=55499
seconds=15
gigabytes=2
while [ $# -gt 0 ]; do
  case "$1" in
    --pg-bin) pg_bin=${2:?--pg-bin needs a folder}; shift ;;
    --port) port=${2:?--port needs a number}; shift ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift ;;
    --gigabytes) gigabytes=${2:?--gigabytes needs a number}; shift ;;
    *) bench_option "$1" || bench_unknown "$1" ;;
  esac
  shift
done
for tool in "$pg_bin/initdb" "$pg_bin/pg_ctl"; do
  [ -x "$tool" ] || { echo "Not found: $tool (give --pg-bin)" >&2; exit 1; }
done
command -v pgbench >/dev/null && command -v psql >/dev/null || { echo "Needs psql and pgbench." >&2; exit 1; }

work="$root/benchmarks/target/writeback-ab"
rm -rf "$work"
mkdir -p "$work"
# initdb refuses root: as root, the server runs as the postgres user (its data folder handed over).
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "Running as root needs a postgres user for the server." >&2; exit 1; }
  chown postgres "$work"
  as_owner=(runuser -u postgres --)
fi
"${as_owner[@]}" "$pg_bin/initdb" -D "$work/pgdata" -U postgres -A trust >"$work/initdb.out" 2>&1
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$work/pgdata" -l "$work/postgres.log" -w \
  -o "-p $port -c fsync=on -c synchronous_commit=on -c track_wal_io_timing=on -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start \
  >/dev/null
trap '"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$work/pgdata" -m fast stop >/dev/null 2>&1 || true; rm -f "$work/big"' EXIT
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
for file in "$root"/event-store/src/main/resources/db/event-store/*.sql; do
  psql -q -v ON_ERROR_STOP=1 -d postgres -f "$file" >/dev/null
done
psql -q -d postgres -c "CREATE SEQUENCE bench_version" >/dev/null
# 500 rows per transaction, each an event of one of 2,000 streams; versions from a sequence keep (stream, version) unique.
cat >"$work/batch.sql" <<'SQL'
INSERT INTO events (event_id, stream_id, version, event_type, schema_version, partition_key, payload, metadata)
SELECT gen_random_uuid(), 'account-C-' || (n % 2000), nextval('bench_version'), 'InvoiceIssued', 1, 'C-' || (n % 2000),
       jsonb_build_object('customerId', 'C-' || (n % 2000), 'invoiceId', 'INV-' || n, 'issueDate', '2026-03-02',
                          'dueDate', '2026-04-01', 'currency', 'EUR', 'amount', (1000 + n % 997)::text || '.50',
                          'purchaseOrder', 'PO-' || n, 'description', 'freight Hamburg-Lyon, delivery 2026-03-02'),
       jsonb_build_object('messageId', 'bench-' || n, 'topic', 'ledgerline.ingest.invoices', 'offset', n)
FROM generate_series(1, 500) AS n;
SQL

measure() {
  local name=$1 before after tps
  psql -q -d postgres -c "TRUNCATE events" -c "CHECKPOINT" -c "SELECT pg_stat_reset_shared('wal')" >/dev/null
  before=$(bench_machine_state)
  tps=$(pgbench -n -c 1 -T "$seconds" -f "$work/batch.sql" postgres 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  after=$(bench_machine_state)
  # PostgreSQL's own time in WAL fsyncs (track_wal_io_timing): the disk's share, which the machine's CPU load barely
  # moves, unlike rows/s.
  sync_ms=$(psql -At -d postgres -c "SELECT round((wal_sync_time / greatest(wal_sync, 1))::numeric, 2) || ' ms per WAL fsync ('
    || wal_sync || ' fsyncs, ' || round(wal_sync_time::numeric / 1000, 1) || ' s in all)' FROM pg_stat_wal")
  printf '%-8s %8.0f rows/s, %s   before: %s   after: %s\n' "$name" "$(echo "${tps:-0} * 500" | bc)" "$sync_ms" \
    "$before" "$after"
}
write_big() {
  dd if=/dev/zero of="$work/big" bs=1M count=$((gigabytes * 1024)) status=none
}

echo "batched INSERT (500 rows/transaction, 1 client, ${seconds} s per condition, fsync on); ${gigabytes} GB written:"
bench_quiesce 60 >/dev/null
measure quiet
write_big
measure dirty
rm -f "$work/big"
bench_quiesce 60 >/dev/null
write_big
rm -f "$work/big"
measure deleted
bench_quiesce 60 >/dev/null
measure quiet
