#!/usr/bin/env bash
# Runs every Jazzer fuzz target of the project (methods annotated @FuzzTest) in fuzzing mode
# for N minutes each (default 5), one after the other, and appends what ran to
# fuzz-log.tsv. `mvn verify` (and CI) replay the saved inputs of each target in regression
# mode; any crash found here is written by Jazzer into
# <module>/src/test/resources/<package>/<Class>Inputs/<method>/ — commit it with the fix.
#
#   scripts/fuzz.sh [MINUTES] [FILTER]     FILTER: a regex on Class#method
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-5}"
filter="${2:-.}"
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
mvn -q -B -DskipTests install >/dev/null
grep -rl --include='*.java' '@FuzzTest' -- */src/test/java | sort | while read -r file; do
  module="${file%%/*}"
  class="$(basename "$file" .java)"
  grep -A2 '@FuzzTest' "$file" | sed -n 's/.*void \([A-Za-z0-9_]*\)(.*/\1/p' | while read -r method; do
    target="$class#$method"
    echo "$target" | grep -Eq "$filter" || continue
    echo "== fuzzing $module $target for ${minutes}m"
    start=$(date +%s)
    status=ok
    JAZZER_FUZZ=1 mvn -q -B -o test -pl "$module" -Dtest="$target" -Djazzer.max_duration="${minutes}m" \
      -Dsurefire.failIfNoSpecifiedTests=false || status=finding
    end=$(date +%s)
    printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$module" "$target" "$((end - start))" "$status" >> fuzz-log.tsv
  done
done
echo "Done. Seconds per target are in fuzz-log.tsv; findings (if any) are under */src/test/resources/**/*Inputs/."
