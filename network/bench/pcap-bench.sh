#!/usr/bin/env bash
# Benchmark of check-network (a script, not a timed test): generates a pcapng of 1,000,000 DNS
# queries (with answers) padded with TLS traffic to 1 GiB, in /tmp (never committed), then runs
# the whole check (read, modules, checks, result folder) RUNS times with -Xmx512m under
# /usr/bin/time -v and prints the check time, wall time and maximum RSS of each run.
# Environment: QUERIES (1000000), BYTES (1073741824), RUNS (3), JAVA_HOME, KEEP=1 to keep the capture.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
QUERIES="${QUERIES:-1000000}"
BYTES="${BYTES:-1073741824}"
RUNS="${RUNS:-3}"
shared="$root/../shared"
[ -d "$shared/iocs" ] || shared="/work/shared"
cd "$root"
mvn -q -o -pl network,samples -am package -DskipTests
mvn -q -o -pl network dependency:build-classpath -Dmdep.outputFile=/tmp/vigil-net-cp.txt -Dmdep.includeScope=runtime >/dev/null
# the project's own modules come from this work tree, not from the local repository
deps="$(tr ':' '\n' < /tmp/vigil-net-cp.txt | grep -v '/dev/vigil/' | paste -sd: -)"
CP="$root/network/target/classes:$root/core/target/classes:$deps"
mkdir -p /tmp/vigil-bench-classes
"$JAVA_HOME/bin/javac" -d /tmp/vigil-bench-classes -cp "$CP" "$here/CheckNetworkBench.java"
CP="$CP:/tmp/vigil-bench-classes"
cap="/tmp/vigil-bench-$QUERIES.pcapng"
if [ ! -s "$cap" ]; then
  "$JAVA" -cp "$root/samples/target/classes:$root/core/target/classes" dev.vigil.samples.network.BenchCapture "$cap" "$QUERIES" "$BYTES"
fi
ls -l "$cap"
nproc
for i in $(seq 1 "$RUNS"); do
  out="/tmp/vigil-bench-out-$i"
  rm -rf "$out" /tmp/vigil-bench-time-$i.txt
  /usr/bin/time -v -o /tmp/vigil-bench-time-$i.txt -a "$JAVA" -Xmx512m -cp "$CP" CheckNetworkBench "$shared/iocs" "$out" "$cap" > /tmp/vigil-bench-time-$i.txt
  grep -E "check-network:|heap:|User time|System time|Percent of CPU|Elapsed \(wall clock\)|Maximum resident set size" /tmp/vigil-bench-time-$i.txt
  rm -rf "$out"
done
[ "${KEEP:-0}" = 1 ] || rm -f "$cap"
