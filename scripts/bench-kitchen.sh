#!/usr/bin/env bash
# Kitchen benchmark: send -> last chit byte at 20 loopback ESC/POS printers and -> ticket frame at 20 KDS screens,
# at 50 sends per second, beside raw TCP and WebSocket round trips measured in the same run.
# Arguments: measured seconds, warm-up seconds, sends per second (20, 3, 50).
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(scripts/classpath.sh)
exec java -Xmx512m -cp "$cp" io.possync.bench.KitchenBenchmark "$@"
