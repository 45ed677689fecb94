#!/usr/bin/env bash
# Benchmark of check-backup on a large backup (not part of the unit tests).
# Generates a backup with ROWS Manifest rows (default 100,000) plus the demo phone's artifacts,
# whose sms.db holds 100,000 more messages (a third with links), History.db 100,000 more
# Safari visits and DataUsage.sqlite 6,000 more processes; plain and encrypted (password
# "bench", DPIC/ITER given, default the real 10,000,000/10,000). Then times the real command a
# user runs, `./vigil check-backup` with all bundled indicators (JVM start and the launcher's
# JVM options included), 3 runs each, and prints the median wall time and the peak RSS from
# /usr/bin/time -v: plain; encrypted with --key-file; encrypted with the password (key
# derivation included).
# Usage: ios/bench/backup-bench.sh [WORKDIR] [ROWS] [DPIC] [ITER]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/vigil-backup-bench}"
rows="${2:-100000}"
dpic="${3:-10000000}"
iter="${4:-10000}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
cd "$root"
./vigil --version >/dev/null # builds the jar when sources changed and prepares the start-up cache
if [ ! -d ios/target/test-classes ]; then mvn -q -o -pl samples,ios -am test-compile; fi
cp="cli/target/vigil.jar:ios/target/test-classes"
main=dev.vigil.ios.backup.BackupBench
if [ ! -d "$work/plain" ]; then
  rm -rf "$work"; mkdir -p "$work"
  "$java" -cp "$cp" "$main" gen "$work" "$rows" "$dpic" "$iter"
fi
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # name, backup, [vigil options...]
  local name="$1" backup="$2"; shift 2
  local walls=() rss=() cpus=()
  for i in 1 2 3; do
    rm -rf "$work/out-$name"
    local rc=0
    /usr/bin/time -v -o "$work/time-$name-$i.txt" ./vigil check-backup "$backup" -o "$work/out-$name" "$@" >"$work/log-$name-$i.txt" 2>&1 || rc=$?
    # exit 3 = serious alerts found (the planted indicators): expected
    if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then cat "$work/log-$name-$i.txt"; exit 1; fi
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(k=1;k<=n;k++) s=s*60+t[k]; print s}' "$work/time-$name-$i.txt")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time-$name-$i.txt")")
    cpus+=("$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$work/time-$name-$i.txt")")
  done
  printf '%-22s median wall %6.2f s  (runs: %s)  CPU median %s s  peak RSS median %s MiB (runs: %s)\n' "$name" \
    "$(printf '%s\n' "${walls[@]}" | median)" "${walls[*]}" "$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" "${rss[*]}"
  tail -n 3 "$work/log-$name-1.txt"
}
echo "backup: $rows Manifest rows; DPIC $dpic, ITER $iter; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); VIGIL_JAVA_OPTS: ${VIGIL_JAVA_OPTS:-(none)}"
run plain "$work/plain"
run encrypted-key-file "$work/encrypted" --key-file "$work/key.txt"
printf 'bench\n' > "$work/password.txt"
run encrypted-password "$work/encrypted" --password-file "$work/password.txt"
