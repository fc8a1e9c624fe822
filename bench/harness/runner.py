"""bench/run's orchestration: which targets run which workload families, in what order,
with fresh processes and data directories per family; then the report."""
import argparse
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time

from . import apigateway_workloads, dynamodb_workloads, lambda_workloads, references, report, s3_workloads
from .common import NotAvailable, Results, Settings, SetupFailed
from .procstat import loadavg
from .targets import BENCH, Bunker, Dynalite, Moto, Nginx, S3rver, ServerlessOffline

ALL_TARGETS = ["bunker", "bunker-mem", "dynalite", "dynalite-mem", "s3rver", "moto", "serverless-offline",
               "nginx", "rocksdb"]


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="bench/run", description="Bunker against its peers, side by side.")
    ap.add_argument("--quick", action="store_true", help="smoke mode: about a second per workload, small data")
    ap.add_argument("--only", default="", help=f"comma-separated targets ({', '.join(ALL_TARGETS)})")
    ap.add_argument("--workloads", default="", help="comma-separated substrings of workload names to run")
    ap.add_argument("--seconds", type=int, default=2, help="length of one measured run")
    ap.add_argument("--reps", type=int, default=3, help="measured runs per cell (the median is reported)")
    ap.add_argument("--warmup", type=int, default=1, help="seconds of thrown-away load before each cell")
    ap.add_argument("--concurrency", default="1,16,64")
    ap.add_argument("--out", default=os.path.join(BENCH, "results"), help="where <date>.md and .json go")
    ap.add_argument("--name", default="", help="file name stem (default: today's date)")
    ap.add_argument("--bunker-bin", default=os.environ.get("BUNKER_BIN") or os.path.join(os.path.dirname(BENCH), "build", "src", "bunker"))
    ap.add_argument("--render", metavar="FILE.json", help="only write FILE.md again from FILE.json")
    ap.add_argument("--rocksdb-rate", default=os.path.join(BENCH, "build", "rocksdb_rate"))
    return ap.parse_args(argv)


def make_settings(a, workdir):
    s = Settings(workdir=workdir, seconds=a.seconds, reps=a.reps, warmup=a.warmup,
                 concurrency=tuple(int(c) for c in a.concurrency.split(",")),
                 only_workloads=tuple(w for w in a.workloads.split(",") if w))
    if a.quick:
        s.quick, s.seconds, s.reps, s.warmup = True, 1, 1, 0
        if a.concurrency == "1,16,64":
            s.concurrency = (16,)
        s.items, s.list_keys, s.multipart_mib, s.multipart_part_mib = 1000, 1000, 32, 8
        s.cold_starts, s.startup_runs = 1, 1
    if s.quick:
        from . import targets
        targets.Target.idle_wait = 0.2
    t0 = time.monotonic()
    s.log = lambda msg: print(f"[{time.monotonic() - t0:5.0f}s] {msg}", flush=True)
    return s


def build_targets(a, workdir):
    every = {
        "bunker": lambda: Bunker(workdir, a.bunker_bin),
        "bunker-mem": lambda: Bunker(workdir, a.bunker_bin, in_memory=True),
        "dynalite": lambda: Dynalite(workdir, on_disk=True),
        "dynalite-mem": lambda: Dynalite(workdir, on_disk=False),
        "s3rver": lambda: S3rver(workdir),
        "moto": lambda: Moto(workdir),
        "serverless-offline": lambda: ServerlessOffline(workdir),
        "nginx": lambda: Nginx(workdir),
    }
    wanted = [t for t in a.only.split(",") if t] or ALL_TARGETS
    unknown = set(wanted) - set(ALL_TARGETS)
    if unknown:
        sys.exit(f"bench/run: unknown target(s) {', '.join(sorted(unknown))}; known: {', '.join(ALL_TARGETS)}")
    return [every[n]() for n in wanted if n in every], "rocksdb" in wanted


def with_target(settings, results, target, family, body):
    """Starts the target fresh, runs body(target), records RSS and disk, stops it."""
    facts = results.target(target)
    try:
        target.start()
    except RuntimeError as e:
        settings.log(f"  {target.name}: could not start: {e}")
        facts.setdefault("errors", []).append(f"{family}: could not start: {e}")
        return
    try:
        body(target)
        if target.on_disk:
            facts[f"disk_mib_after_{family}"] = target.disk_mib()
    except NotAvailable as e:
        settings.log(f"  {family} on {target.name}: not available: {e}")
        facts.setdefault("not_available", {})[family] = str(e)
        results.extras.append(dict(service=family, workload=f"{family} (all workloads)", target=target.name,
                                   status="not available", reason=str(e)))
    except SetupFailed as e:
        settings.log(f"  {family} on {target.name}: SET-UP FAILED: {e}")
        results.extras.append(dict(service=family, workload=f"{family} set-up", target=target.name,
                                   status="errors", errors=1, reason=str(e)))
    finally:
        target.stop()
        target.cleanup()


def startup(settings, results, targets):
    for t in targets:
        starts, rss = [], []
        runs = settings.startup_runs if t.name != "serverless-offline" else min(settings.startup_runs, 3)
        for _ in range(runs):
            try:
                t.start()
            except RuntimeError as e:
                results.target(t)["start_error"] = str(e)
                break
            starts.append(t.start_ms)
            rss.append(t.idle_rss_mib)
            t.stop()
            t.cleanup()
        if isinstance(t, Bunker) and starts:
            # Issue 2's figure: start to the first /_bunker/health answer (bench/startup.py).
            sys.path.insert(0, BENCH)
            import startup as health_startup
            store = "--in-memory" if t.in_memory else "--data-dir {dir}"
            h = health_startup.measure(f"{t.binary} --port {{port}} {store} --log-level warn", "/_bunker/health",
                                       runs, idle_seconds=t.idle_wait)
            results.target(t).update(health_start_ms=h["start_ms_median"], health_idle_rss_mib=h["idle_rss_mib_median"])
        if starts:
            f = results.target(t)
            f.update(start_ms=round(statistics.median(starts), 1), start_runs=[round(x, 1) for x in starts],
                     idle_rss_mib=round(statistics.median(rss), 1), start_loadavg=loadavg())
            settings.log(f"  {t.name:20s} start {f['start_ms']:8.1f} ms  idle {f['idle_rss_mib']:6.1f} MiB  "
                         f"(median of {len(starts)}, load {f['start_loadavg']})")


def main(argv=None):
    a = parse_args(argv if argv is not None else sys.argv[1:])
    if a.render:
        meta, results = report.load(a.render)
        stem = os.path.splitext(os.path.basename(a.render))[0]
        print("wrote", report.write(os.path.dirname(os.path.abspath(a.render)), stem, meta, results)[0])
        return 0
    workdir = tempfile.mkdtemp(prefix="bunker-bench-")
    settings = make_settings(a, workdir)
    targets, want_rocksdb = build_targets(a, workdir)
    results = Results()
    started = datetime.datetime.now()
    t_start = time.time()
    load_start = loadavg()
    runnable = []
    for t in targets:
        why = t.available()
        if why:
            settings.log(f"{t.name}: not available here: {why}")
            results.target(t)["not_available"] = {"all": why}
        else:
            runnable.append(t)
    try:
        settings.log("== start-up time and idle memory")
        startup(settings, results, runnable)

        def family(name, service, go, names=None):
            chosen = [t for t in runnable if service in t.services and (names is None or t.name in names)]
            if not chosen:
                return
            settings.log(f"== {name}")
            for t in chosen:
                with_target(settings, results, t, service, go)

        if settings.wants_family("dynamodb"):
            def dynamodb(t):
                dynamodb_workloads.setup(settings, t)
                dynamodb_workloads.run(settings, results, t)
            family("DynamoDB", "dynamodb", dynamodb)
        if settings.wants_family("s3"):
            family("S3", "s3", lambda t: s3_workloads.run(settings, results, t, s3_workloads.setup(settings, t)))

        def functions(t):
            if settings.wants_family("lambda"):
                lambda_workloads.run(settings, results, t, lambda_workloads.setup(settings, t))
            if settings.wants_family("apigateway"):
                apigateway_workloads.run(settings, results, t, apigateway_workloads.setup(settings, t))
        # Lambda is the longer warm-up: 64 connections may each need a worker process.
        saved = settings.warmup
        settings.warmup = max(saved, 0 if settings.quick else 3)
        if settings.wants_family("lambda") or settings.wants_family("apigateway"):
            # Functions do not touch the storage engine: Bunker on disk only.
            family("Lambda and API Gateway", "lambda", functions, names=("bunker", "serverless-offline"))
        settings.warmup = saved

        refs = [t for t in runnable if "static" in t.services]
        if refs and settings.wants_family("static"):
            settings.log("== ceilings: nginx")
            with_target(settings, results, refs[0], "static", lambda t: references.nginx(settings, results, t))
        if want_rocksdb and settings.wants_family("RocksDB"):
            settings.log("== ceilings: RocksDB")
            references.rocksdb(settings, results, a.rocksdb_rate)
    finally:
        for t in targets:
            t.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    meta = dict(date=started.isoformat(timespec="seconds"), quick=settings.quick, seconds=settings.seconds,
                reps=settings.reps, warmup=settings.warmup, concurrency=list(settings.concurrency),
                items=settings.items, list_keys=settings.list_keys, loadavg_start=load_start,
                loadavg_end=loadavg(), wall_s=round(time.time() - t_start, 1), bunker_bin=a.bunker_bin,
                **report.machine_facts(a.bunker_bin))
    stem = a.name or started.strftime("%Y-%m-%d") + ("-quick" if settings.quick else "")
    md, js = report.write(a.out, stem, meta, results)
    settings.log(f"wrote {md} and {js}")
    bad = [c for c in results.cells + results.extras if c["status"] == "errors" and c["target"].startswith("bunker")]
    if bad:
        settings.log(f"Bunker had errors in {len(bad)} cell(s): {', '.join(sorted({c['workload'] for c in bad}))}")
        return 1
    return 0
