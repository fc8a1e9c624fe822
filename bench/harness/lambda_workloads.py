"""Lambda workloads: warm RequestResponse invokes of a Node and a Python hello function
(bench/functions), and cold start (the first invoke of a function just created and
Active). Bunker gets the functions through CreateFunction; serverless-offline serves the
same files from bench/serverless/serverless.yml."""
import io
import os
import statistics
import time
import zipfile

from .common import NotAvailable, SetupFailed, describe, measure_cell, refusal
from .requests import Request, send, sign
from .targets import BENCH, ServerlessOffline

RUNTIMES = {"node": ("nodejs20.x", "hello.js"), "python": ("python3.11", "hello.py")}
ROLE = "arn:aws:iam::000000000000:role/bench"


def zip_of(filename):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(os.path.join(BENCH, "functions", filename), filename)
    return buf.getvalue()


def lambda_json(target, method, path, body=b"", port=None):
    host = f"127.0.0.1:{port or target.port}"
    headers = {"Content-Type": "application/json"} if body else {}
    return sign(Request(method, path, headers, body), "lambda", host, target.creds)


def invoke_request(target, function, port=None):
    return lambda_json(target, "POST", f"/2015-03-31/functions/{function}/invocations", b'{"bench":true}', port)


def invoked(r):
    if r.status != 200:
        return describe(r)
    if "x-amz-function-error" in r.headers:
        return f"function error: {describe(r)}"
    if b"hello" not in r.body:
        return f"unexpected answer: {describe(r)}"
    return None


def create_function(target, name, kind):
    import base64
    import json
    runtime, filename = RUNTIMES[kind]
    body = json.dumps({"FunctionName": name, "Runtime": runtime, "Role": ROLE, "Handler": "hello.handler",
                       "Code": {"ZipFile": base64.b64encode(zip_of(filename)).decode()},
                       "MemorySize": 128, "Timeout": 30}).encode()
    r = send(target.port, lambda_json(target, "POST", "/2015-03-31/functions", body))
    if r.status not in (200, 201):
        raise refusal(f"CreateFunction {runtime}", r)
    for _ in range(3000):  # Pending → Active
        g = send(target.port, lambda_json(target, "GET", f"/2015-03-31/functions/{name}/configuration"))
        state = json.loads(g.body).get("State") if g.status == 200 else None
        if state in (None, "Active"):
            return
        if state == "Failed":
            raise SetupFailed(f"function {name} failed to become Active: {g.body[:200]!r}")
        time.sleep(0.01)


def setup(settings, target):
    """Bunker: creates bench-node and bench-python. Raises NotAvailable without Lambda."""
    if isinstance(target, ServerlessOffline):
        return {k: (target.function_name(k), target.lambda_port) for k in RUNTIMES}
    out = {}
    for kind in RUNTIMES:
        try:
            create_function(target, f"bench-{kind}", kind)
            out[kind] = (f"bench-{kind}", target.port)
        except (NotAvailable, SetupFailed) as e:
            out[kind] = e
    return out


def run(settings, results, target, functions):
    for kind, fn in functions.items():
        name = f"lambda.invoke warm {kind}"
        if not settings.wants(name):
            continue
        if isinstance(fn, Exception):
            err = fn

            def fail(err=err):
                raise err
            measure_cell(settings, results, target, "lambda", name, fail, invoked)
            continue
        function, port = fn
        measure_cell(settings, results, target, "lambda", name,
                     lambda: [invoke_request(target, function, port) for _ in range(64)], invoked, port=port)
    if settings.wants("lambda.cold start"):
        cold_start(settings, results, target)


def cold_start(settings, results, target):
    """The first invoke of a new function: Bunker starts its worker process; serverless-
    offline (in-process) loads the handler module into its own process."""
    for kind in ("node", "python"):
        name = f"lambda.cold start {kind}"
        times, reason = [], ""
        try:
            for i in range(settings.cold_starts):
                if isinstance(target, ServerlessOffline):
                    if i >= 5:
                        raise NotAvailable("bench/serverless defines 5 cold-start functions per runtime")
                    fn = target.function_name(f"cold{i}" if kind == "node" else f"coldpy{i}")
                    port = target.lambda_port
                else:
                    fn, port = f"bench-cold-{kind}-{i}", target.port
                    create_function(target, fn, kind)
                req = invoke_request(target, fn, port)
                t0 = time.perf_counter()
                r = send(port, req)
                elapsed = (time.perf_counter() - t0) * 1000
                why = invoked(r)
                if why:
                    raise SetupFailed(f"cold invoke failed: {why}")
                times.append(elapsed)
            status = "ok"
        except NotAvailable as e:
            status, reason = "not available", str(e)
        except SetupFailed as e:
            status, reason = "errors", str(e)
        from .procstat import loadavg
        results.extras.append(dict(service="lambda", workload=name, target=target.name, status=status,
                                   reason=reason, ms_median=round(statistics.median(times), 2) if times else None,
                                   ms_max=round(max(times), 2) if times else None, runs=[round(t, 2) for t in times],
                                   loadavg=loadavg()))
        settings.log(f"  {name:28s} {target.name:20s} " +
                     (f"median {statistics.median(times):.1f} ms (of {len(times)})" if status == "ok" else reason))
