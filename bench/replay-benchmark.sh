#!/usr/bin/env bash
# Replay benchmark, one command: bench/replay-benchmark.sh [keys] [batch-size...] (defaults 100,000 keys; batch
# sizes 100 and 1000). Needs a JDK, curl, openssl and psql.
#
# Runs the ledger in local mode (as bench/verify-benchmark.sh), imports the keys (POST /v1/api_keys/import), then,
# for each projection batch size (ledger.projection.batch-size; a restart each), rebuilds the query model from
# nothing while the ledger stays up (POST /v1/query_model/rebuild), twice (just after the start, then with the JIT
# warm, as on a ledger that has been running), and prints the events replayed per second against the target of
# 20,000, and what verify answered meanwhile (503: it fails closed).
set -euo pipefail
cd "$(dirname "$0")/.."

KEYS="${1:-100000}"
shift || true
BATCHES=("$@")
[ ${#BATCHES[@]} -gt 0 ] || BATCHES=(100 1000)
TARGET=20000
CONNECTIONS=1
for tool in openssl psql; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
source bench/local-ledger.sh
source bench/imported-keys.sh

make_secrets "$KEYS"
import 1 "$KEYS"
events=$("${PG[@]}" -c "select count(*) from domain_event_entry")
for batch in "${BATCHES[@]}"; do
  stop_ledger
  start_ledger "-Dledger.projection.batch-size=$batch"
  rebuild "rebuild-$batch" &
  waiter=$!
  sleep 0.5
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "localhost:$PORT/v1/api_keys/verify" -H "$AUTH" -H "$JSON" \
    -d "{\"secret\":\"$(head -1 "$WORK/all-secrets")\"}" >"$WORK/during-$batch"
  wait "$waiter"
  rows=$("${PG[@]}" -c "select count(*) from api_key_view")
  [ "$rows" -eq "$KEYS" ] || { echo "the rebuilt model has $rows rows, not $KEYS" >&2; exit 1; }
  # again on the same process, its JIT warmed by the first: an operator rebuilds a ledger that has been running
  rebuild "rebuild-$batch-again"
done

echo
cat "$WORK/import-rates"
for batch in "${BATCHES[@]}"; do
  awk -v e="$events" -v s="$(rebuild_seconds "rebuild-$batch")" -v s2="$(rebuild_seconds "rebuild-$batch-again")" \
    -v t="$TARGET" -v b="$batch" -v v="$(cat "$WORK/during-$batch")" 'BEGIN {
    printf "replay, batches of %d, just after start: %d events in %.1f s = %.0f events/s, %.2f of the target %d (verify meanwhile: %s)\n",
      b, e, s, e / s, e / s / t, t, v
    printf "replay, batches of %d, again (JIT warm): %d events in %.1f s = %.0f events/s, %.2f of the target %d\n",
      b, e, s2, e / s2, e / s2 / t, t }'
done
machine "$KEYS keys imported, $events events"
