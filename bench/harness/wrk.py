"""Drives wrk (a separate process, keep-alive connections, fixed concurrency) over a file of
prepared requests: a warm-up run that is thrown away, then several measured runs whose
median is reported."""
import json
import os
import resource
import statistics
import subprocess

from . import procstat

HERE = os.path.dirname(os.path.abspath(__file__))
REPLAY = os.path.join(HERE, "..", "wrk", "replay.lua")


def _children_cpu_seconds():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def run_once(port, request_file, connections, seconds, timeout_s=30, pid=None):
    """One wrk run. With the server's pid, also the CPU time per request of the server's
    process tree and of wrk itself: on a machine where both share the cores, that says
    what the rate could be, and who spends it."""
    threads = min(connections, 2)  # two cores: more threads only add context switches
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
           "--timeout", f"{timeout_s}s", "-s", REPLAY, f"http://127.0.0.1:{port}/", "--", request_file]
    server_before = procstat.cpu_seconds(pid) if pid else None
    wrk_before = _children_cpu_seconds()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + timeout_s + 60)
    wrk_cpu = _children_cpu_seconds() - wrk_before
    server_cpu = procstat.cpu_seconds(pid) - server_before if pid else None
    for line in p.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            r = json.loads(line[len("BENCH_JSON "):])
            if r["requests"]:
                r["wrk_cpu_us"] = wrk_cpu * 1e6 / r["requests"]
                if server_cpu is not None:
                    r["server_cpu_us"] = server_cpu * 1e6 / r["requests"]
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
                r = run_once(port, request_file, connections, seconds, pid=pid)
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
    medo = lambda key: round(statistics.median(r[key] for r in runs), 1) if all(key in r for r in runs) else None
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
        "server_cpu_us": medo("server_cpu_us"),  # per request, the server's process tree
        "wrk_cpu_us": medo("wrk_cpu_us"),        # per request, the load generator
        "loadavg": round(statistics.median(r["loadavg_before"] for r in runs), 2),
        "runs": [{"rps": round(r["rps"], 1), "p50_ms": r["latency_us"]["p50"] / 1000,
                  "p99_ms": r["latency_us"]["p99"] / 1000, "errors": r["error_count"]} for r in runs],
    }
