#!/usr/bin/env bash
# Verify benchmark: throughput and latency of POST /v1/api_keys/verify against a bare route of the same query
# service (same filters, JSON handling and auth, no work), measured in one run with wrk, and the ratio between
# them. Also checks that verify writes nothing to PostgreSQL. Usage: bench/verify-benchmark.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-15}"
CONNECTIONS="${2:-16}"
KEYS=200
PG=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
DB=ledger_bench
CMD_PORT=18180
QRY_PORT=18181
INSTANCE_KEY=sk_test_benchmark_instance_key
WORK=$(mktemp -d)
export LEDGER_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" LEDGER_SECRET_KEYS="$INSTANCE_KEY" \
  LEDGER_MASTER_KEY="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" LEDGER_DATA_DIR="$WORK"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${PG[@]}" -d postgres -c "drop database if exists $DB with (force)" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

./mvnw -q -pl command-service,query-service -am package -DskipTests
"${PG[@]}" -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"

LEDGER_PORT=$CMD_PORT java -jar command-service/target/command-service-*-exec.jar >"$WORK/command.log" 2>&1 &
pids+=($!)
LEDGER_PORT=$QRY_PORT java -Dledger.benchmark.bare-route=true -jar query-service/target/query-service-*-exec.jar \
  >"$WORK/query.log" 2>&1 &
pids+=($!)
QUERY_PID=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "localhost:$CMD_PORT/actuator/health" && curl -sf -o /dev/null "localhost:$QRY_PORT/actuator/health" && break
  sleep 0.5
done

echo "creating $KEYS keys"
for n in $(seq 1 "$KEYS"); do
  curl -sf -X POST "localhost:$CMD_PORT/v1/api_keys" -H "Authorization: Bearer $INSTANCE_KEY" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$n\",\"subject\":\"user_2xhFjEI5X2qWRvtV13BzSj8H6Dk\",\"scopes\":[\"read\",\"write\"],\"claims\":{\"tenant\":\"t_$n\"}}"
  echo
done | grep -o '"secret":"[^"]*"' | cut -d'"' -f4 >"$WORK/secrets"
[ "$(wc -l <"$WORK/secrets")" -eq "$KEYS" ] || { echo "key creation failed" >&2; exit 1; }
export SECRETS="$WORK/secrets" INSTANCE_KEY

run() { # name path seconds
  wrk -t2 -c"$CONNECTIONS" -d"$3"s --latency -s bench/verify.lua "http://127.0.0.1:$QRY_PORT$2" >"$WORK/$1.txt"
}
rps() { awk '/^Requests\/sec/ {print $2}' "$WORK/$1.txt"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$WORK/$1.txt"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$WORK/$1.txt"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0; else printf "%.3f", v * 1000 }'; }
# rows inserted, updated or deleted in the ledger's tables, leaving out token_entry, where Axon's processors renew
# their claims every few seconds whatever the load
writes() { "${PG[@]}" -d "$DB" -c "select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) from pg_stat_user_tables where relname <> 'token_entry'"; }

echo "warming up"
run warm-bare /v1/bench/bare 5
run warm-verify /v1/api_keys/verify 5

sleep 1
before=$(writes)
run bare /v1/bench/bare "$DURATION"
run verify /v1/api_keys/verify "$DURATION"
sleep 1 # statistics are flushed asynchronously
after=$(writes)

[ -z "$(non2xx verify)" ] || { echo "verify answered non-2xx: $(non2xx verify)" >&2; cat "$WORK/verify.txt"; exit 1; }
bare_rps=$(rps bare); verify_rps=$(rps verify)
printf '\n%-8s %12s %10s %10s %10s\n' route 'req/s' 'p50 ms' 'p90 ms' 'p99 ms'
for r in bare verify; do
  printf '%-8s %12s %10s %10s %10s\n' "$r" "$(rps $r)" "$(to_ms "$(pct $r 50)")" "$(to_ms "$(pct $r 90)")" "$(to_ms "$(pct $r 99)")"
done
awk -v v="$verify_rps" -v b="$bare_rps" 'BEGIN { printf "\nverify / bare throughput: %.2f (target >= 0.70)\n", v / b }'
echo "verify p99: $(to_ms "$(pct verify 99)") ms (target <= 2 ms)"
echo "rows written to PostgreSQL during the measured runs: $((after - before)) (target 0)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); ${DURATION}s per route, $CONNECTIONS connections, wrk on the same machine"
