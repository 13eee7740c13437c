# Sourced by the benchmarks: the loopback ports of the ledger under test (one benchmark at a time on one set of
# ports). BENCH_PORT, BENCH_DB_PORT and BENCH_KAFKA_PORT move them, so that two people can run benchmarks at once.
PORT=${BENCH_PORT:-18280}
DB_PORT=${BENCH_DB_PORT:-18281}
KAFKA_PORT=${BENCH_KAFKA_PORT:-18282}
