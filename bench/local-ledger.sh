# Sourced by the benchmarks: starts the ledger in local mode (one process, embedded PostgreSQL and Kafka) on fixed
# loopback ports with a temporary data directory, stops it on exit, and gives wrk helpers. Set before sourcing:
# CONNECTIONS; optionally BENCH_JAVA_OPTS (JVM options or -D settings for the ledger under test, besides jvm.options,
# the ledger's own).
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"
INSTANCE_KEY=sk_test_benchmark_instance_key
WORK=$(mktemp -d)
PG=(psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d ledger -v ON_ERROR_STOP=1 -qAt)
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
export INSTANCE_KEY

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
ledger_pid=
cleanup() {
  if [ -n "$ledger_pid" ]; then kill "$ledger_pid" 2>/dev/null || true; wait "$ledger_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

./mvnw -q -pl ledger-app -am package -DskipTests
start_ledger() { # [more JVM options]: starts the ledger on $WORK/data (kept across restarts) and waits until ready
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
  LEDGER_DATA_DIR="$WORK/data" LEDGER_PORT=$PORT LEDGER_EMBEDDED_DB_PORT=$DB_PORT LEDGER_EMBEDDED_KAFKA_PORT=$KAFKA_PORT \
    LEDGER_SECRET_KEYS=$INSTANCE_KEY java @jvm.options $BENCH_JAVA_OPTS "$@" \
    -Dledger.benchmark.bare-route=true -jar ledger-app/target/ledger-app-*-exec.jar >>"$WORK/ledger.log" 2>&1 &
  ledger_pid=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "localhost:$PORT/actuator/health/readiness" && return 0
    kill -0 "$ledger_pid" 2>/dev/null || { cat "$WORK/ledger.log"; exit 1; }
    sleep 0.5
  done
}
stop_ledger() {
  kill "$ledger_pid"; wait "$ledger_pid" 2>/dev/null || true; ledger_pid=
}
start_ledger

run() { # name path seconds script [connections]; the script sees the run's name as RUN
  local connections="${5:-$CONNECTIONS}"
  RUN="$1" wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$3"s --latency -s "$4" \
    "http://127.0.0.1:$PORT$2" >"$WORK/$1.txt"
}
jit_seconds() { # seconds the ledger's JIT compilers have spent so far (jstat -compiler's Time)
  jstat -compiler "$ledger_pid" | awk 'NR == 2 {print $4}'
}
until_jit_quiet() { # command...: runs "command... 30" (a 30 s load) in rounds until the JIT is quiet (under 3 s of
  # compiling in a round), at most WARMUP seconds (600 by default); a fixed warm-up measured the compilers as much as
  # the route
  local limit="${WARMUP:-600}" spent=0 before after
  while [ "$spent" -lt "$limit" ]; do
    before=$(jit_seconds)
    "$@" 30
    after=$(jit_seconds)
    spent=$((spent + 30))
    echo "  warm-up ${spent}s: the JIT compiled for $(awk -v b="$before" -v a="$after" 'BEGIN { printf "%.1f", a - b }') s"
    awk -v b="$before" -v a="$after" 'BEGIN { exit !(a - b < 3) }' && break
  done
  WARMED_UP=$spent
}
warm_up() { # name path script: loads the route until the JIT is quiet (until_jit_quiet)
  until_jit_quiet run_for "$@"
}
run_for() { # name path script seconds: run, with the seconds last
  run "$1" "$2" "$4" "$3"
}
cpu_ticks() { # CPU time (clock ticks) used so far by the ledger's JVM, then by its embedded PostgreSQL (all processes)
  local postmaster
  postmaster=$(head -1 "$(find "$WORK/data" -name postmaster.pid | head -1)")
  local pg=0
  for p in $postmaster $(pgrep -P "$postmaster"); do
    pg=$((pg + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$(awk '{print $14 + $15}' "/proc/$ledger_pid/stat") $pg"
}
cpu_per_request() { # ticks-before ticks-after requests: CPU ms a request cost the JVM and PostgreSQL
  awk -v b="$1" -v a="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(b, x, " "); split(a, y, " "); j = (y[1] - x[1]) * 1000 / hz / n; p = (y[2] - x[2]) * 1000 / hz / n
    printf "%.2f ms (ledger JVM %.2f, PostgreSQL %.2f)", j + p, j, p }'
}
rps() { awk '/^Requests\/sec/ {print $2}' "$WORK/$1.txt"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$WORK/$1.txt"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$WORK/$1.txt"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0; else printf "%.3f", v * 1000 }'; }
row() { # name connections: a line of the results table
  printf '%-10s %-12s %10s %10s %10s %10s\n' "$1" "$2" "$(rps "$3")" "$(to_ms "$(pct "$3" 50)")" \
    "$(to_ms "$(pct "$3" 90)")" "$(to_ms "$(pct "$3" 99)")"
}
header() { printf '\n%-10s %-12s %10s %10s %10s %10s\n' route connections 'req/s' 'p50 ms' 'p90 ms' 'p99 ms'; }
machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1);" \
    "local mode (one process), JVM options $(grep -v '^#' jvm.options | xargs)${BENCH_JAVA_OPTS:+ $BENCH_JAVA_OPTS};" \
    "$1; wrk on the same machine; $(date -u +%F)"
}
