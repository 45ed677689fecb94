#!/usr/bin/env bash
# Benchmark of check-backup on a large backup (not part of the unit tests).
# Generates a backup with ROWS Manifest rows (default 100,000) plus the demo phone's artifacts,
# plain and encrypted (password "bench", DPIC/ITER given, default the real 10,000,000/10,000),
# then times a whole check in a fresh JVM (JVM start included), 3 runs each, and prints the
# median wall time and the peak RSS from /usr/bin/time -v:
#   plain; encrypted with the password (key derivation included); encrypted with --key-file.
# Usage: ios/bench/backup-bench.sh [WORKDIR] [ROWS] [DPIC] [ITER]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/vigil-backup-bench}"
rows="${2:-100000}"
dpic="${3:-10000000}"
iter="${4:-10000}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
# JVM options of the measured runs: serial GC and a bounded heap suit a short CLI run (keep C2:
# with -XX:TieredStopAtLevel=1 the 10,000,000-iteration key derivation is 6x slower).
opts="${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmx384m}"
cd "$root"
if [ ! -f cli/target/vigil.jar ] || [ ! -d ios/target/test-classes ]; then
  mvn -q -o -pl ios,samples,cli -am package -DskipTests
  mvn -q -o -pl samples,ios -am test-compile
fi
cp="cli/target/vigil.jar:ios/target/test-classes"
main=dev.vigil.ios.backup.BackupBench
if [ ! -d "$work/plain" ]; then
  rm -rf "$work"; mkdir -p "$work"
  "$java" -cp "$cp" "$main" gen "$work" "$rows" "$dpic" "$iter"
fi
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # name, backup, [secret]
  local name="$1" backup="$2" secret="${3:-}"
  local walls=() rss=()
  for i in 1 2 3; do
    rm -rf "$work/out-$name"
    /usr/bin/time -v -o "$work/time-$name-$i.txt" "$java" $opts -cp "$cp" "$main" check "$backup" "$work/out-$name" $secret >"$work/log-$name-$i.txt" 2>&1 || { cat "$work/log-$name-$i.txt"; exit 1; }
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(k=1;k<=n;k++) s=s*60+t[k]; print s}' "$work/time-$name-$i.txt")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time-$name-$i.txt")")
  done
  printf '%-22s median wall %6.2f s  (runs: %s)  peak RSS median %s MiB (runs: %s)\n' "$name" \
    "$(printf '%s\n' "${walls[@]}" | median)" "${walls[*]}" "$(printf '%s\n' "${rss[@]}" | median)" "${rss[*]}"
  tail -n 1 "$work/log-$name-1.txt"
}
echo "backup: $rows rows; DPIC $dpic, ITER $iter; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); JVM options: $opts"
run plain "$work/plain"
run encrypted-key-file "$work/encrypted" "key:$work/key.txt"
run encrypted-password "$work/encrypted" bench
