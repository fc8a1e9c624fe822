"""The physical limits of this machine, measured in the same run: the same load generator
against nginx serving a static 200-byte and 1 MiB file, and RocksDB's own random Put/Get
rate (bench/rocksdb_rate.cpp, built by bench/run)."""
import json
import os
import shutil
import subprocess
import tempfile

from .common import measure_cell
from .procstat import loadavg
from .requests import Request


def nginx(settings, results, target):
    size = {"/200b": 200, "/1m": 1 << 20}
    for name, path in (("static 200 B GET", "/200b"), ("static 1 MiB GET", "/1m")):
        def check(r, n=size[path]):
            return None if r.status == 200 and len(r.body) == n else f"HTTP {r.status}, {len(r.body)} bytes"
        measure_cell(settings, results, target, "reference", name,
                     lambda p=path: [Request("GET", p, {"Host": target.host})], check)


def rocksdb(settings, results, tool):
    if not tool or not os.path.exists(tool):
        results.extras.append(dict(service="reference", workload="RocksDB random Put/Get", target="rocksdb",
                                   status="not available", reason="bench/rocksdb_rate was not built"))
        return
    d = tempfile.mkdtemp(prefix="bench-rocksdb-", dir=settings.workdir)
    try:
        load = loadavg()
        out = subprocess.run([tool, d, str(settings.items), "256", str(max(1, int(settings.seconds)))],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        results.extras.append(dict(service="reference", workload="RocksDB random Put/Get", target="rocksdb",
                                   status="ok", loadavg=load, **r))
        settings.log(f"  RocksDB on this machine: put {r['random_put_per_s']} /s, get {r['random_get_per_s']} /s "
                     f"(threads → ops/s), load {load}")
    finally:
        shutil.rmtree(d, ignore_errors=True)
