"""Drives wrk (a separate process, keep-alive connections, fixed concurrency) over a file of
prepared requests: a warm-up run that is thrown away, then several measured runs whose
median is reported."""
import json
import os
import statistics
import subprocess

from . import procstat

HERE = os.path.dirname(os.path.abspath(__file__))
REPLAY = os.path.join(HERE, "..", "wrk", "replay.lua")


def run_once(port, request_file, connections, seconds, timeout_s=30):
    threads = min(connections, 2)  # two cores: more threads only add context switches
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
           "--timeout", f"{timeout_s}s", "-s", REPLAY, f"http://127.0.0.1:{port}/", "--", request_file]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + timeout_s + 60)
    for line in p.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            r = json.loads(line[len("BENCH_JSON "):])
            r["rps"] = r["requests"] / (r["duration_us"] / 1e6) if r["duration_us"] else 0.0
            if r["requests"] == 0:
                # Nothing came back within the run: as much a failure as a refused request.
                r["errors"]["none_completed"] = 1
            r["error_count"] = sum(r["errors"].values())
            return r
    raise RuntimeError(f"wrk printed no result (exit {p.returncode}): {p.stdout[-500:]} {p.stderr[-500:]}")


MAX_SECONDS = 30


def measure(port, request_file, connections, seconds, reps, warmup_s, pid=None):
    """The median of `reps` runs after a warm-up; errors are summed over all measured runs
    (and the warm-up), so one failing run taints the figure. A run too short for the
    target's latency (fewer than 3 answers per connection) is redone longer, up to 30 s."""
    settle = (lambda: procstat.wait_idle(pid)) if pid else (lambda: None)
    warm = run_once(port, request_file, connections, warmup_s) if warmup_s > 0 else None
    if warm:
        warm["errors"].pop("none_completed", None)  # a warm-up may be shorter than one answer
        warm["error_count"] = sum(warm["errors"].values())
    settle()
    runs, peak = [], 0.0
    while len(runs) < reps:
        load = procstat.loadavg()
        if pid:
            with procstat.PeakRss(pid) as sampler:
                r = run_once(port, request_file, connections, seconds)
            peak = max(peak, sampler.peak)
        else:
            r = run_once(port, request_file, connections, seconds)
        settle()
        if r["requests"] < 3 * connections and seconds < MAX_SECONDS and not r["error_count"] - r["errors"].get("none_completed", 0):
            seconds = min(MAX_SECONDS, seconds * 4)
            runs = []
            continue
        r["loadavg_before"] = load
        runs.append(r)
    med = lambda key: statistics.median(r[key] for r in runs)
    medl = lambda key: statistics.median(r["latency_us"][key] for r in runs)
    errors = sum(r["error_count"] for r in runs) + (warm["error_count"] if warm else 0)
    return {
        "concurrency": connections,
        "run_seconds": seconds,
        "rps": round(med("rps"), 1),
        "p50_ms": medl("p50") / 1000, "p99_ms": medl("p99") / 1000, "p999_ms": medl("p999") / 1000,
        "mbps": round(med("bytes") / (med("duration_us") / 1e6) / 2**20, 1),
        "errors": errors,
        "error_kinds": {k: sum(r["errors"].get(k, 0) for r in runs)
                        for k in sorted({k for r in runs for k in r["errors"]})},
        "requests": sum(r["requests"] for r in runs),
        "rss_peak_mib": round(peak, 1) if pid else None,
        "loadavg": round(statistics.median(r["loadavg_before"] for r in runs), 2),
        "runs": [{"rps": round(r["rps"], 1), "p50_ms": r["latency_us"]["p50"] / 1000,
                  "p99_ms": r["latency_us"]["p99"] / 1000, "errors": r["error_count"]} for r in runs],
    }
