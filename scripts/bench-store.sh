#!/usr/bin/env bash
# Store benchmark on the large property: import, trigger overhead per row, export vs json_agg.
# Uses POSSYNC_BENCH_PG_URI when set, otherwise an embedded PostgreSQL. Optional argument: repetitions (7).
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(scripts/classpath.sh)
exec java -Xmx1g -cp "$cp" io.possync.bench.StoreBenchmark "$@"
