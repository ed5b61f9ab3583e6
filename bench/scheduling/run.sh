#!/usr/bin/env bash
# Replays a year of real hourly intensity per grid through the scheduler's window search (docs/benchmarks.md,
# "Carbon-aware scheduling"). Deterministic: the same data gives the same table.
# The series are not in this repository (see SOURCES.md): they are read from $CARBON_HISTORY_DIR, else from
# ../shared/data/intensity-history beside the checkout, else from bench/scheduling/data (git-ignored), where
# derive_intensity.py writes them from the public source files.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="${CARBON_HISTORY_DIR:-}"
if [ -z "$data" ]; then
  for d in "$root/../shared/data/intensity-history" "$root/bench/scheduling/data"; do
    if ls "$d"/*.csv >/dev/null 2>&1; then data="$d"; break; fi
  done
fi
if [ -z "$data" ] || ! ls "$data"/*.csv >/dev/null 2>&1; then
  echo "bench/scheduling: no hourly series found; derive them as bench/scheduling/SOURCES.md says, or set CARBON_HISTORY_DIR" >&2
  exit 2
fi
mvn -q -B -pl shared-meter -am test-compile -DskipTests
mvn -q -B -pl shared-meter exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=io.carbonmlops.meter.carbon.schedule.bench.ShiftSimulation \
    -Dexec.args="$data"
