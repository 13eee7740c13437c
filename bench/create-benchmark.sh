#!/usr/bin/env bash
# Create benchmark, one command: bench/create-benchmark.sh [seconds-per-run] [connections]
#
# Our insert rate against PostgreSQL's own, measured in one run on the same machine: wrk POSTs /v1/api_keys, each a
# new key (one command: the event, the name row and the data key in one transaction; then the write waits until the
# query model and every verify cache reflect it); then pgbench inserts rows the size of an ApiKeyCreated event into a
# plain table of the same embedded PostgreSQL, one transaction per row, with as many clients. Needs a JDK, wrk and
# pgbench (apt-get install wrk postgresql-client). The warm-up loads creates until the JIT is quiet (warm_up in
# bench/local-ledger.sh; WARMUP=seconds caps it, 600 by default): on two cores the JIT's compilers took a whole core
# until some 250 s into a create load (jstat -compiler, 2026-12-07), so a fixed 120 s warm-up measured them as well.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-15}"
CONNECTIONS="${2:-8}"
command -v pgbench >/dev/null || { echo "pgbench is needed: apt-get install postgresql-client" >&2; exit 1; }
source bench/local-ledger.sh

echo "warming up"
warm_up warm-create /v1/api_keys bench/create.lua
before=$(cpu_ticks)
run create /v1/api_keys "$DURATION" bench/create.lua
after=$(cpu_ticks)
# latency without queueing: one connection, one request at a time
run create-1 /v1/api_keys "$DURATION" bench/create.lua 1
for r in create create-1; do
  [ -z "$(non2xx $r)" ] || { echo "create answered non-2xx: $(non2xx $r)" >&2; cat "$WORK/$r.txt"; exit 1; }
done

# PostgreSQL's own insert rate, with rows the size of the events just written
size=$("${PG[@]}" -c "select avg(octet_length(payload))::int from domain_event_entry where payload_type like '%ApiKeyCreated'")
"${PG[@]}" -c "create table bench_insert (id bigserial primary key, payload bytea not null)"
echo "insert into bench_insert (payload) values (convert_to(repeat('x', $size), 'UTF8'));" >"$WORK/insert.sql"
pgbench -h 127.0.0.1 -p "$DB_PORT" -U postgres -n -c "$CONNECTIONS" -j 2 -T "$DURATION" -f "$WORK/insert.sql" ledger \
  >"$WORK/pgbench.txt" 2>&1
pg_tps=$(awk '/^tps/ {print $3; exit}' "$WORK/pgbench.txt")
pg_latency=$(awk '/^latency average/ {print $4}' "$WORK/pgbench.txt")

header
row create "$CONNECTIONS" create
row create 1 create-1
printf '%-10s %-12s %10.2f %10s\n' pgbench "$CONNECTIONS" "$pg_tps" "(average $pg_latency ms)"
awk -v c="$(rps create)" -v p="$pg_tps" \
  'BEGIN { printf "\ncreate / PostgreSQL single-row insert transactions: %.3f\n", c / p }'
# less noisy than the rate on this shared machine: what the run's creates cost in CPU, wherever they waited
echo "CPU a create cost during the $CONNECTIONS-connection run: $(cpu_per_request "$before" "$after" \
  "$(awk -v r="$(rps create)" -v d="$DURATION" 'BEGIN { print r * d }')")"
echo "events: $("${PG[@]}" -c "select count(*) from domain_event_entry") of about $size bytes each"
machine "${DURATION}s per run, $CONNECTIONS connections, after a warm-up of ${WARMED_UP}s"
