"""API Gateway workloads: GET through a REST API with an AWS_PROXY integration and through
an HTTP API (payload 2.0), both to the warm Node hello function. Bunker's APIs are created
through the control plane; serverless-offline serves the routes of bench/serverless."""
import json

from .common import NotAvailable, SetupFailed, describe, measure_cell, refusal
from .lambda_workloads import create_function
from .requests import Request, send, sign
from .targets import ServerlessOffline

ACCOUNT, REGION = "000000000000", "us-east-1"


def _call(target, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else b""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    r = send(target.port, sign(Request(method, path, headers, data), "apigateway", target.host, target.creds))
    if r.status not in (200, 201, 202):
        raise refusal(f"{method} {path.split('?')[0]}", r)
    return json.loads(r.body) if r.body else {}


def _lambda_call(target, method, path, body):
    r = send(target.port, sign(Request(method, path, {"Content-Type": "application/json"}, json.dumps(body).encode()),
                               "lambda", target.host, target.creds))
    return r


def _answered(r):
    if r.status != 200:
        return describe(r)
    if b"hello" not in r.body:
        return f"unexpected answer: {describe(r)}"
    return None


def _first_route(target, candidates):
    """Bunker answers APIs at <api-id>.execute-api.localhost; older builds may only offer
    the /restapis/<id>/<stage>/_user_request_ path. The first form that works is used."""
    last = None
    for path, host in candidates:
        r = send(target.port, Request("GET", path, {"Host": host}))
        if not _answered(r):
            return path, host
        last = r
    raise refusal("proxy GET", last)


def setup(settings, target):
    """Returns {workload: (path, host) | NotAvailable | SetupFailed}."""
    if isinstance(target, ServerlessOffline):
        return {"apigateway.REST proxy GET": ("/dev/hello", target.host),
                "apigateway.HTTP API GET": ("/hello", target.host)}
    out = {}
    fn = "bench-api-node"
    try:
        create_function(target, fn, "node")
    except (NotAvailable, SetupFailed) as e:
        return {k: type(e)(f"needs Lambda: {e}") for k in ("apigateway.REST proxy GET", "apigateway.HTTP API GET")}
    fn_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{fn}"
    uri = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn}/invocations"
    # AWS requires the permission; an emulator that ignores it is fine either way.
    _lambda_call(target, "POST", f"/2015-03-31/functions/{fn}/policy",
                 {"StatementId": "apigw", "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com"})
    port = target.port
    try:
        api = _call(target, "POST", "/restapis", {"name": "bench"})
        rid = api["id"]
        root = next(i["id"] for i in _call(target, "GET", f"/restapis/{rid}/resources")["item"] if i["path"] == "/")
        res = _call(target, "POST", f"/restapis/{rid}/resources/{root}", {"pathPart": "hello"})
        _call(target, "PUT", f"/restapis/{rid}/resources/{res['id']}/methods/GET", {"authorizationType": "NONE"})
        _call(target, "PUT", f"/restapis/{rid}/resources/{res['id']}/methods/GET/integration",
              {"type": "AWS_PROXY", "integrationHttpMethod": "POST", "uri": uri})
        _call(target, "POST", f"/restapis/{rid}/deployments", {"stageName": "dev"})
        out["apigateway.REST proxy GET"] = _first_route(target, [
            ("/dev/hello", f"{rid}.execute-api.localhost:{port}"),
            (f"/restapis/{rid}/dev/_user_request_/hello", f"127.0.0.1:{port}")])
    except (NotAvailable, SetupFailed) as e:
        out["apigateway.REST proxy GET"] = e
    try:
        api = _call(target, "POST", "/v2/apis", {"name": "bench-http", "protocolType": "HTTP"})
        aid = api["apiId"]
        integ = _call(target, "POST", f"/v2/apis/{aid}/integrations",
                      {"integrationType": "AWS_PROXY", "integrationUri": fn_arn, "payloadFormatVersion": "2.0"})
        _call(target, "POST", f"/v2/apis/{aid}/routes",
              {"routeKey": "GET /hello", "target": f"integrations/{integ['integrationId']}"})
        _call(target, "POST", f"/v2/apis/{aid}/stages", {"stageName": "$default", "autoDeploy": True})
        out["apigateway.HTTP API GET"] = _first_route(target, [
            ("/hello", f"{aid}.execute-api.localhost:{port}"),
            (f"/restapis/{aid}/$default/_user_request_/hello", f"127.0.0.1:{port}")])
    except (NotAvailable, SetupFailed) as e:
        out["apigateway.HTTP API GET"] = e
    return out


def run(settings, results, target, routes):
    for name, route in routes.items():
        if not settings.wants(name):
            continue
        if isinstance(route, Exception):
            def fail(err=route):
                raise err
            measure_cell(settings, results, target, "apigateway", name, fail, _answered)
            continue
        path, host = route
        measure_cell(settings, results, target, "apigateway", name,
                     lambda: [Request("GET", path, {"Host": host}) for _ in range(64)], _answered)
