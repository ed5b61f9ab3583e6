#!/usr/bin/env bash
# What MLflow being down adds to `carbon measure --mlflow-experiment … -- sleep 1`: wall time of the whole command
# without MLflow options, with MLFLOW_TRACKING_URI at a closed port (connection refused: the server is down) and at a
# port that never answers a connect (a full accept queue drops SYNs, as a firewalled or unreachable host does).
# Variants run interleaved, round by round, each in a fresh spool. Usage: cli/bench/mlflow-down.sh [ROUNDS]
# CARBON_BASELINE=/path/to/other/checkout/bin/carbon adds the same variants run by that build, side by side.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-9}"
"$root/bin/carbon" --version >/dev/null # builds the jar and its class-data archive when needed
tmp="$(mktemp -d)"
refused_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# a listener with a one-place backlog, filled, and never accepting: further connects hang until their timeout
python3 - "$tmp/blackhole.port" <<'PY' &
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
fillers = []
for _ in range(3):
    c = socket.socket(); c.settimeout(0.3)
    try:
        c.connect(s.getsockname()); fillers.append(c)
    except OSError:
        break
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(3600)
PY
hole_pid=$!
trap 'kill $hole_pid 2>/dev/null; rm -rf "$tmp"' EXIT
while [ ! -s "$tmp/blackhole.port" ]; do sleep 0.1; done
hole_port=$(cat "$tmp/blackhole.port")
declare -A uris=([a_no_mlflow]="" [b_refused]="http://127.0.0.1:$refused_port" [c_no_answer]="http://127.0.0.1:$hole_port")
declare -A carbons=([a_no_mlflow]="$root/bin/carbon" [b_refused]="$root/bin/carbon" [c_no_answer]="$root/bin/carbon")
if [ -n "${CARBON_BASELINE:-}" ]; then
  "$CARBON_BASELINE" --version >/dev/null
  for name in a_no_mlflow b_refused c_no_answer; do
    uris[${name}_baseline]="${uris[$name]}"; carbons[${name}_baseline]="$CARBON_BASELINE"
  done
fi
for ((r = 0; r < rounds; r++)); do
  for name in $(printf '%s\n' "${!uris[@]}" | sort); do
    spool="$tmp/spool-$name-$r"
    args=(measure -q --no-cpu --no-ram)
    [ -n "${uris[$name]}" ] && args+=(--mlflow-experiment bench)
    start=$(date +%s%N)
    env -u MLFLOW_TRACKING_USERNAME -u MLFLOW_TRACKING_PASSWORD -u MLFLOW_TRACKING_TOKEN \
        CARBON_SPOOL_DIR="$spool" MLFLOW_TRACKING_URI="${uris[$name]}" \
        "${carbons[$name]}" "${args[@]}" -- sleep 1 </dev/null >/dev/null 2>"$tmp/err-$name" || true
    echo $(( ($(date +%s%N) - start) / 1000000 )) >> "$tmp/$name"
    if [ -n "${uris[$name]}" ] && ! ls "$spool"/*.json >/dev/null 2>&1; then
      echo "$name: nothing was spooled:" >&2; cat "$tmp/err-$name" >&2; exit 1
    fi
  done
done
printf '%-21s %8s %8s %8s   (ms of wall time for `carbon measure … -- sleep 1`, %s rounds)\n' variant median min max "$rounds"
for name in $(printf '%s\n' "${!uris[@]}" | sort); do
  sort -n "$tmp/$name" > "$tmp/$name.sorted"
  n=$(wc -l < "$tmp/$name.sorted")
  printf '%-21s %8s %8s %8s\n' "$name" "$(sed -n "$(( (n + 1) / 2 ))p" "$tmp/$name.sorted")" \
      "$(head -1 "$tmp/$name.sorted")" "$(tail -1 "$tmp/$name.sorted")"
done
