#!/usr/bin/env bash
# CAPS benchmark: checks through the LAN API with 16 workstations at once (open, five lines with modifiers, send,
# cash, close; every write durable), beside the floor of bare SQLite commits measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(scripts/classpath.sh)
exec java -Xmx512m -cp "$cp" io.possync.bench.CapsBenchmark "$@"
