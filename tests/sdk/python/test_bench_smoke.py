"""bench/run --quick against Bunker alone: keeps the benchmark scripts from rotting. It
checks that the run completes and writes its report with zero errors; it asserts nothing
about speed."""
import json
import os
import subprocess
import sys

from bunker_process import BIN, ROOT


def test_quick_benchmark_writes_its_report_without_errors(tmp_path):
    env = dict(os.environ, BUNKER_BIN=BIN, PYTHON=sys.executable)
    p = subprocess.run([os.path.join(ROOT, "bench", "run"), "--quick", "--only", "bunker",
                        "--out", str(tmp_path), "--name", "smoke"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    md = (tmp_path / "smoke.md").read_text()
    report = json.loads((tmp_path / "smoke.json").read_text())

    cells = report["cells"] + report["extras"]
    assert cells, "the run measured nothing"
    assert {c["target"] for c in cells} == {"bunker"}
    failed = [c for c in cells if c["status"] == "errors"]
    assert not failed, failed
    # Every cell is a measurement or an explicit 'not available' (a service not built yet).
    assert {c["status"] for c in cells} <= {"ok", "not available"}
    # DynamoDB is implemented: its five workloads carry real numbers.
    ddb = {c["workload"]: c for c in report["cells"] if c["service"] == "dynamodb"}
    assert set(ddb) == {"dynamodb.GetItem", "dynamodb.Query(10 items)", "dynamodb.PutItem",
                        "dynamodb.UpdateItem(condition)", "dynamodb.BatchWriteItem(25)"}
    for c in ddb.values():
        assert c["status"] == "ok" and c["rps"] > 0 and c["requests"] > 0 and c["errors"] == 0, c
        assert 0 < c["p50_ms"] <= c["p99_ms"] <= c["p999_ms"], c
    facts = report["targets"]["bunker"]
    assert facts["start_ms"] > 0 and facts["idle_rss_mib"] > 0 and facts["disk_mib_after_dynamodb"] > 0
    for c in report["cells"]:
        if c["status"] == "ok":
            assert f"| {c['workload']} | {c['concurrency']} |" in md
        else:
            assert "not available" in md
