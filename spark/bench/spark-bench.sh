#!/usr/bin/env bash
# Benchmark of the Spark job (a script, not a timed test): generates ROWS DNS log rows as Parquet in
# /tmp (never committed), runs IocMatchJob on them in local[2] against the indicators, then runs the
# same core matcher in a plain single-threaded Java loop over the same rows for comparison.
# Environment: ROWS (50000000), RUNS (1), JAVA_HOME, KEEP=1 to keep the Parquet data.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
ROWS="${ROWS:-50000000}"
RUNS="${RUNS:-1}"
shared="$root/../shared"
[ -d "$shared/iocs" ] || shared="/work/shared"
cd "$root"
mvn -q -o -pl spark -am package -DskipTests
mvn -q -o -pl spark dependency:build-classpath -Dmdep.outputFile=/tmp/vigil-spark-cp.txt -Dmdep.includeScope=test >/dev/null
deps="$(tr ':' '\n' < /tmp/vigil-spark-cp.txt | grep -v '/dev/vigil/' | paste -sd: -)"
CP="$root/spark/target/classes:$root/core/target/classes:$deps"
mkdir -p /tmp/vigil-spark-bench-classes
"$JAVA_HOME/bin/javac" -nowarn -d /tmp/vigil-spark-bench-classes -cp "$CP" "$here/SparkBench.java"
CP="$CP:/tmp/vigil-spark-bench-classes"
OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
data="/tmp/vigil-spark-bench-$ROWS.parquet"
if [ ! -d "$data" ]; then
  "$JAVA" -Xmx2g $OPENS -cp "$CP" SparkBench generate "$ROWS" "$data"
fi
du -sh "$data"
nproc
for i in $(seq 1 "$RUNS"); do
  "$JAVA" -Xmx2g $OPENS -cp "$CP" SparkBench spark "$data" "/tmp/vigil-spark-bench-out" "$shared/iocs" 2>/dev/null | grep -E "^spark"
  "$JAVA" -Xmx2g -cp "$CP" SparkBench loop "$ROWS" "$shared/iocs" | grep -E "^plain"
done
rm -rf /tmp/vigil-spark-bench-out
[ "${KEEP:-0}" = 1 ] || rm -rf "$data"
