#!/usr/bin/env bash
# Replays a year of real hourly intensity per grid through the scheduler's window search (docs/benchmarks.md,
# "Carbon-aware scheduling"). Deterministic: the same data gives the same table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -B -pl shared-meter -am test-compile -DskipTests
mvn -q -B -pl shared-meter exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=io.carbonmlops.meter.carbon.schedule.bench.ShiftSimulation \
    -Dexec.args="$root/bench/scheduling/data"
