#!/usr/bin/env bash
# Compiles main and test classes and prints the classpath the benchmark programs run with.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
echo "target/classes:target/test-classes:$(cat target/test-classpath.txt)"
