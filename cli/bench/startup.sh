#!/usr/bin/env bash
# Start-up latency of `carbon measure`: nanoseconds from launching carbon to the measured command's first
# instruction (the command prints CLOCK_REALTIME via `date +%s%N`; the launcher reads it just before exec).
# Variants run interleaved, round by round, so machine load hits them alike. Usage: cli/bench/startup.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-15}"
jar="$root/cli/target/carbon.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests -pl cli -am package" >&2; exit 1; }
export CARBON_NVML_LIBRARY="${CARBON_NVML_LIBRARY:-}"
"$root/bin/carbon" --version >/dev/null # builds the jar and its class-data archive when needed
declare -A variants=(
  [a_direct]="sh -c"
  [b_bin_carbon]="$root/bin/carbon measure -q -- sh -c"
  [c_java_jar_plain]="java -jar $jar measure -q -- sh -c"
  [d_c1_serial_no_cds]="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar measure -q -- sh -c"
  [e_bin_carbon_no_cpu_ram]="$root/bin/carbon measure -q --no-cpu --no-ram -- sh -c"
)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for ((r = 0; r < rounds; r++)); do
  for name in $(printf '%s\n' "${!variants[@]}" | sort); do
    start=$(date +%s%N)
    child=$(${variants[$name]} 'date +%s%N' </dev/null)
    echo $(( (child - start) / 1000 )) >> "$tmp/$name"
  done
done
printf '%-18s %10s %10s %10s   (microseconds from launch to the command start, %s rounds)\n' variant median p10 p90 "$rounds"
for name in $(printf '%s\n' "${!variants[@]}" | sort); do
  sort -n "$tmp/$name" > "$tmp/$name.sorted"
  n=$(wc -l < "$tmp/$name.sorted")
  pick() { sed -n "$(( ($1 * (n - 1)) / 100 + 1 ))p" "$tmp/$name.sorted"; }
  printf '%-18s %10s %10s %10s\n' "$name" "$(pick 50)" "$(pick 10)" "$(pick 90)"
done
