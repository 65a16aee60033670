#!/usr/bin/env bash
# Sync service benchmark on the large property: full sync (uncached, cached), deltas at a 50-change gap,
# heartbeats per second, and commit-to-frame latency at 500 WebSocket clients, all on loopback.
# Uses POSSYNC_BENCH_PG_URI when set, otherwise an embedded PostgreSQL.
# Optional arguments: sockets (500), seconds per load phase (10).
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(scripts/classpath.sh)
exec java -Xmx2g -cp "$cp" io.possync.bench.SyncBenchmark "$@"
