#!/usr/bin/env bash
# GREEN mode benchmark: the host's LAN API with and without the mirror to the cloud (issue 8's workload), how long the
# cloud takes to hold every check after the last write, and the same workload on two cloud nodes beside the floor of
# bare PostgreSQL commits, all measured in the same run. PostgreSQL: embedded, or POSSYNC_TEST_PG_URI.
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(scripts/classpath.sh)
exec java -Xmx768m -cp "$cp" io.possync.bench.GreenBenchmark "$@"
