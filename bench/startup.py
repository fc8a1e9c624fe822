#!/usr/bin/env python3
"""Start-up cost of a server: time from process start to the first successful health
response, and resident memory once idle. Runs each target several times on a fresh,
empty data directory and reports the median.

    bench/startup.py [--runs N] [--json FILE] [command template…]

Without a template it measures Bunker (on disk and --in-memory). A template is a
command with {port} and {dir} placeholders and the health path after '::', e.g.
    'dynalite --port {port} --path {dir}::/'"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BIN = os.environ.get("BUNKER_BIN", os.path.join(ROOT, "build", "src", "bunker"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_ok(port, path, deadline):
    req = f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()
    while time.perf_counter() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(req)
                head = s.recv(64)
                if head.startswith(b"HTTP/1.1 2") or head.startswith(b"HTTP/1.0 2"):
                    return True
        except OSError:
            pass
        time.sleep(0.0005)
    return False


def rss_kib(pid):
    total = 0
    # The server and its children (workers count too).
    pids = [pid]
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(p) for p in out]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def measure(template, path, runs, idle_seconds=1.0):
    starts, rss = [], []
    for _ in range(runs):
        d = tempfile.mkdtemp(prefix="bench-startup-")
        port = free_port()
        cmd = template.format(port=port, dir=d)
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        ok = first_ok(port, path, t0 + 30)
        t1 = time.perf_counter()
        if ok:
            starts.append((t1 - t0) * 1000)
            time.sleep(idle_seconds)
            rss.append(rss_kib(p.pid) / 1024)
        os.killpg(p.pid, 15)
        p.wait()
        shutil.rmtree(d, ignore_errors=True)
        if not ok:
            raise SystemExit(f"no healthy answer from: {cmd}")
    return {"start_ms_median": round(statistics.median(starts), 2), "start_ms_min": round(min(starts), 2),
            "idle_rss_mib_median": round(statistics.median(rss), 2), "runs": runs}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--json")
    ap.add_argument("targets", nargs="*")
    a = ap.parse_args()
    targets = a.targets or [
        f"{BIN} --port {{port}} --data-dir {{dir}} --log-level warn::/_bunker/health",
        f"{BIN} --port {{port}} --in-memory --log-level warn::/_bunker/health",
    ]
    results = {}
    for t in targets:
        template, _, path = t.partition("::")
        results[template] = measure(template, path or "/", a.runs)
        r = results[template]
        print(f"{r['start_ms_median']:8.2f} ms to first answer (min {r['start_ms_min']:.2f})  "
              f"{r['idle_rss_mib_median']:6.2f} MiB idle  {template}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
