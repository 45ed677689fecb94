#!/usr/bin/env bash
# Resource-limit check: `vigil check-fs` over a folder dump holding many small files finishes
# and its memory stays flat. Builds the demo phone's dump (samples' FsDumpSample, extracted
# to a folder) plus COUNT small files (1,000 per folder), checks it with a 256 MiB heap under
# /usr/bin/time -v, and prints wall time and max RSS; with several counts, one line each to
# compare. Deletes everything it made.
#
#   scripts/stress-many-files.sh [COUNT...] (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100000 1000000)
work="$(mktemp -d /tmp/vigil-stress-many.XXXXXX)"
trap 'rm -rf "$work"' EXIT
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -f cli/target/vigil.jar ] || mvn -q -B -o -pl cli -am package -DskipTests
cat > "$work/BuildDump.java" <<'JAVA'
public class BuildDump {
    public static void main(String[] a) throws Exception {
        System.out.println(new dev.vigil.samples.ios.fs.FsDumpSample().build(java.nio.file.Path.of(a[0])));
    }
}
JAVA
sample="$("$java" -cp cli/target/vigil.jar "$work/BuildDump.java" "$work/sample" | tail -n1)"
for n in "${counts[@]}"; do
  dump="$work/dump-$n"
  mkdir -p "$dump"
  tar xf "$sample" -C "$dump"
  python3 - "$dump/filesystem1/private/var/mobile/Library/Caches/com.example.filler" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"d{i // 1000:04d}")
    if i % 1000 == 0: os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i % 1000:03d}.cache"), "wb") as f:
        f.write(b"cache entry %d\n" % i)
PY
  status=0
  VIGIL_JAVA_OPTS=-Xmx256m /usr/bin/time -v ./vigil check-fs "$dump/filesystem1" -o "$work/out-$n" 2> "$work/time-$n.txt" > "$work/check-$n.txt" || status=$?
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time-$n.txt")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time-$n.txt")"
  printf 'files=%s\tstatus=%s\twall=%s\tmax_rss_kb=%s\n' "$n" "$status" "$wall" "$rss"
  [ "$status" = 0 ] || [ "$status" = 3 ] || { tail -n 20 "$work/check-$n.txt" "$work/time-$n.txt"; exit 1; }
  rm -rf "$dump" "$work/out-$n"
done
