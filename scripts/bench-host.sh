#!/usr/bin/env bash
# Host benchmark on the large property: full apply into the encrypted cache vs a plain batched SQLite insert,
# the host process's resident memory with the property loaded, and start to /ready from a warm cache.
# Uses POSSYNC_BENCH_PG_URI when set, otherwise an embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(scripts/classpath.sh)
exec java -Xmx2g -cp "$cp" io.possync.bench.HostBenchmark "$@"
