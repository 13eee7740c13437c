#!/usr/bin/env bash
# Start-up benchmark, one command: bench/startup-benchmark.sh [runs-per-case]   (run it under flock /work/wt/bench.lock)
# Builds the jar once, then starts the ledger in local mode again and again on fixed loopback ports and measures, from
# process start: the first successful create (POST /v1/api_keys with the instance key), the verify of that key right
# after it, and when that verify shows as last_used_at (verify -> usage buffer -> embedded Kafka -> PostgreSQL, i.e.
# Kafka is up and the pipeline flows). Cases: ./ledger's first start after a build (it unpacks the jar and writes the
# class-data-sharing archive when it exits), then ./ledger and `java -jar` of the executable jar
# (without the unpacked copy and archive) alternately, each on a fresh data directory and on the data of the run
# before (a restart). Prints each run, then
# p50/max per case and the p50 as a ratio to the 15 s goal; the CPU seconds the process used until the first answer
# and the load average show how busy the shared machine was.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"
KEY=sk_test_startup_benchmark_key
SUBJECT=user_2xhFjEI5X2qWRvtV13BzSj8H6Dk
GOAL=15
WORK=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

./mvnw -q -pl ledger-app -am package -DskipTests
jar=$(ls ledger-app/target/ledger-app-*-exec.jar | head -n 1)
touch "$jar" # newer than every source: ./ledger does not build again
rm -rf ledger-app/target/ledger # ./ledger's unpacked copy and archive: the first start makes them

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
cpu() { awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$1/stat"; }

# one start: case data-dir command...; appends "case create verify usage cpu load" to $WORK/results
start_once() {
  local name=$1 data=$2; shift 2
  local begin; begin=$(now)
  LEDGER_DATA_DIR=$data LEDGER_PORT=$PORT LEDGER_EMBEDDED_DB_PORT=$DB_PORT LEDGER_EMBEDDED_KAFKA_PORT=$KAFKA_PORT \
    LEDGER_SECRET_KEYS=$KEY "$@" >"$WORK/$name.log" 2>&1 &
  pid=$!
  local body="$WORK/body" created verified used cpu_s load
  until [ "$(curl -s -o "$body" -w '%{http_code}' -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"name\":\"startup-$RANDOM$RANDOM\",\"subject\":\"$SUBJECT\"}" "127.0.0.1:$PORT/v1/api_keys")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { tail -40 "$WORK/$name.log"; exit 1; }
    sleep 0.05
  done
  created=$(since "$begin"); cpu_s=$(cpu "$pid"); load=$(cut -d' ' -f1 /proc/loadavg)
  local id secret
  id=$(sed 's/.*"id":"\([^"]*\)".*/\1/' "$body"); secret=$(sed 's/.*"secret":"\([^"]*\)".*/\1/' "$body")
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"secret\":\"$secret\"}" "127.0.0.1:$PORT/v1/api_keys/verify")" = 200 ] || { echo "verify failed" >&2; exit 1; }
  verified=$(since "$begin")
  until curl -s -H "Authorization: Bearer $KEY" "127.0.0.1:$PORT/v1/api_keys/$id" | grep -q '"last_used_at":[0-9]'; do
    sleep 0.2
  done
  used=$(since "$begin")
  kill "$pid"; wait "$pid" || true; pid=
  printf '%-22s %8s %8s %8s %8s %6s\n' "$name" "$created" "$verified" "$used" "$cpu_s" "$load"
  echo "${name%-[0-9]*} $created $verified $used $cpu_s" >>"$WORK/results"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1); $(date -u +%F)"
printf '\n%-22s %8s %8s %8s %8s %6s\n' run 'create s' 'verify s' 'usage s' 'cpu s' load
start_once ledger-first-build "$WORK/first" ./ledger
for i in $(seq 1 "$RUNS"); do
  start_once "ledger-fresh-$i" "$WORK/l$i" ./ledger
  start_once "ledger-restart-$i" "$WORK/l$i" ./ledger
  start_once "java-jar-fresh-$i" "$WORK/j$i" java -jar "$jar"
  start_once "java-jar-restart-$i" "$WORK/j$i" java -jar "$jar"
done

printf '\n%-22s %10s %10s %10s %12s %12s %10s\n' case 'create p50' 'create max' 'cpu p50' 'verify p50' 'usage p50' 'p50/goal'
for c in ledger-first-build ledger-fresh ledger-restart java-jar-fresh java-jar-restart; do
  awk -v c="$c" -v goal="$GOAL" '
    function p50(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
    $1 == c { n++; cr[n] = $2; ve[n] = $3; us[n] = $4; cp[n] = $5 }
    END { sort(cr, n); sort(ve, n); sort(us, n); sort(cp, n)
          printf "%-22s %10.2f %10.2f %10.1f %12.2f %12.2f %10.2f\n", c, p50(cr, n), cr[n], p50(cp, n), p50(ve, n), p50(us, n), p50(cr, n) / goal }' \
    "$WORK/results"
done
