#!/usr/bin/env bash
# Benchmark of check-androidqf on a generated acquisition (5,000 packages, ~200 MB dumpsys.txt,
# 500,000 files.json entries), 2 cores, -Xmx512m; 3 runs, wall time and max RSS from
# /usr/bin/time -v. The acquisition is generated in /tmp at run time and never committed.
# Usage: android/bench/bench-androidqf.sh [packages] [dumpsysMB] [files]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
work="${BENCH_DIR:-/tmp/vigil-bench}"
mvn -q -o -pl android -am test-compile -DskipTests
mkdir -p "$work"
mvn -q -o -pl android dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/android.cp" >/dev/null
mvn -q -o -pl samples dependency:build-classpath -Dmdep.outputFile="$work/samples.cp" >/dev/null
cp="core/target/classes:samples/target/classes:android/target/classes:android/target/test-classes:$(cat "$work/samples.cp"):$(cat "$work/android.cp")"
if [ ! -f "$work/aqf/files.json" ]; then
  rm -rf "$work/aqf"
  "$java" -cp "$cp" dev.vigil.samples.android.BenchAcquisition "$work/aqf" "${1:-5000}" "${2:-200}" "${3:-500000}"
fi
du -sh "$work/aqf"
for i in 1 2 3; do
  rm -rf "$work/out"
  /usr/bin/time -v taskset -c 0,1 "$java" -Xmx512m -XX:ActiveProcessorCount=2 -cp "$cp" dev.vigil.android.bench.BenchCheck "$work/aqf" "$work/out" \
    2> "$work/time.$i" | tee "$work/run.$i"
  grep -E "Elapsed \(wall|Maximum resident" "$work/time.$i"
done
