#!/usr/bin/env python3
"""Meter overhead: the whole `carbon measure` process against CodeCarbon's OfflineEmissionsTracker, side by side.

Both track the same idle command (`sleep`), started at the same time, so they see the same machine. Two figures:

* steady CPU per tracked minute: the CPU time of the tool's own process (all its threads, not the tracked command)
  after a warm-up and again minutes later; the slope is what one more minute of tracking costs, free of start-up
  noise. From /proc/PID/task/*/schedstat (nanoseconds) when the same threads lived through the whole span, else
  (CodeCarbon starts a thread per measurement) from /proc/PID/stat utime + stime, which counts exited threads too
  but in 10 ms ticks;
* long minus short: the CPU time (user + system, getrusage of the waited-for process tree) of a long run minus that of
  a short run, over the tracked minutes between them; start-up cancels out, but its jitter stays in the figure.

Run through bench/meter-overhead.sh, which builds carbon and installs CodeCarbon into a venv. Stdlib only.
"""
import argparse
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

CODECARBON = r"""
import json, logging, subprocess, sys
from codecarbon import OfflineEmissionsTracker
tracker = OfflineEmissionsTracker(country_iso_code="DEU", save_to_file=False, log_level="error",
                                  measure_power_secs=float(sys.argv[2]))
tracker.start()
subprocess.run(["sleep", sys.argv[1]], check=True)
tracker.stop()
d = tracker.final_emissions_data
print("CODECARBON " + json.dumps({"duration_s": d.duration, "cpu_kwh": d.cpu_energy, "ram_kwh": d.ram_energy,
      "gpu_kwh": d.gpu_energy, "cpu_w": d.cpu_power, "ram_w": d.ram_power, "co2e_kg": d.emissions,
      "cpu_model": d.cpu_model, "tracking_mode": d.tracking_mode}), file=sys.stderr)
"""


TICK = os.sysconf("SC_CLK_TCK")


def cpu_sample(pid):
    """(thread ids, CPU s of the live threads from schedstat, CPU s of all threads ever from stat in ticks)."""
    tids, schedstat = set(), 0
    for stat in glob.glob("/proc/%d/task/*/schedstat" % pid):
        try:
            with open(stat) as f:
                schedstat += int(f.read().split()[0])
            tids.add(stat.split("/")[4])
        except FileNotFoundError:
            pass  # a thread that just ended
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of the line)
    return tids, schedstat / 1e9, ticks / TICK


def steady_seconds(first, last):
    """CPU between two samples and how it was counted."""
    if first[0] == last[0]:
        return last[1] - first[1], "schedstat"
    return last[2] - first[2], "ticks"


def commands(args, seconds, json_file):
    carbon = [os.path.join(args.root, "bin/carbon"), "measure", "-q", "--json", json_file, "--", "sleep", str(seconds)]
    codecarbon = [args.python, "-c", CODECARBON, str(seconds), str(args.codecarbon_interval)]
    return {"carbon": carbon, "codecarbon": codecarbon}


def run_together(args, seconds, sample_at=None):
    """Starts both tools on `sleep seconds` at once; returns per tool: rusage CPU, steady slope, stderr, json."""
    tmp = tempfile.mkdtemp(prefix="meter-overhead-")
    json_file = os.path.join(tmp, "carbon.json")
    procs = {}
    for name, cmd in commands(args, seconds, json_file).items():
        procs[name] = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples = {}
    if sample_at:
        start = time.monotonic()
        for label, at in (("first", sample_at[0]), ("last", sample_at[1])):
            time.sleep(max(0, start + at - time.monotonic()))
            samples[label] = {name: (time.monotonic(), cpu_sample(p.pid)) for name, p in procs.items()}
    results = {}
    for name, proc in procs.items():
        # getrusage(RUSAGE_CHILDREN) sums all children; wait4 gives this one child's tree alone.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = proc.stderr.read()
        if proc.returncode != 0:
            sys.exit("%s failed (%d): %s" % (name, proc.returncode, stderr[-2000:]))
        result = {"rusage_cpu_s": usage.ru_utime + usage.ru_stime, "stderr": stderr}
        if sample_at:
            (t0, c0), (t1, c1) = samples["first"][name], samples["last"][name]
            cpu, how = steady_seconds(c0, c1)
            result["steady_cpu_s_per_min"] = cpu / (t1 - t0) * 60
            result["steady_counted_by"] = how
        results[name] = result
    with open(json_file) as f:
        results["carbon"]["json"] = json.load(f)
    for line in results["codecarbon"]["stderr"].splitlines():
        if line.startswith("CODECARBON "):
            results["codecarbon"]["json"] = json.loads(line[len("CODECARBON "):])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--python", required=True, help="python of the venv that has codecarbon")
    parser.add_argument("--short", type=int, default=20, help="seconds tracked by the short runs")
    parser.add_argument("--long", type=int, default=320, help="seconds tracked by the long runs")
    parser.add_argument("--warmup", type=int, default=20, help="seconds before the first steady sample")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--codecarbon-interval", type=float, default=15.0,
                        help="CodeCarbon's measure_power_secs (its default: 15)")
    args = parser.parse_args()
    minutes = (args.long - args.short) / 60
    rows = {"carbon": {"steady": [], "marginal": []}, "codecarbon": {"steady": [], "marginal": []}}
    last = None
    for r in range(args.rounds):
        short = run_together(args, args.short)
        long = run_together(args, args.long, sample_at=(args.warmup, args.long - 5))
        for tool in rows:
            rows[tool]["steady"].append(long[tool]["steady_cpu_s_per_min"])
            rows[tool]["marginal"].append((long[tool]["rusage_cpu_s"] - short[tool]["rusage_cpu_s"]) / minutes)
            print("round %d %-10s short %.3f s CPU, long %.3f s CPU, steady %.5f s/min (%s), long-short %.5f s/min" % (
                r + 1, tool, short[tool]["rusage_cpu_s"], long[tool]["rusage_cpu_s"], rows[tool]["steady"][-1],
                long[tool]["steady_counted_by"], rows[tool]["marginal"][-1]), flush=True)
        last = long
    print()
    print("| tool | steady CPU per tracked minute (median, min-max) | long minus short, per minute (median) |")
    print("|---|---|---|")
    for tool, figures in rows.items():
        print("| %s | %.4f s (%.4f-%.4f) | %.4f s |" % (tool, statistics.median(figures["steady"]),
              min(figures["steady"]), max(figures["steady"]), statistics.median(figures["marginal"])))
    ratio_steady = statistics.median(rows["codecarbon"]["steady"]) / statistics.median(rows["carbon"]["steady"])
    ratio_marginal = statistics.median(rows["codecarbon"]["marginal"]) / statistics.median(rows["carbon"]["marginal"])
    print("\nCodeCarbon / carbon: %.1fx (steady), %.1fx (long minus short)" % (ratio_steady, ratio_marginal))
    c = last["carbon"]["json"]
    kwh = c["energy_kwh"]
    print("\nWhat each reported for the last long run (%d s of sleep):" % args.long)
    print("carbon:     cpu %.3g kWh, ram %.3g kWh, gpu %.3g kWh (%s)" % (kwh["cpu"], kwh["ram"], kwh["gpu"],
          ", ".join("%s %s" % (d["kind"], d["method"]) for d in c["devices"])))
    cc = last["codecarbon"].get("json", {})
    print("codecarbon: cpu %.3g kWh at %.3g W, ram %.3g kWh at %.3g W, gpu %.3g kWh (%s, tracking_mode %s)" % (
        cc.get("cpu_kwh", float("nan")), cc.get("cpu_w", float("nan")), cc.get("ram_kwh", float("nan")),
        cc.get("ram_w", float("nan")), cc.get("gpu_kwh", float("nan")), cc.get("cpu_model"), cc.get("tracking_mode")))


if __name__ == "__main__":
    main()
