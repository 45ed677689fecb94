#!/usr/bin/env bash
# Benchmarks of check-fs and check-sysdiagnose (not part of the test run). Generates its
# evidence in a scratch folder under /tmp (never committed), then times the real command line
# through the ./vigil launcher (its JVM options, start-up cache, JVM start-up and
# the whole bundled indicator set included), 3 runs each: medians of wall and CPU time.
# Needs: cli/target/vigil.jar (mvn -pl cli -am package -DskipTests), GNU time, sha256sum, tar.
# BENCH_JAVA_OPTS (default -Xmx512m: the issue's heap bound) goes to the launcher's VIGIL_JAVA_OPTS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAVAC="$JAVA_HOME/bin/javac"
jar="$root/cli/target/vigil.jar" # build it after deleting the old one: rm -f cli/target/*.jar; mvn -pl cli -am package -DskipTests
work="${BENCH_DIR:-/tmp/vigil-bench-iosfs}"
entries="${BENCH_ENTRIES:-300000}"
bytes="${BENCH_BYTES:-2000000000}"
sdpad="${BENCH_SD_BYTES:-100000000}"
export VIGIL_JAVA_OPTS="${BENCH_JAVA_OPTS--Xmx512m}"
mkdir -p "$work/classes"
"$JAVAC" -q -cp "$jar" -d "$work/classes" "$here/Bench.java" 2>/dev/null || "$JAVAC" -cp "$jar" -d "$work/classes" "$here/Bench.java"
cp="$jar:$work/classes"
[ -f "$work/dump.tar" ] || "$JAVA" -cp "$cp" Bench gen-fs "$work/dump.tar" "$entries" "$bytes"
[ -f "$work/sysdiagnose_bench.tar.gz" ] || "$JAVA" -cp "$cp" Bench gen-sd "$work/sysdiagnose_bench.tar.gz" "$sdpad"
ls -l "$work/dump.tar" "$work/sysdiagnose_bench.tar.gz"
echo "cores: $(nproc) (shared with other jobs); launcher JVM options + VIGIL_JAVA_OPTS='$VIGIL_JAVA_OPTS'"
export vigil="$root/vigil"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # prints wall seconds, max RSS KiB and CPU seconds (user+sys) of a command; exit status 3 (alerts) is success
  local rc=0
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then cat "$work/out.txt" >&2; exit 1; fi
  awk '/^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$/ {printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$work/time.txt"
}
run3() { # label, command...  (on a shared machine, CPU time is the steadier figure)
  local label="$1"; shift
  local walls=() rss=() cpus=() loads=()
  for i in 1 2 3; do
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    read -r w m c < <(timeit "$@"); walls+=("$w"); rss+=("$m"); cpus+=("$c")
  done
  printf '%-28s wall median %6.2f s (runs %s)  cpu median %6.2f s (runs %s)  max RSS %s MiB  load before runs %s\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "${walls[*]}" "$(printf '%s\n' "${cpus[@]}" | median)" "${cpus[*]}" \
    "$(( $(printf '%s\n' "${rss[@]}" | sort -n | tail -1) / 1024 ))" "${loads[*]}"
}
check() { # command, evidence, output dir, flags...
  local cmd="$1" ev="$2" out="$3"; shift 3
  rm -rf "$out"
  "$vigil" "$cmd" "$ev" -o "$out" "$@"
}
export -f check
"$vigil" --version > /dev/null # builds when needed and prepares the start-up cache (a vigil demo training run)
check check-fs "$work/dump.tar" "$work/r0" > /dev/null 2>&1 || true # warm-up (CDS archive of the check classes)
cat "$work/dump.tar" > /dev/null # warm the page cache for every contender alike
run3 "tar -tvf dump.tar" tar -tvf "$work/dump.tar"
run3 "sha256sum dump.tar" sha256sum "$work/dump.tar"
run3 "check-fs dump.tar" bash -c 'check "$@"' _ check-fs "$work/dump.tar" "$work/r1"
tail -n 5 "$work/out.txt"
run3 "check-fs --fast dump.tar" bash -c 'check "$@"' _ check-fs "$work/dump.tar" "$work/r2" --fast
run3 "check-fs --hashes dump.tar" bash -c 'check "$@"' _ check-fs "$work/dump.tar" "$work/r3" --hashes
tail -n 5 "$work/out.txt"
run3 "check-sysdiagnose (100 MB)" bash -c 'check "$@"' _ check-sysdiagnose "$work/sysdiagnose_bench.tar.gz" "$work/r4"
tail -n 5 "$work/out.txt"
