#!/usr/bin/env bash
# Import benchmark, one command: bench/import-benchmark.sh [seconds-per-run] [connections] [keys-per-request] [kind]
#
# Our import rate against PostgreSQL's own single-row insert rate, measured in one run on the same machine: wrk POSTs
# /v1/api_keys/import, each request KEYS new keys (default 1000) whose secret is of the given kind (issued: the
# ledger makes it, as on create; secret: sent and sealed; sha256: only its hash); each request is one command, one
# unit of work and one transaction, then one wait until the query model has every key, after imports until the JIT is
# quiet (until_jit_quiet in bench/local-ledger.sh: a 10 s warm-up left a 15 s run a quarter slower than a minute's
# second half on 2026-12-07). Then pgbench inserts rows the size of an ApiKeyImported event into a plain table of the
# same embedded PostgreSQL, one transaction per row, with 8 clients (as bench/create-benchmark.sh). Needs a JDK, wrk
# and pgbench (apt-get install wrk postgresql-client).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-15}"
CONNECTIONS="${2:-2}"
export KEYS="${3:-1000}" KIND="${4:-issued}"
PG_CLIENTS=8
command -v pgbench >/dev/null || { echo "pgbench is needed: apt-get install postgresql-client" >&2; exit 1; }
source bench/local-ledger.sh

# a request of 1,000 keys takes seconds on a busy machine: wrk's 2 s default timeout would drop it unmeasured
run_import() { # name seconds
  RUN="$1" wrk -t"$(( CONNECTIONS < 2 ? 1 : 2 ))" -c"$CONNECTIONS" -d"$2"s --timeout 120s --latency \
    -s bench/import.lua "http://127.0.0.1:$PORT/v1/api_keys/import" >"$WORK/$1.txt"
}
imported() { "${PG[@]}" -c "select count(*) from domain_event_entry where payload_type like '%ApiKeyImported'"; }

echo "warming up until the JIT is quiet"
until_jit_quiet run_import warm-import
before=$(imported)
run_import import "$DURATION"
after=$(imported)
[ -z "$(non2xx import)" ] || { echo "import answered non-2xx: $(non2xx import)" >&2; cat "$WORK/import.txt"; exit 1; }
# every request must have imported all its keys (an error per key still answers 200)
requests=$(awk '/requests in/ {print $1}' "$WORK/import.txt")
keys=$(( after - before ))
[ "$keys" -ge $(( (requests - CONNECTIONS) * KEYS )) ] || {
  echo "only $keys keys imported by $requests requests of $KEYS" >&2; exit 1; }
# wrk writes the run's length as 15.10s, or as 1.00m from a minute on
seconds=$(awk '/requests in/ { sub(/,$/, "", $4); v = $4 + 0
  print $4 ~ /ms$/ ? v / 1000 : $4 ~ /m$/ ? v * 60 : $4 ~ /h$/ ? v * 3600 : v }' "$WORK/import.txt")

size=$("${PG[@]}" -c "select avg(octet_length(payload))::int from domain_event_entry where payload_type like '%ApiKeyImported'")
"${PG[@]}" -c "create table bench_insert (id bigserial primary key, payload bytea not null)"
echo "insert into bench_insert (payload) values (convert_to(repeat('x', $size), 'UTF8'));" >"$WORK/insert.sql"
pgbench -h 127.0.0.1 -p "$DB_PORT" -U postgres -n -c "$PG_CLIENTS" -j 2 -T "$DURATION" -f "$WORK/insert.sql" ledger \
  >"$WORK/pgbench.txt" 2>&1
pg_tps=$(awk '/^tps/ {print $3; exit}' "$WORK/pgbench.txt")
pg_latency=$(awk '/^latency average/ {print $4}' "$WORK/pgbench.txt")

header
row import "$CONNECTIONS" import
printf '%-10s %-12s %10.2f %10s\n' pgbench "$PG_CLIENTS" "$pg_tps" "(average $pg_latency ms)"
awk -v k="$keys" -v s="$seconds" -v p="$pg_tps" -v per="$KEYS" -v kind="$KIND" 'BEGIN {
  printf "\nimported: %d keys in %.1f s = %.0f keys/s (%d keys a request, secrets: %s)\n", k, s, k / s, per, kind
  printf "import keys/s / PostgreSQL single-row insert transactions/s: %.3f\n", (k / s) / p }'
echo "events: $("${PG[@]}" -c "select count(*) from domain_event_entry") of about $size bytes each (ApiKeyImported)"
machine "${DURATION}s per run, $CONNECTIONS connections, $KEYS keys a request, after a warm-up of ${WARMED_UP}s"
