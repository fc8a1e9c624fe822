"""Invoking functions through boto3: every runtime family (Node.js async and 2016-style
context.succeed, ES modules, Python, a provided shell-script bootstrap using curl), SDK
calls from inside functions reaching Bunker, AWS's error payloads (handler errors,
timeouts, crashes, out of memory, oversized responses, init errors), qualifiers and
alias weights, Event invocations with retries, throttling, warm reuse, logs."""
import base64
import json
import pathlib
import re
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import make_client
from lambda_support import ROLE, create_function, wait_for, zip_entries, zip_folder

BUNKER_ARGS = ["--lambda-async-retry-delay", "0.2s"]


@pytest.fixture(scope="module")
def lam(bunker):
    return make_client(bunker, "lambda", read_timeout=70)


def filtered(logs, group, pattern):
    """Events matching `pattern`, or [] while the group does not exist yet."""
    try:
        return logs.filter_log_events(logGroupName=group, filterPattern=pattern)["events"]
    except ClientError:
        return []


def invoke(lam, name, payload=None, **kwargs):
    r = lam.invoke(FunctionName=name, Payload=json.dumps(payload if payload is not None else {}).encode(), **kwargs)
    body = r["Payload"].read()
    return r, (json.loads(body) if body else None)


@pytest.fixture(scope="module")
def node_fn(lam):
    create_function(lam, "node-echo", "node_app", "index.echo", Environment={"Variables": {"CUSTOM_VAR": "v"}})
    return "node-echo"


def test_node_async_handler_context_and_environment(lam, node_fn, bunker):
    r, body = invoke(lam, node_fn, {"hello": "world"},
                     ClientContext=base64.b64encode(json.dumps({"custom": {"k": "v"}}).encode()).decode())
    assert r["StatusCode"] == 200 and r["ExecutedVersion"] == "$LATEST" and "FunctionError" not in r
    assert body["event"] == {"hello": "world"}
    assert body["requestId"] == r["ResponseMetadata"]["RequestId"]
    assert body["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:node-echo"
    assert body["version"] == "$LATEST" and body["memory"] == "128"
    assert 0 < body["remaining"] <= 3000
    assert body["clientContext"] == {"custom": {"k": "v"}}
    env = body["env"]
    assert env["name"] == "node-echo" and env["region"] == "us-east-1" and env["custom"] == "v"
    assert env["group"] == "/aws/lambda/node-echo" and env["handler"] == "index.echo"
    assert env["endpoint"] == bunker.endpoint
    # X-Ray's form; each invocation its own.
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0;Lineage=1:[0-9a-f]{8}:0",
                        env["traceId"]), env["traceId"]
    assert abs(int(env["traceId"][7:15], 16) - time.time()) < 600
    _, again = invoke(lam, node_fn, {})
    assert again["env"]["traceId"] != env["traceId"]


def test_warm_worker_is_reused(lam, node_fn):
    first = invoke(lam, node_fn)[1]
    second = invoke(lam, node_fn)[1]
    assert second["pid"] == first["pid"]
    assert second["invocations"] == first["invocations"] + 1


def test_concurrent_invocations_scale_out_then_reuse_warm_workers(lam):
    create_function(lam, "node-sleep", "node_app", "index.sleep")
    with ThreadPoolExecutor(4) as pool:
        first = list(pool.map(lambda _: invoke(lam, "node-sleep", {"ms": 300})[1]["pid"], range(4)))
    assert len(set(first)) == 4  # four at once: four workers
    with ThreadPoolExecutor(4) as pool:
        second = list(pool.map(lambda _: invoke(lam, "node-sleep", {"ms": 300})[1]["pid"], range(4)))
    assert set(second) == set(first)  # the same warm workers served again


def test_2016_style_context_succeed_and_fail(lam):
    create_function(lam, "node-2016", "node_2016", "index.handler", Runtime="nodejs18.x")
    assert invoke(lam, "node-2016", {"name": "zombie"})[1] == {"message": "Hello zombie", "counter": 1}
    r, body = invoke(lam, "node-2016", {"fail": True})
    assert r["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Error" and body["errorMessage"] == "failed the old way"
    assert body["trace"][0] == "Error: failed the old way"
    r, body = invoke(lam, "node-2016", {"failString": True})
    assert body == {"errorType": "string", "errorMessage": "plain failure", "trace": []}


def test_node_handler_error_matches_aws(lam, node_fn):
    create_function(lam, "node-fail", "node_app", "index.fail")
    r, body = invoke(lam, "node-fail", {"error_msg": "some_error_msg"})
    assert r["StatusCode"] == 200 and r["FunctionError"] == "Unhandled"
    assert list(body) == ["errorType", "errorMessage", "trace"]
    assert body["errorType"] == "Error" and body["errorMessage"] == "Error: some_error_msg"
    assert isinstance(body["trace"], list) and body["trace"][0] == "Error: Error: some_error_msg"


def test_es_module_handler_imports_the_sdk(lam):
    create_function(lam, "node-esm", "node_esm", "app.handler", Runtime="nodejs22.x")
    assert invoke(lam, "node-esm", {"x": 1})[1] == {"esm": True, "sdk": "function", "event": {"x": 1}}


def test_python_handler_and_error(lam):
    create_function(lam, "py-echo", "python_app", "app.echo", Runtime="python3.12",
                    Environment={"Variables": {"CUSTOM_VAR": "p"}})
    r, body = invoke(lam, "py-echo", {"a": 1}, LogType="Tail")
    assert body["event"] == {"a": 1} and body["custom"] == "p" and body["memory"] == "128"
    assert body["request_id"] == r["ResponseMetadata"]["RequestId"]
    log = base64.b64decode(r["LogResult"]).decode()
    assert f"START RequestId: {body['request_id']} Version: $LATEST" in log
    assert "event {'a': 1}" in log and "[INFO]" in log and "info line" in log
    assert f"END RequestId: {body['request_id']}" in log
    assert f"REPORT RequestId: {body['request_id']}\tDuration: " in log and "Init Duration: " in log

    create_function(lam, "py-fail", "python_app", "app.fail", Runtime="python3.12")
    r, body = invoke(lam, "py-fail")
    assert r["FunctionError"] == "Unhandled"
    assert list(body) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert (body["errorMessage"], body["errorType"]) == ("Handler fails", "Exception")
    assert body["requestId"] == r["ResponseMetadata"]["RequestId"]
    assert re.search(r'app\.py", line \d+, in fail\n    raise Exception\("Handler fails"\)\n$', body["stackTrace"][0])


def test_provided_runtime_with_the_tutorial_shell_bootstrap(lam):
    create_function(lam, "sh-fn", "provided_curl", "function.handler", Runtime="provided.al2023")
    r = lam.invoke(FunctionName="sh-fn", Payload=b'{"text":"Hello"}')
    assert r["StatusCode"] == 200 and "FunctionError" not in r
    assert r["Payload"].read() == b"Echoing request: '{\"text\":\"Hello\"}'"
    r = lam.invoke(FunctionName="sh-fn", Payload=b'{"again":1}')
    assert r["Payload"].read() == b"Echoing request: '{\"again\":1}'"


def test_function_writes_to_dynamodb_through_the_sdk(lam, client):
    ddb = client("dynamodb")
    ddb.create_table(TableName="lambda-items", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    create_function(lam, "node-ddb", "node_app", "index.putItem")
    create_function(lam, "node-ddb-v2", "node_app", "index.putItemV2", Runtime="nodejs20.x")
    create_function(lam, "py-ddb", "python_app", "app.put_item", Runtime="python3.12")
    for name, item in [("node-ddb", "from-v3"), ("node-ddb-v2", "from-v2"), ("py-ddb", "from-boto3")]:
        r, body = invoke(lam, name, {"table": "lambda-items", "id": item})
        assert "FunctionError" not in r, body
        assert body == {"written": item}
    vias = {i["id"]["S"]: i["via"]["S"] for i in ddb.scan(TableName="lambda-items")["Items"]}
    assert vias == {"from-v3": "sdk-v3", "from-v2": "sdk-v2", "from-boto3": "boto3"}


def test_timeout(lam):
    create_function(lam, "node-timeout", "node_app", "index.sleep", Timeout=1)
    r, body = invoke(lam, "node-timeout", {"ms": 5000})
    request_id = r["ResponseMetadata"]["RequestId"]
    assert r["FunctionError"] == "Unhandled"
    assert body == {"errorType": "Sandbox.Timedout",
                    "errorMessage": f"RequestId: {request_id} Error: Task timed out after 1.00 seconds"}
    # The next invocation gets a fresh worker and works.
    assert invoke(lam, "node-timeout", {"ms": 10})[1]["slept"] == 10


def test_crash_is_reported_and_the_worker_replaced(lam):
    create_function(lam, "node-crash", "node_app", "index.crash")
    r, body = invoke(lam, "node-crash")
    request_id = r["ResponseMetadata"]["RequestId"]
    assert body == {"errorType": "Runtime.ExitError",
                    "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status 3"}
    lam.update_function_configuration(FunctionName="node-crash", Handler="index.echo")
    assert invoke(lam, "node-crash", {"ok": 1})[1]["event"] == {"ok": 1}


def test_out_of_memory(lam):
    create_function(lam, "node-oom", "node_app", "index.oom", MemorySize=128, Timeout=30)
    r, body = invoke(lam, "node-oom")
    request_id = r["ResponseMetadata"]["RequestId"]
    assert r["FunctionError"] == "Unhandled"
    assert body == {"errorType": "Runtime.OutOfMemory",
                    "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: signal: killed"}


def test_response_too_large(lam):
    create_function(lam, "node-big", "node_app", "index.big")
    r, body = invoke(lam, "node-big")
    assert r["FunctionError"] == "Unhandled"
    assert body == {"errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
                    "errorType": "Function.ResponseSizeTooLarge"}


def test_init_errors(lam):
    lam.create_function(FunctionName="node-missing-handler", Runtime="nodejs20.x", Role=ROLE, Handler="index.nope",
                        Code={"ZipFile": zip_folder("node_app")})
    r, body = invoke(lam, "node-missing-handler")
    assert r["FunctionError"] == "Unhandled"
    assert (body["errorType"], body["errorMessage"]) == ("Runtime.HandlerNotFound", "index.nope is undefined or not exported")
    lam.create_function(FunctionName="node-missing-module", Runtime="nodejs20.x", Role=ROLE, Handler="nothere.handler",
                        Code={"ZipFile": zip_folder("node_app")})
    body = invoke(lam, "node-missing-module")[1]
    assert body["errorType"] == "Runtime.ImportModuleError"
    assert body["errorMessage"].startswith("Error: Cannot find module 'nothere'")
    lam.create_function(FunctionName="py-syntax", Runtime="python3.12", Role=ROLE, Handler="bad.handler",
                        Code={"ZipFile": zip_entries({"bad.py": "def handler(event, context)\n    return 1\n"})})
    body = invoke(lam, "py-syntax")[1]
    assert body["errorType"] == "Runtime.UserCodeSyntaxError"
    assert body["errorMessage"].startswith("Syntax error in module 'bad': ")
    lam.create_function(FunctionName="py-import", Runtime="python3.12", Role=ROLE, Handler="gone.handler",
                        Code={"ZipFile": zip_folder("python_app")})
    assert invoke(lam, "py-import")[1] == {
        "errorMessage": "Unable to import module 'gone': No module named 'gone'",
        "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}


def test_invoke_errors(lam, node_fn):
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="does-not-exist", Payload=b"{}")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert e.value.response["Error"]["Message"] == \
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:does-not-exist"
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName=node_fn, Payload=b"not json")
    assert e.value.response["Error"]["Code"] == "InvalidRequestContentException"
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName=node_fn, Payload=b'"' + b"x" * (6 * 1024 * 1024 + 100) + b'"')
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert e.value.response["Error"]["Code"] == "RequestTooLargeException"
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName=node_fn, Qualifier="77", Payload=b"{}")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert lam.invoke(FunctionName=node_fn, InvocationType="DryRun")["StatusCode"] == 204


def test_qualifiers_and_alias_weights(lam):
    create_function(lam, "node-versions", "node_app", "index.echo")
    lam.publish_version(FunctionName="node-versions")
    lam.update_function_configuration(FunctionName="node-versions", Environment={"Variables": {"CUSTOM_VAR": "two"}})
    lam.publish_version(FunctionName="node-versions")
    assert "custom" not in invoke(lam, "node-versions", Qualifier="1")[1]["env"]
    r, body = invoke(lam, "node-versions", Qualifier="2")
    assert body["env"]["custom"] == "two" and r["ExecutedVersion"] == "2"
    assert body["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:node-versions:2"
    r, _ = invoke(lam, "arn:aws:lambda:us-east-1:000000000000:function:node-versions:1")
    assert r["ExecutedVersion"] == "1"
    lam.create_alias(FunctionName="node-versions", Name="live", FunctionVersion="1",
                     RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
    executed = [lam.invoke(FunctionName="node-versions:live", Payload=b"{}")["ExecutedVersion"] for _ in range(40)]
    assert set(executed) == {"1", "2"}
    lam.update_alias(FunctionName="node-versions", Name="live", FunctionVersion="2", RoutingConfig={})
    assert {lam.invoke(FunctionName="node-versions", Qualifier="live", Payload=b"{}")["ExecutedVersion"]
            for _ in range(5)} == {"2"}


def test_reserved_concurrency_throttles(lam):
    create_function(lam, "node-throttled", "node_app", "index.sleep")
    lam.put_function_concurrency(FunctionName="node-throttled", ReservedConcurrentExecutions=0)
    with pytest.raises(ClientError) as e:
        invoke(lam, "node-throttled", {"ms": 1})
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert e.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert e.value.response["Error"]["Message"] == "Rate Exceeded."

    # One invocation holds the only slot until the test releases it: no timing involved.
    create_function(lam, "node-gated", "node_app", "index.gate", Timeout=60)
    lam.put_function_concurrency(FunctionName="node-gated", ReservedConcurrentExecutions=1)
    folder = pathlib.Path(tempfile.mkdtemp(prefix="bunker-gate-"))
    folder.chmod(0o777)  # workers may run as nobody
    gate = {"started": str(folder / "started"), "release": str(folder / "release")}
    results = {}

    def held():
        results["held"] = invoke(lam, "node-gated", gate)[1]

    t = threading.Thread(target=held)
    t.start()
    try:
        wait_for(lambda: (folder / "started").exists(), timeout=60, interval=0.02)
        with pytest.raises(ClientError) as e:
            invoke(lam, "node-gated", gate)
        assert e.value.response["Error"]["Code"] == "TooManyRequestsException"
    finally:
        (folder / "release").write_text("go")
        t.join()
    assert results["held"]["released"] is True
    # The slot is free again.
    assert invoke(lam, "node-gated", gate)[1]["released"] is True
    shutil.rmtree(folder, ignore_errors=True)


def test_layers_are_on_the_search_path(lam):
    node_layer = lam.publish_layer_version(LayerName="greet", Content={"ZipFile": zip_folder("layer_greeting")})
    create_function(lam, "node-layer", "node_app", "index.greet", Layers=[node_layer["LayerVersionArn"]])
    assert invoke(lam, "node-layer")[1] == "hello from the layer"
    py_layer = lam.publish_layer_version(LayerName="pylayer", Content={"ZipFile": zip_folder("layer_py")})
    create_function(lam, "py-layer", "python_app", "app.layer", Runtime="python3.12",
                    Layers=[py_layer["LayerVersionArn"]])
    assert invoke(lam, "py-layer")[1] == "python layer value"


def test_event_invocation_is_retried_twice_and_logged(lam, client):
    create_function(lam, "node-async-fail", "node_app", "index.fail")
    r = lam.invoke(FunctionName="node-async-fail", InvocationType="Event", Payload=b'{"error_msg":"async"}')
    assert r["StatusCode"] == 202
    request_id = r["ResponseMetadata"]["RequestId"]
    logs = client("logs")

    def starts():
        events = filtered(logs, "/aws/lambda/node-async-fail", f'"START RequestId: {request_id}"')
        return len(events) if len(events) >= 3 else None

    assert wait_for(starts) == 3
    time.sleep(1)
    assert starts() == 3  # one try and two retries, no more


def test_event_invocation_succeeds(lam, client):
    create_function(lam, "node-async-ok", "node_app", "index.echo")
    r = lam.invoke(FunctionName="node-async-ok", InvocationType="Event", Payload=b'{"queued": true}')
    assert r["StatusCode"] == 202
    logs = client("logs")
    found = wait_for(lambda: filtered(logs, "/aws/lambda/node-async-ok", '"queued"'))
    assert 'event {"queued":true}' in found[0]["message"]


def test_legacy_invoke_async(lam, client):
    create_function(lam, "node-invoke-async", "node_app", "index.echo")
    r = lam.invoke_async(FunctionName="node-invoke-async", InvokeArgs=b'{"legacy": "invoke-async"}')
    assert r["Status"] == 202
    logs = client("logs")
    assert wait_for(lambda: filtered(logs, "/aws/lambda/node-invoke-async", "invoke-async"))


def test_logs_api(lam, client, aws):
    create_function(lam, "node-logs", "node_app", "index.echo")
    r, _ = invoke(lam, "node-logs", {"marker": "find-me"})
    request_id = r["ResponseMetadata"]["RequestId"]
    logs = client("logs")
    groups = logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/node-logs")["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["/aws/lambda/node-logs"]
    streams = logs.describe_log_streams(logGroupName="/aws/lambda/node-logs")["logStreams"]
    assert len(streams) == 1 and "[$LATEST]" in streams[0]["logStreamName"]
    events = logs.get_log_events(logGroupName="/aws/lambda/node-logs", logStreamName=streams[0]["logStreamName"],
                                 startFromHead=True)["events"]
    messages = [e["message"] for e in events]
    assert streams[0]["firstEventTimestamp"] == events[0]["timestamp"]
    assert streams[0]["lastEventTimestamp"] == events[-1]["timestamp"]
    assert streams[0]["lastIngestionTime"] == events[-1]["ingestionTime"]
    assert messages[0].startswith("INIT_START Runtime Version: ")
    assert messages[1] == f"START RequestId: {request_id} Version: $LATEST\n"
    assert any("\tINFO\tevent {\"marker\":\"find-me\"}" in m for m in messages)
    assert messages[-2] == f"END RequestId: {request_id}\n"
    assert messages[-1].startswith(f"REPORT RequestId: {request_id}\tDuration: ")
    filtered = logs.filter_log_events(logGroupName="/aws/lambda/node-logs", filterPattern="find-me")["events"]
    assert len(filtered) == 1 and filtered[0]["logStreamName"] == streams[0]["logStreamName"]
    with pytest.raises(ClientError) as e:
        logs.describe_log_streams(logGroupName="/aws/lambda/none")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    tail = aws.run("logs", "tail", "/aws/lambda/node-logs", "--since", "1h")
    assert f"START RequestId: {request_id}" in tail.stdout and "find-me" in tail.stdout


def test_event_invocations_survive_a_restart(bunker, lam, client):
    create_function(lam, "node-durable", "node_app", "index.sleep", Timeout=10)
    r = lam.invoke(FunctionName="node-durable", InvocationType="Event", Payload=b'{"ms": 3000}')
    request_id = r["ResponseMetadata"]["RequestId"]
    bunker.restart(kill=True)  # kill -9 while it runs: it was acknowledged, so it runs again
    logs = make_client(bunker, "logs")
    found = wait_for(lambda: filtered(logs, "/aws/lambda/node-durable", f'"END RequestId: {request_id}"'),
                     timeout=30)
    assert found
