#!/usr/bin/env bash
# Verify benchmark, one command: bench/verify-benchmark.sh [seconds-per-run] [connections]
#
# Runs the ledger in local mode (one process: both services, embedded PostgreSQL and Kafka) with a bare route
# switched on: same server, same filters, auth and JSON handling as verify, but no work. After a warm-up, wrk loads
# the bare route and POST /v1/api_keys/verify in turn, twice each, in the same run, and the ratio of their
# throughputs is printed, then both at one connection for latency without queueing. Then
# bench/RevokeLatencyProbe.java times revoke and delete with no load, and again while verify runs at the same
# connections over the benchmark's keys and the very keys being revoked and deleted. In a last verify run under load,
# bench/UsageLatencyProbe.java measures how soon a verify shows up as last_used_at (through Kafka). Also checks that
# verify writes nothing to PostgreSQL. Needs a JDK and wrk (apt-get install wrk). WARMUP=seconds shortens the warm-up runs (each
# 10 s by default) while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-15}"
CONNECTIONS="${2:-16}"
KEYS=200
PROBES=60
IDLE_WRITES=40 # revoked and deleted with no load
LOADED_WRITES=400 # at most this many revoked and deleted under load
WARMUP="${WARMUP:-10}"
source bench/local-ledger.sh

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
echo "creating $((IDLE_WRITES + LOADED_WRITES)) keys to revoke and delete"
for n in $(seq 1 "$IDLE_WRITES"); do create "idle-$n"; done >"$WORK/idle-writes"
for n in $(seq 1 "$LOADED_WRITES"); do create "loaded-$n"; done >"$WORK/loaded-writes"
# the last run verifies the load's keys and the ones it revokes and deletes, all in turn
{ cat "$WORK/secrets"; cut -d' ' -f2 "$WORK/loaded-writes"; } >"$WORK/revoke-secrets"
[ "$(wc -l <"$WORK/secrets")" -eq "$KEYS" ] || { echo "key creation failed" >&2; exit 1; }
export SECRETS="$WORK/secrets"

# rows inserted, updated or deleted in the ledger's tables other than the usage table (written by the Kafka
# consumer, off the verify path), token_entry (Axon's processors renew their claims whatever the load) and
# ledger_query_instance (the query service renews its verify-cache lease every half second, whatever the load)
writes() { "${PG[@]}" -c "select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) from pg_stat_user_tables where relname not in ('token_entry', 'api_key_usage', 'ledger_query_instance')"; }

# until the JIT has compiled both paths: the first seconds run several times slower
echo "warming up"
for round in 1 2; do
  run warm-bare /v1/bench/bare "$WARMUP" bench/verify.lua
  run warm-verify /v1/api_keys/verify "$WARMUP" bench/verify.lua
done

sleep 1
before=$(writes)
# bare and verify alternate, twice each, so that a slow moment of the machine does not land on one route only
run bare /v1/bench/bare "$DURATION" bench/verify.lua
run verify /v1/api_keys/verify "$DURATION" bench/verify.lua
run bare-b /v1/bench/bare "$DURATION" bench/verify.lua
run verify-b /v1/api_keys/verify "$DURATION" bench/verify.lua
# latency without queueing: one connection, one request at a time
run bare-1 /v1/bench/bare "$DURATION" bench/verify.lua 1
run verify-1 /v1/api_keys/verify "$DURATION" bench/verify.lua 1
sleep 1 # table statistics are flushed asynchronously
after=$(writes)
# revoke and delete, first alone, then under a verify run of their own that verifies the keys they change
java bench/RevokeLatencyProbe.java "http://127.0.0.1:$PORT" "$INSTANCE_KEY" "$WORK/idle-writes" \
  "$WORK/loaded-writes" "$WORK/revoke-ready" "$WORK/revoke-start" "$DURATION" >"$WORK/revoke.txt" 2>&1 &
revoke_pid=$!
until [ -e "$WORK/revoke-ready" ]; do
  kill -0 "$revoke_pid" 2>/dev/null || { cat "$WORK/revoke.txt"; exit 1; }
  sleep 0.1
done
touch "$WORK/revoke-start"
(export SECRETS="$WORK/revoke-secrets"; run verify-revoke /v1/api_keys/verify $((DURATION + 2)) bench/verify.lua)
wait "$revoke_pid" || { cat "$WORK/revoke.txt"; exit 1; }
# last_used_at under load: a verify run of its own (the probe's JVM start would skew the ratio's runs)
java bench/UsageLatencyProbe.java "http://127.0.0.1:$PORT" "$INSTANCE_KEY" "$WORK/probes" >"$WORK/probe.txt" 2>&1 &
probe_pid=$!
run verify-load /v1/api_keys/verify "$DURATION" bench/verify.lua
wait "$probe_pid" || { cat "$WORK/probe.txt" "$WORK/revoke.txt"; exit 1; }

for r in verify verify-b verify-1 verify-load; do
  [ -z "$(non2xx $r)" ] || { echo "verify answered non-2xx: $(non2xx $r)" >&2; cat "$WORK/$r.txt"; exit 1; }
done
header
for r in bare verify bare-b verify-b bare-1 verify-1; do
  c=$CONNECTIONS; [[ $r == *-1 ]] && c=1
  name=${r%-1}; name=${name%-b}
  row "$name" "$c" "$r"
done
awk -v v="$(rps verify)" -v vb="$(rps verify-b)" -v b="$(rps bare)" -v bb="$(rps bare-b)" \
  'BEGIN { printf "\nverify / bare throughput: %.2f (both runs of each; first pair %.2f, second %.2f; target >= 0.70)\n", (v + vb) / (b + bb), v / b, vb / bb }'
echo "verify p99: $(to_ms "$(pct verify-1 99)") ms at 1 connection (bare $(to_ms "$(pct bare-1 99)")), $(to_ms "$(pct verify 99)") ms at $CONNECTIONS (bare $(to_ms "$(pct bare 99)")) (target <= 2 ms)"
echo "rows written to PostgreSQL during the measured runs, outside the usage pipeline: $((after - before)) (target 0)"
echo "$(cat "$WORK/probe.txt") (target p99 <= 1000 ms; meanwhile verify served $(rps verify-load) req/s at $CONNECTIONS connections)"
echo "revoke and delete, each write timed by one client (bench/RevokeLatencyProbe.java; GET and bare are the same" \
  "client's requests between the writes; target under load: revoke and delete p99 <= 50 ms, p50 <= 15 ms):"
sed 's/^/  /' "$WORK/revoke.txt"
echo "  meanwhile verify served $(rps verify-revoke) req/s at $CONNECTIONS connections over $(wc -l <"$WORK/revoke-secrets") keys"
machine "${DURATION}s per run, $CONNECTIONS connections"
