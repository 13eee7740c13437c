#!/usr/bin/env bash
# Scale benchmark, one command: bench/scale-benchmark.sh [keys] [seconds-per-run] [import-connections]
# (defaults 1,000,000 keys, 8 s, 4 connections). Needs a JDK (jcmd), wrk, curl, openssl and psql.
#
# Runs the ledger in local mode (as bench/verify-benchmark.sh) and measures verify over a real key population, first
# at 1,000 keys, then at [keys], in one run. The keys come in through the import route (POST /v1/api_keys/import,
# 1,000 a request, several requests at once) with secrets the benchmark made, so that it can verify them; its rate is
# printed, and PostgreSQL then vacuums and checkpoints (settle) so that no import's aftermath is measured. At each
# size, wrk loads the bare route and verify with a Zipf-distributed choice of key (s = 1, bench/zipf.lua), in turn,
# SCALE_ROUNDS times (3; the figures are the rounds' medians): throughput and p50/p99 at 16 connections and at 1,
# the verify cache's hit ratio (ledger.verify.cache.lookups), the heap its entries take (used heap after a full GC
# with the cache full, less the same after the restart with the cache off below, over the entries), and
# PostgreSQL's bytes per key. Then the ledger restarts with the cache off
# (ledger.verify.cache.enabled=false), so that every verify reads PostgreSQL, for the miss path's p50/p99. Last, the
# replay: the query model rebuilt from nothing (POST /v1/query_model/rebuild) while the ledger stays up, in events/s.
set -euo pipefail
cd "$(dirname "$0")/.."

TOTAL="${1:-1000000}"
DURATION="${2:-8}"
# each size's bare and verify runs, at 16 connections and at one, are made ROUNDS times in turn, and its figures are
# the medians of the rounds: on this shared machine one 8 s run's p99 can be a single pause of the whole process
ROUNDS="${SCALE_ROUNDS:-3}"
export IMPORT_CONNECTIONS="${3:-4}"
SMALL=1000
CONNECTIONS=16
REPLAY_TARGET=20000
for tool in jcmd openssl psql; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
[ "$TOTAL" -gt "$SMALL" ] || { echo "keys must be more than $SMALL" >&2; exit 1; }
# room for every key in the verify cache (the restarts below override it where they need)
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dledger.verify.cache.capacity=$((TOTAL + TOTAL / 10))"
source bench/local-ledger.sh
source bench/imported-keys.sh
make_secrets "$TOTAL"

metric() { # prometheus name [label text] -> value, 0 if absent
  curl -sf "localhost:$PORT/actuator/prometheus" |
    awk -v m="$1" -v l="${2:-}" 'index($0, m "{") == 1 && index($0, l) { v = $NF } END { print v + 0 }'
}
lookups() { echo "$(metric ledger_verify_cache_lookups_total 'result="hit"') $(metric ledger_verify_cache_lookups_total 'result="miss"')"; }
hit_ratio() { # lookups before, after
  echo "$1 $2" | awk '{ h = $3 - $1; m = $4 - $2; printf "%.4f\n", (h + m > 0 ? h / (h + m) : 0) }'
}
heap_used_kib() { # after a full collection
  jcmd "$ledger_pid" GC.run >/dev/null
  jcmd "$ledger_pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); print v; exit } }'
}
sizes() { # -> "event-store command-side query-model" bytes
  "${PG[@]}" -F' ' -c "select
    sum(pg_total_relation_size(c.oid)) filter (where relname in ('domain_event_entry', 'snapshot_event_entry')),
    sum(pg_total_relation_size(c.oid)) filter (where relname in ('api_key_name', 'api_key_secret_hash', 'api_key_data_key')),
    sum(pg_total_relation_size(c.oid)) filter (where relname in ('api_key_view', 'api_key_projection_position', 'api_key_usage'))
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'"
}

settle() { # after an import: PostgreSQL's own aftermath of it (autovacuum of the tables it filled, a checkpoint of
  # what it wrote) done before anything is measured, at both sizes alike, rather than left to run under a measurement
  local started
  started=$(date +%s)
  "${PG[@]}" -c "vacuum (analyze)" -c "checkpoint"
  echo "settled PostgreSQL after the import (vacuum, checkpoint) in $(($(date +%s) - started)) s"
}

zipf_file() { # keys: the first n secrets, shuffled (the file's order is the Zipf ranking)
  head -n "$1" "$WORK/all-secrets" | shuf >"$WORK/zipf-$1"
  export SECRETS="$WORK/zipf-$1"
}

measure_cached() { # label keys [heap]: the Zipf runs, the hit ratio and, with "heap", the cache's heap
  local label=$1
  zipf_file "$2"
  echo "warming up ($label keys)"
  run "warm-bare-$label" /v1/bench/bare 10 bench/zipf.lua
  run "warm-verify-$label" /v1/api_keys/verify 10 bench/zipf.lua
  run "warm-verify-$label-b" /v1/api_keys/verify 10 bench/zipf.lua
  local before after round
  before=$(lookups)
  for round in $(seq 1 "$ROUNDS"); do
    run "bare-$label-$round" /v1/bench/bare "$DURATION" bench/zipf.lua
    run "verify-$label-$round" /v1/api_keys/verify "$DURATION" bench/zipf.lua
    run "bare-1-$label-$round" /v1/bench/bare "$DURATION" bench/zipf.lua 1
    run "verify-1-$label-$round" /v1/api_keys/verify "$DURATION" bench/zipf.lua 1
  done
  after=$(lookups)
  hit_ratio "$before" "$after" >"$WORK/hit-$label"
  [ "${3:-}" = heap ] || return 0
  # the cache full now; the same keys' heap without a cache is measured when the ledger runs with it off
  # (measure_uncached): a write evicts only its own key, so no write empties a full cache
  echo "$(metric ledger_verify_cache_size) $(heap_used_kib)" >"$WORK/heap-$label"
  sizes >"$WORK/sizes-$label"
}

measure_uncached() { # label keys
  local label=$1
  heap_used_kib >"$WORK/heap-empty-$label" # with the cache off: the heap that the cache's entries come on top of
  zipf_file "$2"
  run "warm-miss-$label" /v1/api_keys/verify 10 bench/zipf.lua
  local before after
  before=$(lookups)
  run "miss-$label" /v1/api_keys/verify "$DURATION" bench/zipf.lua
  after=$(lookups)
  run "miss-1-$label" /v1/api_keys/verify "$DURATION" bench/zipf.lua 1
  hit_ratio "$before" "$after" >"$WORK/hit-miss-$label"
}

# --- 1,000 keys, then all of them: cached (the whole active set preloaded), the cache off (the miss path), and the
# cache as it was before the preload (entries filled by verifies, 10 s each, at most 100,000) for comparison ---
import 1 "$SMALL"
settle
measure_cached small "$SMALL" heap
echo "restarting with the verify cache off"
stop_ledger
start_ledger -Dledger.verify.cache.enabled=false
measure_uncached small "$SMALL"
import $((SMALL + 1)) "$TOTAL"
settle
measure_uncached large "$TOTAL"
echo "restarting with the verify cache filled by verifies only (ledger.verify.cache.preload=false, at most 100,000 keys as before)"
stop_ledger
start_ledger -Dledger.verify.cache.preload=false -Dledger.verify.cache.capacity=100000
measure_cached lazy "$TOTAL"
echo "restarting with the verify cache preloaded"
stop_ledger
logged=$(wc -l <"$WORK/ledger.log")
start_ledger
preloaded() { tail -n +$((logged + 1)) "$WORK/ledger.log" | grep "Preloaded .* keys into the verify cache"; }
for _ in $(seq 1 600); do # until the preload has finished (its log line)
  preloaded >/dev/null && break
  sleep 1
done
preloaded | tail -1 | sed 's/.*"message":"\([^"]*\)".*/\1/' >"$WORK/preload"
measure_cached large "$TOTAL" heap

# --- replay: the query model rebuilt from nothing while the ledger stays up ---
events=$("${PG[@]}" -c "select count(*) from domain_event_entry")
rebuild rebuilt &
waiter=$!
sleep 0.5
verify_status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "localhost:$PORT/v1/api_keys/verify" -H "$AUTH" \
  -H "$JSON" -d "{\"secret\":\"$(head -1 "$WORK/all-secrets")\"}")
wait "$waiter"
rows=$("${PG[@]}" -c "select count(*) from api_key_view")
[ "$rows" -ge "$TOTAL" ] || { echo "the rebuilt model has $rows rows, not $TOTAL" >&2; exit 1; }

# --- results ---
verify_runs=
for size in small large lazy; do
  for round in $(seq 1 "$ROUNDS"); do verify_runs="$verify_runs verify-$size-$round verify-1-$size-$round"; done
done
for r in miss-small miss-1-small miss-large miss-1-large $verify_runs; do
  [ -z "$(non2xx $r)" ] || { echo "$r answered non-2xx: $(non2xx $r)" >&2; cat "$WORK/$r.txt"; exit 1; }
done
median() { # numbers on stdin, one a line
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
p99_median() { # run name without its round: the median of the rounds' p99, ms
  for round in $(seq 1 "$ROUNDS"); do to_ms "$(pct "$1-$round" 99)"; echo; done | median
}
ratio_median() { # verify run, bare run, without their round: the median of the rounds' throughput ratios
  for round in $(seq 1 "$ROUNDS"); do
    awk -v v="$(rps "$1-$round")" -v b="$(rps "$2-$round")" 'BEGIN { printf "%.4f\n", v / b }'
  done | median
}
echo
cat "$WORK/import-rates"
header
for size in small large lazy; do
  keys=$SMALL; [ $size = small ] || keys=$TOTAL
  for round in $(seq 1 "$ROUNDS"); do
    row "bare#$round" "$CONNECTIONS" "bare-$size-$round"
    row "verify#$round" "$CONNECTIONS" "verify-$size-$round"
  done
  for round in $(seq 1 "$ROUNDS"); do
    row "bare#$round" 1 "bare-1-$size-$round"
    row "verify#$round" 1 "verify-1-$size-$round"
  done
  if [ $size = lazy ]; then
    echo "  ^ $keys keys (Zipf, s = 1), the cache filled by verifies only (no preload, 10 s entries, at most 100,000): hit ratio $(cat "$WORK/hit-$size")"
    continue
  fi
  row "miss" "$CONNECTIONS" "miss-$size"
  row "miss" 1 "miss-1-$size"
  echo "  ^ $keys keys (Zipf, s = 1), the cache preloaded: hit ratio $(cat "$WORK/hit-$size"); miss: the cache off (hit ratio $(cat "$WORK/hit-miss-$size"))"
done
echo
echo "preload at $TOTAL keys: $(cat "$WORK/preload")"
for size in small large; do
  keys=$SMALL; [ $size = large ] && keys=$TOTAL
  read -r entries full <"$WORK/heap-$size"
  read -r empty <"$WORK/heap-empty-$size"
  read -r events_bytes command_bytes query_bytes <"$WORK/sizes-$size"
  awk -v k="$keys" -v r="$(ratio_median verify-$size bare-$size)" -v e="$entries" -v f="$full" -v m="$empty" \
    -v eb="$events_bytes" -v cb="$command_bytes" -v qb="$query_bytes" 'BEGIN {
      heap = "n/a (cache empty)"
      if (e > 0) heap = sprintf("%.0f bytes per cached key (used after a full GC: %.1f MiB with %d entries, %.1f MiB with the cache off)",
        (f - m) * 1024 / e, f / 1024, e, m / 1024)
      printf "%d keys: verify / bare throughput %.2f (median of the rounds); heap %s\n", k, r, heap
      printf "%d keys: PostgreSQL bytes per key: %.0f in all (event store %.0f, command side %.0f, query model %.0f)\n",
        k, (eb + cb + qb) / k, eb / k, cb / k, qb / k }'
done
awk -v s="$(p99_median verify-1-small)" -v l="$(p99_median verify-1-large)" \
  -v s16="$(p99_median verify-small)" -v l16="$(p99_median verify-large)" \
  -v r="$(ratio_median verify-large bare-large)" -v k="$TOTAL" -v n="$ROUNDS" 'BEGIN {
    printf "\nmedians of %d rounds:\n", n
    printf "verify p99 at %d keys / at 1,000: %.2f at 1 connection (%.3f / %.3f ms), ", k, l / s, l, s
    printf "%.2f at 16 (%.3f / %.3f ms) (target <= 1.1)\n", l16 / s16, l16, s16
    printf "verify / bare throughput at %d keys: %.2f (target >= 0.70)\n", k, r }'
awk -v s="$(p99_median verify-1-small)" -v l="$(p99_median verify-1-lazy)" \
  -v r="$(ratio_median verify-lazy bare-lazy)" -v k="$TOTAL" 'BEGIN {
    printf "without the preload: verify p99 at %d keys / at 1,000 %.2f at 1 connection; verify / bare %.2f\n", k, l / s, r }'
seconds=$(rebuild_seconds rebuilt)
awk -v e="$events" -v s="$seconds" -v t="$REPLAY_TARGET" -v r="$rows" 'BEGIN {
  printf "replay: %d events rebuilt into %d rows in %.1f s: %.0f events/s, %.2f of the target %d\n", e, r, s, e / s, e / s / t, t }'
echo "verify during the rebuild answered $verify_status (fails closed: 503)"
runs="${DURATION}s per run, $ROUNDS rounds, $CONNECTIONS connections"
machine "$TOTAL keys; $runs; import $IMPORT_CONNECTIONS requests at a time"
