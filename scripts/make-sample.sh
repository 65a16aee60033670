#!/usr/bin/env bash
# Regenerates conf/properties/harbor-grill.json (new bcrypt salts, same ids and content).
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(scripts/classpath.sh)
exec java -cp "$cp" io.possync.testdata.SampleProperties conf/properties/harbor-grill.json
