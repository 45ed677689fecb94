#!/usr/bin/env bash
# Resource-limit check: a 5 GB iOS filesystem dump (tar) is checked with a 256 MiB heap.
# Generates at run time (never committed): the demo phone's full-filesystem dump (written by
# the samples' DumpWriter through FsDumpSample) plus large filler files (camera-roll-sized
# videos) streamed into one tar, then runs `vigil check-fs` under /usr/bin/time -v with
# VIGIL_JAVA_OPTS=-Xmx256m and prints wall time and max RSS. Deletes everything it made.
#
#   scripts/stress-large-dump.sh [SIZE_GB] [WORKDIR]        (defaults: 5, /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
size_gb="${1:-5}"
work="$(mktemp -d "${2:-/tmp}/vigil-stress-large.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -f cli/target/vigil.jar ] || mvn -q -B -o -pl cli -am package -DskipTests

# 1. The demo phone's dump, written by the samples module's own builder.
cat > "$work/BuildDump.java" <<'JAVA'
public class BuildDump {
    public static void main(String[] a) throws Exception {
        System.out.println(new dev.vigil.samples.ios.fs.FsDumpSample().build(java.nio.file.Path.of(a[0])));
    }
}
JAVA
sample="$("$java" -cp cli/target/vigil.jar "$work/BuildDump.java" "$work/sample" | tail -n1)"

# 2. One tar: the sample's entries, then filler files up to SIZE_GB (streamed, never in memory).
python3 - "$sample" "$work/dump.tar" "$size_gb" <<'PY'
import sys, tarfile, io
src, dst, gb = sys.argv[1], sys.argv[2], float(sys.argv[3])
class Zeros(io.RawIOBase):
    def __init__(self, n): self.left = n
    def readable(self): return True
    def readinto(self, b):
        n = min(len(b), self.left)
        b[:n] = bytes(n); self.left -= n
        return n
total = int(gb * (1 << 30))
with tarfile.open(src) as s, tarfile.open(dst, "w", format=tarfile.PAX_FORMAT) as d:
    for m in s.getmembers():
        d.addfile(m, s.extractfile(m) if m.isfile() else None)
        total -= m.size
    i, chunk = 0, 256 << 20
    while total > 0:
        n = min(chunk, total)
        ti = tarfile.TarInfo(f"filesystem1/private/var/mobile/Media/DCIM/100APPLE/IMG_{i:04d}.MOV")
        ti.size, ti.mtime, ti.mode = n, 1685613600, 0o644
        d.addfile(ti, Zeros(n))
        total -= n; i += 1
PY
ls -l "$work/dump.tar"

# 3. The check, with a 256 MiB heap.
status=0
VIGIL_JAVA_OPTS=-Xmx256m /usr/bin/time -v ./vigil check-fs "$work/dump.tar" -o "$work/out" 2> "$work/time.txt" > "$work/check.txt" || status=$?
tail -n 5 "$work/check.txt"
grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$work/time.txt"
echo "exit status: $status (0 = no serious alerts, 3 = serious alerts found; both mean the check completed)"
grep -o '"status" *: *"[a-z_]*"' "$work/out/run.json" | sort | uniq -c || true
[ "$status" = 0 ] || [ "$status" = 3 ]
