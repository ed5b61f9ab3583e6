#!/usr/bin/env bash
# Meter overhead of `carbon measure` against CodeCarbon's OfflineEmissionsTracker, side by side in one run
# (docs/benchmarks.md, "Meter overhead"). Builds carbon, installs CodeCarbon into bench/target/codecarbon-venv
# (pip, once), then runs bench/meter_overhead.py. Arguments go to it, e.g. --rounds 3 --long 320.
# CPU-time figures hold on a shared machine; for wall-clock-sensitive numbers run it on a quiet one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/bench/target/codecarbon-venv"
CODECARBON_VERSION="${CODECARBON_VERSION:-3.3.2}"
if ! "$venv/bin/python" -c "import codecarbon, sys; sys.exit(codecarbon.__version__ != '$CODECARBON_VERSION')" 2>/dev/null; then
  echo "meter-overhead: installing codecarbon==$CODECARBON_VERSION into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "codecarbon==$CODECARBON_VERSION"
fi
"$root/bin/carbon" --version >/dev/null   # builds the jar and its class-data archive when needed
exec python3 "$root/bench/meter_overhead.py" --root "$root" --python "$venv/bin/python" "$@"
