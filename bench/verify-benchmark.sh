#!/usr/bin/env bash
# Verify benchmark, one command: bench/verify-benchmark.sh [seconds-per-run] [connections]
#
# Runs the ledger in local mode (one process: both services, embedded PostgreSQL and Kafka) with a bare route
# switched on: same server, same filters, auth and JSON handling as verify, but no work. After a warm-up, wrk loads
# the bare route and POST /v1/api_keys/verify in turn, twice each, in the same run, and the ratio of their
# throughputs is printed, then both at one connection for latency without queueing. In a last verify run under load,
# bench/UsageLatencyProbe.java measures how soon a verify shows up as last_used_at (through Kafka). Also checks that
# verify writes nothing to PostgreSQL. Needs a JDK and wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-15}"
# JVM options for the ledger under test, e.g. BENCH_JAVA_OPTS='-XX:+UseParallelGC'
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
CONNECTIONS="${2:-16}"
KEYS=200
PROBES=60
PORT=18280
DB_PORT=18281
KAFKA_PORT=18282
INSTANCE_KEY=sk_test_benchmark_instance_key
WORK=$(mktemp -d)
PG=(psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d ledger -v ON_ERROR_STOP=1 -qAt)

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
ledger_pid=
cleanup() {
  if [ -n "$ledger_pid" ]; then kill "$ledger_pid" 2>/dev/null || true; wait "$ledger_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

./mvnw -q -pl ledger-app -am package -DskipTests
LEDGER_DATA_DIR="$WORK/data" LEDGER_PORT=$PORT LEDGER_EMBEDDED_DB_PORT=$DB_PORT LEDGER_EMBEDDED_KAFKA_PORT=$KAFKA_PORT \
  LEDGER_SECRET_KEYS=$INSTANCE_KEY java $BENCH_JAVA_OPTS -Dledger.benchmark.bare-route=true -jar ledger-app/target/ledger-app-*.jar \
  >"$WORK/ledger.log" 2>&1 &
ledger_pid=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "localhost:$PORT/actuator/health" && break
  kill -0 "$ledger_pid" 2>/dev/null || { cat "$WORK/ledger.log"; exit 1; }
  sleep 0.5
done

create() { # name -> "id secret"
  curl -sf -X POST "localhost:$PORT/v1/api_keys" -H "Authorization: Bearer $INSTANCE_KEY" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"subject\":\"user_2xhFjEI5X2qWRvtV13BzSj8H6Dk\",\"scopes\":[\"read\",\"write\"],\"claims\":{\"tenant\":\"$1\"}}" |
    sed -E 's/.*"id":"([^"]+)".*"secret":"([^"]+)".*/\1 \2/'
  echo
}
echo "creating $KEYS keys for load and $PROBES for the usage probe"
for n in $(seq 1 "$KEYS"); do create "bench-$n"; done | cut -d' ' -f2 >"$WORK/secrets"
for n in $(seq 1 "$PROBES"); do create "probe-$n"; done >"$WORK/probes"
[ "$(wc -l <"$WORK/secrets")" -eq "$KEYS" ] || { echo "key creation failed" >&2; exit 1; }
export SECRETS="$WORK/secrets" INSTANCE_KEY

run() { # name path seconds [connections]
  local connections="${4:-$CONNECTIONS}"
  wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$3"s --latency -s bench/verify.lua \
    "http://127.0.0.1:$PORT$2" >"$WORK/$1.txt"
}
rps() { awk '/^Requests\/sec/ {print $2}' "$WORK/$1.txt"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$WORK/$1.txt"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$WORK/$1.txt"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0; else printf "%.3f", v * 1000 }'; }
# rows inserted, updated or deleted in the ledger's tables other than the usage table (written by the Kafka
# consumer, off the verify path), token_entry (Axon's processors renew their claims whatever the load) and
# ledger_query_instance (the query service renews its verify-cache lease every half second, whatever the load)
writes() { "${PG[@]}" -c "select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) from pg_stat_user_tables where relname not in ('token_entry', 'api_key_usage', 'ledger_query_instance')"; }

# until the JIT has compiled both paths: the first seconds run several times slower
echo "warming up"
for round in 1 2; do
  run warm-bare /v1/bench/bare 10
  run warm-verify /v1/api_keys/verify 10
done

sleep 1
before=$(writes)
# bare and verify alternate, twice each, so that a slow moment of the machine does not land on one route only
run bare /v1/bench/bare "$DURATION"
run verify /v1/api_keys/verify "$DURATION"
run bare-b /v1/bench/bare "$DURATION"
run verify-b /v1/api_keys/verify "$DURATION"
# latency without queueing: one connection, one request at a time
run bare-1 /v1/bench/bare "$DURATION" 1
run verify-1 /v1/api_keys/verify "$DURATION" 1
sleep 1 # table statistics are flushed asynchronously
after=$(writes)
# last_used_at under load: a verify run of its own (the probe's JVM start would skew the ratio's runs)
java bench/UsageLatencyProbe.java "http://127.0.0.1:$PORT" "$INSTANCE_KEY" "$WORK/probes" >"$WORK/probe.txt" 2>&1 &
probe_pid=$!
run verify-load /v1/api_keys/verify "$DURATION"
wait "$probe_pid" || { cat "$WORK/probe.txt"; exit 1; }

for r in verify verify-b verify-1 verify-load; do
  [ -z "$(non2xx $r)" ] || { echo "verify answered non-2xx: $(non2xx $r)" >&2; cat "$WORK/$r.txt"; exit 1; }
done
printf '\n%-10s %-12s %10s %10s %10s %10s\n' route connections 'req/s' 'p50 ms' 'p90 ms' 'p99 ms'
for r in bare verify bare-b verify-b bare-1 verify-1; do
  c=$CONNECTIONS; [[ $r == *-1 ]] && c=1
  name=${r%-1}; name=${name%-b}
  printf '%-10s %-12s %10s %10s %10s %10s\n' "$name" "$c" "$(rps $r)" "$(to_ms "$(pct $r 50)")" \
    "$(to_ms "$(pct $r 90)")" "$(to_ms "$(pct $r 99)")"
done
awk -v v="$(rps verify)" -v vb="$(rps verify-b)" -v b="$(rps bare)" -v bb="$(rps bare-b)" \
  'BEGIN { printf "\nverify / bare throughput: %.2f (both runs of each; first pair %.2f, second %.2f; target >= 0.70)\n", (v + vb) / (b + bb), v / b, vb / bb }'
echo "verify p99: $(to_ms "$(pct verify-1 99)") ms at 1 connection (bare $(to_ms "$(pct bare-1 99)")), $(to_ms "$(pct verify 99)") ms at $CONNECTIONS (bare $(to_ms "$(pct bare 99)")) (target <= 2 ms)"
echo "rows written to PostgreSQL during the measured runs, outside the usage pipeline: $((after - before)) (target 0)"
echo "$(cat "$WORK/probe.txt") (target p99 <= 1000 ms; meanwhile verify served $(rps verify-load) req/s at $CONNECTIONS connections)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1);" \
  "local mode (one process)${BENCH_JAVA_OPTS:+, JVM options $BENCH_JAVA_OPTS}; ${DURATION}s per run, $CONNECTIONS connections, wrk on the same machine; $(date -u +%F)"
