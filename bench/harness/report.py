"""bench/results/<stem>.md and .json: per workload and target the throughput, p50, p99,
p99.9, errors and ratio to Bunker (on disk), each figure beside the machine's load average
and the ceilings measured in the same run. A cell with any error is refused: its numbers
are left out of both files and only the error count is shown."""
import json
import os
import platform
import subprocess

from .targets import BENCH

NUMBERS = ("rps", "p50_ms", "p99_ms", "p999_ms", "mbps", "runs", "seconds", "mib_per_s", "ms_median", "ms_max",
           "server_cpu_us", "wrk_cpu_us")
CEILING = {"s3.GET 1MiB": "static 1 MiB GET", "s3.PUT 1MiB": "static 1 MiB GET"}


def _version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return None


def _npm_version(pkg):
    try:
        with open(os.path.join(BENCH, "node_modules", pkg, "package.json")) as f:
            return json.load(f)["version"]
    except OSError:
        return None


def machine_facts(bunker_bin):
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    from .targets import Moto
    py = Moto.python()
    return dict(cpu=cpu, cores=os.cpu_count(), kernel=platform.release(),
                bunker=_version([bunker_bin, "--version"]),
                commit=_version(["git", "-C", os.path.dirname(BENCH), "rev-parse", "--short", "HEAD"]),
                node=_version(["node", "--version"]),
                wrk=" ".join((_version(["wrk", "--version"]) or "wrk ?").split()[:2]),
                nginx=_version(["sh", "-c", "nginx -v 2>&1"]),
                dynalite=_npm_version("dynalite"), s3rver=_npm_version("s3rver"),
                serverless=_npm_version("serverless"), serverless_offline=_npm_version("serverless-offline"),
                moto=_version([py, "-c", "import moto; print(moto.__version__)"]) if py else None)


def _refuse(cell):
    if cell.get("status") == "errors":
        return {k: v for k, v in cell.items() if k not in NUMBERS}
    return cell


def _ratios(cells):
    base = {(c["workload"], c["concurrency"]): c["rps"] for c in cells
            if c["target"] == "bunker" and c["status"] == "ok"}
    ceil = {(c["workload"], c["concurrency"]): c["rps"] for c in cells
            if c["target"] == "nginx" and c["status"] == "ok"}
    for c in cells:
        if c["status"] != "ok":
            continue
        b = base.get((c["workload"], c["concurrency"]))
        c["vs_bunker"] = round(c["rps"] / b, 3) if b else None
        ref = ceil.get((CEILING.get(c["workload"], "static 200 B GET"), c["concurrency"]))
        c["of_ceiling"] = round(c["rps"] / ref, 3) if ref and c["target"] != "nginx" else None


def _f(x, digits=2):
    if x is None:
        return "–"
    if isinstance(x, float) and x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}" if isinstance(x, float) else str(x)


def _cell_rows(cells, labels, default_seconds):
    rows = ["| workload | conc. | target | req/s | p50 ms | p99 ms | p99.9 ms | errors | vs Bunker | of nginx "
            "| CPU µs/req server + wrk | load avg |",
            "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cells:
        who = labels.get(c["target"], c["target"])
        if c.get("run_seconds") and c["run_seconds"] != default_seconds:
            who += f" ({c['run_seconds']} s runs)"
        if c["status"] == "not available":
            rows.append(f"| {c['workload']} | {c['concurrency']} | {who} | not available: {c['reason'][:90]} ||||||||")
        elif c["status"] == "errors":
            rows.append(f"| {c['workload']} | {c['concurrency']} | {who} | **refused: {c['errors']} errors** "
                        f"{c.get('error_kinds')} |||| {c['errors']} |||| {c.get('loadavg')} |")
        else:
            vs = f"{c['vs_bunker']:.2f}×" if c.get("vs_bunker") is not None else "–"
            of = f"{c['of_ceiling'] * 100:.0f} %" if c.get("of_ceiling") is not None else "–"
            cpu = "–"
            if c.get("server_cpu_us") is not None and c.get("wrk_cpu_us") is not None:
                cpu = f"{_f(c['server_cpu_us'], 1)} + {_f(c['wrk_cpu_us'], 1)}"
            rows.append(f"| {c['workload']} | {c['concurrency']} | {who} | {_f(c['rps'])} | {c['p50_ms']:.2f} | "
                        f"{c['p99_ms']:.2f} | {c['p999_ms']:.2f} | 0 | {vs} | {of} | {cpu} | {c['loadavg']} |")
    return rows


def _cell(cells, workload, target, c):
    return next((x for x in cells if x["workload"] == workload and x["target"] == target
                 and x["concurrency"] == c and x["status"] == "ok"), None)


def _extra(extras, workload, target):
    return next((x for x in extras if x["workload"].startswith(workload) and x["target"] == target
                 and x["status"] == "ok"), None)


def goals(results):
    """The goals the service issues set, each checked against this run: (goal, measured, met)."""
    cells, extras, facts = results.cells, results.extras, results.targets
    out = []

    def ratio(goal, workload, c, target, other, factor):
        if not any(x["workload"] == workload and x["target"] == other for x in cells):
            return  # not part of this run
        a, b = _cell(cells, workload, target, c), _cell(cells, workload, other, c)
        if a and b:
            out.append((goal, f"{a['rps']:,.0f} vs {b['rps']:,.0f} req/s = {a['rps'] / b['rps']:.2f}×",
                        a["rps"] >= factor * b["rps"]))
        else:
            out.append((goal, "no figure: a side was refused (errors) or not available", None))

    b = facts.get("bunker", {})
    if b.get("health_start_ms") is not None:
        out.append(("start to first health answer ≤ 15 ms, idle RSS ≤ 12 MiB (issue 2)",
                    f"{b['health_start_ms']:.1f} ms, {b['health_idle_rss_mib']:.1f} MiB",
                    b["health_start_ms"] <= 15 and b["health_idle_rss_mib"] <= 12))
    g = _cell(cells, "dynamodb.GetItem", "bunker", 64)
    n = _cell(cells, "static 200 B GET", "nginx", 64)
    if g and n:
        out.append(("GetItem at 64 ≥ 70 % of nginx's rate, p99 ≤ 2 ms (issue 3)",
                    f"{g['rps'] / n['rps'] * 100:.0f} % of nginx, p99 {g['p99_ms']:.2f} ms",
                    g["rps"] >= 0.7 * n["rps"] and g["p99_ms"] <= 2))
    ratio("PutItem on disk ≥ 4× dynalite on disk, at 64 (issue 3)", "dynamodb.PutItem", 64, "bunker", "dynalite", 4)
    ratio("Query ≥ 10× dynalite, at 64 (issue 3)", "dynamodb.Query(10 items)", 64, "bunker", "dynalite", 10)
    ratio("S3 GET 1 KiB ≥ 10× s3rver, at 64 (issue 4)", "s3.GET 1KiB", 64, "bunker", "s3rver", 10)
    ratio("S3 PUT 1 KiB ≥ 10× s3rver, at 64 (issue 4)", "s3.PUT 1KiB", 64, "bunker", "s3rver", 10)
    sg, ng = _cell(cells, "s3.GET 1MiB", "bunker", 64), _cell(cells, "static 1 MiB GET", "nginx", 64)
    if sg and ng:
        out.append(("S3 GET 1 MiB ≥ 80 % of nginx's 1 MiB file, at 64 (issue 4)",
                    f"{sg['rps']:,.0f} vs {ng['rps']:,.0f} req/s = {sg['rps'] / ng['rps'] * 100:.0f} %",
                    sg["rps"] >= 0.8 * ng["rps"]))
    ratio("S3 PUT 1 MiB ≥ 5× s3rver, at 64 (issue 4)", "s3.PUT 1MiB", 64, "bunker", "s3rver", 5)
    lw = [x for x in cells if x["workload"].startswith("s3.ListObjectsV2")]
    if lw:
        ratio("ListObjectsV2 ≥ 50× s3rver, at 64 (issue 4)", lw[0]["workload"], 64, "bunker", "s3rver", 50)
    w1 = _cell(cells, "lambda.invoke warm node", "bunker", 1)
    if w1:
        out.append(("warm invoke p50 ≤ 1 ms at concurrency 1 (issue 5; whole round trip, not overhead alone)",
                    f"p50 {w1['p50_ms']:.2f} ms", w1["p50_ms"] <= 1))
    ratio("warm Node invoke throughput at 64 ≥ serverless-offline in-process (issue 5)",
          "lambda.invoke warm node", 64, "bunker", "serverless-offline", 1)
    cs = _extra(extras, "lambda.cold start node", "bunker")
    if cs:
        out.append(("Node cold start ≤ 150 ms (issue 5)", f"median {cs['ms_median']:.1f} ms", cs["ms_median"] <= 150))
    for api in ("apigateway.REST proxy GET", "apigateway.HTTP API GET"):
        a = _cell(cells, api, "bunker", 16)
        if a:
            out.append((f"{api[11:]}: p50 ≤ 2 ms at 16 (issue 6)", f"p50 {a['p50_ms']:.2f} ms", a["p50_ms"] <= 2))
        ratio(f"{api[11:]}: more req/s than serverless-offline in-process, at 16 (issue 6)", api, 16, "bunker",
              "serverless-offline", 1)
    return out


def summary(results, concurrency):
    """One row per workload, one column per target: req/s at the given concurrency."""
    names = [t for t in results.targets if any(c["target"] == t for c in results.cells)]
    order = {}
    for c in results.cells:
        order.setdefault(c["workload"], len(order))
    rows = [f"| workload (concurrency {concurrency}) | " + " | ".join(results.targets[t]["label"] for t in names) + " |",
            "|---|" + "---:|" * len(names)]
    for w in order:
        line = []
        for t in names:
            c = next((x for x in results.cells if x["workload"] == w and x["target"] == t
                      and x["concurrency"] == concurrency), None)
            if c is None:
                line.append("")
            elif c["status"] == "ok":
                line.append(f"{c['rps']:,.0f}" + (f" ({c['vs_bunker']:.2f}×)" if c.get("vs_bunker") not in (None, 1.0) else ""))
            elif c["status"] == "errors":
                line.append("refused (errors)")
            else:
                line.append("n/a")
        rows.append(f"| {w} | " + " | ".join(line) + " |")
    return rows


def markdown(meta, results):
    labels = {k: v.get("label", k) for k, v in results.targets.items()}
    out = [f"# Bunker benchmarks — {meta['date']}{' (quick smoke run)' if meta['quick'] else ''}", ""]
    out += [f"Machine: {meta['cpu']}, {meta['cores']} cores, Linux {meta['kernel']}. {meta.get('bunker')} "
            f"(commit {meta.get('commit')}); node {meta.get('node')}, dynalite {meta.get('dynalite')}, "
            f"s3rver {meta.get('s3rver')}, serverless {meta.get('serverless')} + serverless-offline "
            f"{meta.get('serverless_offline')}, moto {meta.get('moto')}, {meta.get('wrk')}, {meta.get('nginx')}.", "",
            f"Load: wrk with keep-alive connections (threads = min(connections, 2)), prepared SigV4-signed requests "
            f"replayed round-robin; concurrency {', '.join(map(str, meta['concurrency']))}; {meta['warmup']} s warm-up "
            f"thrown away, then the median of {meta['reps']} runs of {meta['seconds']} s. Data: "
            f"{meta['items']:,} DynamoDB items, {meta['list_keys']:,} S3 keys listed. Every server shares the "
            f"machine's cores with wrk, and other work may run beside it: the load average (1 min) before each "
            f"figure is beside it (start {meta['loadavg_start']}, end {meta['loadavg_end']}). Wall time "
            f"{meta['wall_s']:.0f} s.", "",
            "A row with any error (non-2xx answer, timeout, broken connection) is refused: its numbers are not "
            "reported. 'vs Bunker' is the target's throughput divided by Bunker's (on disk) for the same row; "
            "'of nginx' divides by nginx serving a static file (200 B; 1 MiB for the 1 MiB rows) at the same "
            "concurrency in this run.", ""]
    top = max(meta["concurrency"])
    out += ["## Summary", "", f"Requests per second at concurrency {top} (× = ratio to Bunker on disk); "
            "every figure with its latencies and load average is in the sections below.", ""]
    out += summary(results, top) + [""]
    g = goals(results)
    if g:
        out += ["| goal (from the service issues) | measured | met |", "|---|---|---|"]
        out += [f"| {goal} | {m} | {'–' if ok is None else ('yes' if ok else '**no**')} |" for goal, m, ok in g]
        out.append("")
    out += ["## Start-up and memory", "",
            "| target | start → first answer ms | idle RSS MiB | peak RSS under load MiB (per family) | on disk after DynamoDB MiB | on disk after S3 MiB | load avg |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, f in results.targets.items():
        peaks = {}
        for c in results.cells:
            if c["target"] == name and c["status"] == "ok" and c.get("rss_peak_mib"):
                peaks[c["service"]] = max(peaks.get(c["service"], 0), c["rss_peak_mib"])
        peak = " / ".join(f"{s} {v:,.0f}" for s, v in peaks.items())
        na = f.get("not_available", {}).get("all")
        if na:
            out.append(f"| {f['label']} | not available: {na} ||||||")
            continue
        out.append(f"| {f['label']} | {_f(f.get('start_ms'), 1)} | {_f(f.get('idle_rss_mib'), 1)} | "
                   f"{peak or '–'} | {_f(f.get('disk_mib_after_dynamodb'))} | "
                   f"{_f(f.get('disk_mib_after_s3'))} | {f.get('start_loadavg', '–')} |")
    for name, f in results.targets.items():
        if f.get("health_start_ms") is not None:
            out.append(f"\n{f['label']}: start → first `/_bunker/health` answer {f['health_start_ms']:.1f} ms, "
                       f"idle RSS {f['health_idle_rss_mib']:.1f} MiB (bench/startup.py's measure, its own starts).")
    out += ["", "Start: process start to the first successful request of the target's own kind (DynamoDB "
            "ListTables; S3 ListBuckets for s3rver; GET of a route for serverless-offline; GET of a file for "
            "nginx), median of several starts on an empty data directory. RSS counts the process and its "
            "children (Lambda workers included). Disk: the data directory after the loads and workloads.", ""]
    sections = [("Ceilings (physical limits of this machine)", "reference"), ("DynamoDB", "dynamodb"), ("S3", "s3"),
                ("Lambda", "lambda"), ("API Gateway", "apigateway")]
    for title, service in sections:
        cells = [c for c in results.cells if c["service"] == service]
        extras = [e for e in results.extras if e["service"] == service]
        if not cells and not extras:
            continue
        out += [f"## {title}", ""]
        if cells:
            order = {}
            for c in cells:
                order.setdefault(c["workload"], len(order))
            cells = sorted(cells, key=lambda c: (order[c["workload"]], c["concurrency"]))
            out += _cell_rows(cells, labels, meta["seconds"]) + [""]
        for e in extras:
            who = labels.get(e["target"], e["target"])
            if e["status"] == "not available":
                out.append(f"- {e['workload']}, {who}: not available ({e.get('reason')})")
            elif e["status"] == "errors":
                out.append(f"- {e['workload']}, {who}: **refused: {e.get('errors')} errors** ({e.get('reason', '')[:120]})")
            elif "random_put_per_s" in e:
                p, g = e["random_put_per_s"], e["random_get_per_s"]
                out.append(f"- RocksDB {e['keys']:,} keys × {e['value_bytes']} B, WAL on, no fsync: random Put "
                           f"{p['1']:,.0f}/s (1 thread), {p['2']:,.0f}/s (2); random Get {g['1']:,.0f}/s (1), "
                           f"{g['2']:,.0f}/s (2) — load {e['loadavg']}")
            elif "mib_per_s" in e:
                out.append(f"- {e['workload']}, {who}: {e['seconds']:.2f} s = {e['mib_per_s']:,.0f} MiB/s "
                           f"({e['parts']} parts of {e['part_mib']} MiB over {e['connections']} connections, median "
                           f"of {len(e['runs'])}: {e['runs']}) — load {e['loadavg']}")
            elif "ms_median" in e:
                out.append(f"- {e['workload']}, {who}: median {e['ms_median']:.1f} ms, max {e['ms_max']:.1f} ms "
                           f"(first invoke of {len(e['runs'])} new functions: {e['runs']}) — load {e['loadavg']}")
        if extras:
            out.append("")
    return "\n".join(out) + "\n"


def load(json_path):
    """Results from a written .json (to render its .md again)."""
    from .common import Results
    with open(json_path) as f:
        d = json.load(f)
    return d["meta"], Results(cells=d["cells"], targets=d["targets"], extras=d["extras"])


def write(out_dir, stem, meta, results):
    _ratios(results.cells)
    os.makedirs(out_dir, exist_ok=True)
    md_path, js_path = os.path.join(out_dir, stem + ".md"), os.path.join(out_dir, stem + ".json")
    with open(md_path, "w") as f:
        f.write(markdown(meta, results))
    with open(js_path, "w") as f:
        json.dump({"meta": meta, "targets": results.targets,
                   "cells": [_refuse(c) for c in results.cells],
                   "extras": [_refuse(e) for e in results.extras]}, f, indent=1)
    return md_path, js_path
