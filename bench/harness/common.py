"""What every workload family shares: the run settings, the 'not available' signal, and
the measured cell (probe one request, then the load generator at each concurrency)."""
import json
import os
from dataclasses import dataclass, field

from . import wrk
from .requests import send, write_request_file


class NotAvailable(Exception):
    """The target does not offer this (its service is not implemented yet, or it cannot run
    it here): reported as 'not available', never as numbers."""


@dataclass
class Settings:
    quick: bool = False
    seconds: float = 2
    reps: int = 3
    warmup: float = 1
    concurrency: tuple = (1, 16, 64)
    items: int = 10_000            # DynamoDB items loaded
    list_keys: int = 10_000        # S3 keys under the listed prefix
    multipart_mib: int = 1024
    multipart_part_mib: int = 16
    cold_starts: int = 5
    startup_runs: int = 5
    workdir: str = "/tmp"
    log: object = print
    only_workloads: tuple = ()

    def wants(self, workload):
        """--workloads filters: substrings of full workload names ('dynamodb.GetItem', 's3.GET 1MiB')."""
        return not self.only_workloads or any(w in workload for w in self.only_workloads)

    def wants_family(self, prefix):
        """Whether any workload of a family ('dynamodb', 's3', 'lambda', 'static', …) is wanted."""
        return not self.only_workloads or any(w.startswith(prefix) or w in prefix for w in self.only_workloads)


@dataclass
class Results:
    cells: list = field(default_factory=list)      # one per workload × target × concurrency
    targets: dict = field(default_factory=dict)    # name -> facts (start, RSS, disk)
    extras: list = field(default_factory=list)     # non-wrk measurements (multipart, cold start, rocksdb)

    def add(self, **cell):
        self.cells.append(cell)

    def target(self, t):
        return self.targets.setdefault(t.name, {"label": t.label})


def describe(resp):
    return f"HTTP {resp.status}: {resp.body[:200].decode(errors='replace')}"


def aws_error_code(resp):
    """The error code of an AWS error answer (JSON __type / XML <Code>), or ''."""
    body = resp.body.decode(errors="replace")
    try:
        t = json.loads(body).get("__type") or json.loads(body).get("code") or ""
        return t.split("#")[-1]
    except (ValueError, AttributeError):
        pass
    if "<Code>" in body:
        return body.split("<Code>", 1)[1].split("</Code>", 1)[0]
    return resp.headers.get("x-amzn-errortype", "").split(":")[0]


class SetupFailed(Exception):
    """The service answers but preparing the workload failed: reported as errors."""


NOT_IMPLEMENTED = {"UnknownOperationException", "NotImplemented", "UnknownOperation", "InvalidAction"}


def not_implemented(resp):
    """Whether an answer says the operation does not exist (yet) on this target."""
    if resp.status == 501:
        return True
    if resp.status >= 400 and aws_error_code(resp) in NOT_IMPLEMENTED:
        return True
    return resp.status == 404 and b"Unknown operation" in resp.body


def refusal(what, resp):
    """The exception for a failed set-up request: NotAvailable when the target does not
    implement the operation, SetupFailed when it does and still failed."""
    cls = NotAvailable if not_implemented(resp) else SetupFailed
    return cls(f"{what}: {aws_error_code(resp) or ''} {describe(resp)}")


def measure_cell(settings, results, target, service, workload, make_requests, validate, port=None, pid=None):
    """Probes one request (it must succeed and look right), writes the prepared requests
    for the load generator and measures each concurrency level. make_requests() is called
    again for every level so signatures stay fresh."""
    port = port or target.port
    base = dict(service=service, workload=workload, target=target.name)
    try:
        reqs = make_requests()
        r = send(port, reqs[0])
        why = validate(r)
        if why and not_implemented(r):
            raise NotAvailable(f"probe: {why}")
        if why:
            # The service answers but gets this request wrong: a failure, not an absence.
            settings.log(f"  {workload:28s} {target.name:20s} PROBE FAILED: {why}")
            for c in settings.concurrency:
                results.add(**base, concurrency=c, status="errors", errors=1, error_kinds={"probe": 1},
                            sample_error=f"probe: {why}")
            return
    except NotAvailable as e:
        settings.log(f"  {workload:28s} {target.name:20s} not available: {e}")
        for c in settings.concurrency:
            results.add(**base, concurrency=c, status="not available", reason=str(e))
        return
    except SetupFailed as e:
        settings.log(f"  {workload:28s} {target.name:20s} SET-UP FAILED: {e}")
        for c in settings.concurrency:
            results.add(**base, concurrency=c, status="errors", errors=1, error_kinds={"setup": 1},
                        sample_error=str(e))
        return
    path = os.path.join(settings.workdir, f"{target.name}-{workload}.req")
    for c in settings.concurrency:
        if c != settings.concurrency[0]:
            reqs = make_requests()
        write_request_file(path, reqs)
        m = wrk.measure(port, path, c, settings.seconds, settings.reps, settings.warmup,
                        pid=pid or (target.proc.pid if target.proc else None))
        status = "ok" if m["errors"] == 0 else "errors"
        if status == "ok":
            # wrk sees only statuses: one more request after the load must still look right.
            again = send(port, reqs[-1])
            why = validate(again)
            if why:
                status, m["errors"], m["sample_error"] = "errors", 1, f"after the load: {why}"
                m["error_kinds"]["wrong_answer_after_load"] = 1
        if status == "errors" and "sample_error" not in m:
            # What a failing request looks like, for whoever reads the report.
            try:
                again = send(port, reqs[0])
                m["sample_error"] = validate(again) or "(a single request succeeds afterwards)"
            except OSError as e:
                m["sample_error"] = f"{type(e).__name__}: {e}"
        results.add(**base, status=status, **m)
        flag = "" if status == "ok" else f"  ERRORS {m['errors']} {m['error_kinds']} — not reported"
        settings.log(f"  {workload:28s} {target.name:20s} c={c:<3d} {m['rps']:10.1f} req/s  p50 {m['p50_ms']:.3f}"
                     f"  p99 {m['p99_ms']:.3f}  p99.9 {m['p999_ms']:.3f} ms  load {m['loadavg']}{flag}")
    os.unlink(path)
