#!/usr/bin/env bash
# Builds the JMH benchmarks and runs the IOC ones: URL checks per second (one thread) and
# loading all public indicator files. Usage: bench/run-ioc-bench.sh [extra JMH options]
# Needs the public indicator folder: $VIGIL_IOCS, else the first shared/iocs above the project.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
iocs="${VIGIL_IOCS:-}"
if [ -z "$iocs" ]; then  # ../shared/iocs of the project, or of any folder above it
  d="$root"; while [ "$d" != "/" ]; do d="$(dirname "$d")"; [ -d "$d/shared/iocs" ] && iocs="$d/shared/iocs" && break; done
fi
[ -d "$iocs" ] || { echo "indicator folder not found: $iocs (set VIGIL_IOCS)" >&2; exit 1; }
if [ -z "${JAVA_HOME:-}" ]; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do [ -x "$j/bin/java" ] && export JAVA_HOME="$j" && break; done
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cd "$root"
mvn -q ${MVN_OFFLINE:--o} -pl bench -am package -DskipTests
out="$root/bench/target/ioc-bench.json"
"$java" -Dvigil.iocs="$iocs" -jar bench/target/benchmarks.jar 'dev.vigil.bench.(UrlCheck|Load)Benchmark' \
  -jvmArgsAppend "-Dvigil.iocs=$iocs" -rf json -rff "$out" "$@"
# Medians of the measurement iterations (JMH prints means).
if command -v python3 >/dev/null; then
  python3 - "$out" <<'PY'
import json, statistics, sys
for b in json.load(open(sys.argv[1])):
    raw = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
    print(f'{b["benchmark"].rsplit(".", 2)[-2]}.{b["benchmark"].rsplit(".", 1)[-1]}: median {statistics.median(raw):,.1f} {b["primaryMetric"]["scoreUnit"]} '
          f'(min {min(raw):,.1f}, max {max(raw):,.1f}, {len(raw)} iterations)')
PY
fi
