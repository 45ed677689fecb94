#!/usr/bin/env bash
# Benchmarks of check-fs and check-sysdiagnose (not part of the test run). Generates its
# evidence in a scratch folder under /tmp (never committed) and prints medians of 3 runs.
# Needs: cli/target/vigil.jar (mvn -pl cli -am package -DskipTests), GNU time, sha256sum, tar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAVAC="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/javac"
jar="$root/cli/target/vigil.jar" # build it after deleting the old one: rm -f cli/target/*.jar; mvn -pl cli -am package -DskipTests
work="${BENCH_DIR:-/tmp/vigil-bench-iosfs}"
entries="${BENCH_ENTRIES:-300000}"
bytes="${BENCH_BYTES:-2000000000}"
sdpad="${BENCH_SD_BYTES:-100000000}"
mkdir -p "$work/classes"
"$JAVAC" -q -cp "$jar" -d "$work/classes" "$here/Bench.java" 2>/dev/null || "$JAVAC" -cp "$jar" -d "$work/classes" "$here/Bench.java"
cp="$jar:$work/classes"
[ -f "$work/dump.tar" ] || "$JAVA" -cp "$cp" Bench gen-fs "$work/dump.tar" "$entries" "$bytes"
[ -f "$work/sysdiagnose_bench.tar.gz" ] || "$JAVA" -cp "$cp" Bench gen-sd "$work/sysdiagnose_bench.tar.gz" "$sdpad"
ls -l "$work/dump.tar" "$work/sysdiagnose_bench.tar.gz"
echo "cores: $(nproc) (shared with other jobs)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # prints wall seconds and max RSS KiB of a command
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1 || { cat "$work/out.txt"; exit 1; }
  cat "$work/time.txt"
}
run3() { # label, command...
  local label="$1"; shift
  local walls=() rss=()
  for i in 1 2 3; do read -r w m < <(timeit "$@"); walls+=("$w"); rss+=("$m"); done
  printf '%-34s median %6.2f s  (runs %s)  max RSS %s KiB\n' "$label" "$(printf '%s\n' "${walls[@]}" | median)" "${walls[*]}" "$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)"
}
cat "$work/dump.tar" > /dev/null # warm the page cache for every contender alike
run3 "tar -tvf dump.tar" tar -tvf "$work/dump.tar"
run3 "sha256sum dump.tar" sha256sum "$work/dump.tar"
run3 "check-fs dump.tar" "$JAVA" -Xmx512m -cp "$cp" Bench check ios-fs "$work/dump.tar" "$work/r1"
cat "$work/out.txt"
run3 "check-fs --fast dump.tar" "$JAVA" -Xmx512m -cp "$cp" Bench check ios-fs "$work/dump.tar" "$work/r2" fast
run3 "check-fs --hashes dump.tar" "$JAVA" -Xmx512m -cp "$cp" Bench check ios-fs "$work/dump.tar" "$work/r3" hashes
cat "$work/out.txt"
run3 "check-sysdiagnose (100 MB)" "$JAVA" -Xmx512m -cp "$cp" Bench check ios-sysdiagnose "$work/sysdiagnose_bench.tar.gz" "$work/r4"
cat "$work/out.txt"
