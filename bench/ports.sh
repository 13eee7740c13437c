# Sourced by the benchmarks: the fixed loopback ports of the ledger under test (one benchmark at a time).
PORT=18280
DB_PORT=18281
KAFKA_PORT=18282
