#!/usr/bin/env bash
# Performance figures of the web app: page loads while a check runs, a large upload's heap
# profile, retro-hunting many stored cases. Not part of the unit tests (they must stay fast).
# Usage: server/perf/perf.sh [pages|upload [MiB]|retro [CASES]|all]   (default: all; upload 2048 MiB)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
cp_file=$(mktemp)
mvn -q -o -pl server -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="server/target/test-classes:server/target/classes:core/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
# Heap: PERF_HEAP (default 256m on purpose: a 2 GB upload could not fit in it if it were buffered).
gc=()
if [ -n "${PERF_GC_LOG:-}" ]; then gc=("-Xlog:gc:file=$PERF_GC_LOG"); fi
"$JAVA_HOME/bin/java" "-Xmx${PERF_HEAP:-256m}" "${gc[@]}" -cp "$cp" dev.vigil.server.perf.PerfMain "$@"
