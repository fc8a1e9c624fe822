"""runtimes/node/bootstrap against a scripted Runtime API: AWS's Node.js programming
model, error payloads and log format."""
import json
import os
import re
import shutil
import time

from conftest import DATA, REPO

CJS = "node/cjs"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t([^\t]+)\t(INFO|WARN|ERROR)\t(.*)$")


def test_async_handler_gets_every_context_field(worker):
    w = worker("node", CJS, "index.echo")
    identity = json.dumps({"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"})
    client_context = json.dumps({"custom": {"k": "v"}, "env": {"platform": "x"}})
    request_id, result = w.invoke({"a": 1}, client_context=client_context, identity=identity, timeout_s=3)
    assert result.kind == "response"
    body = result.json()
    assert body["event"] == {"a": 1}
    ctx = body["ctx"]
    assert ctx["functionName"] == "fn"
    assert ctx["functionVersion"] == "$LATEST"
    assert ctx["invokedFunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:fn"
    assert ctx["memoryLimitInMB"] == "128"
    assert ctx["awsRequestId"] == request_id
    assert ctx["logGroupName"] == "/aws/lambda/fn"
    assert ctx["logStreamName"].startswith("2026/01/01/[$LATEST]")
    assert ctx["identity"] == {"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}
    assert ctx["clientContext"] == {"custom": {"k": "v"}, "env": {"platform": "x"}}
    assert 0 < ctx["remaining"] <= 3000
    assert ctx["waits"] is True
    assert body["traceId"].startswith("Root=1-")


def test_warm_worker_keeps_globals_between_invokes(worker):
    w = worker("node", CJS, "index.echo")
    counters = [w.invoke({})[1].json()["counter"] for _ in range(3)]
    assert counters == [1, 2, 3]


def test_context_succeed_fail_done(worker):
    cases = {
        "succeed": ("response", {"ok": 7}),
        "succeedString": ("response", "text"),
        "succeedNothing": ("response", None),
        "doneResult": ("response", "done ok"),
        "failString": ("error", {"errorType": "string", "errorMessage": "some string", "trace": []}),
        "failNothing": ("error", {"errorType": "string", "errorMessage": "handled", "trace": []}),
        "firstWins": ("response", "first"),
    }
    for export, (kind, expected) in cases.items():
        w = worker("node", CJS, "index." + export)
        _, result = w.invoke({"value": 7})
        assert result.kind == kind, export
        assert result.json() == expected, export
        if kind == "error":
            assert result.headers["lambda-runtime-function-error-type"] == "string"


def test_done_with_error_reports_native_error(worker):
    w = worker("node", CJS, "index.doneError")
    _, result = w.invoke({})
    body = result.json()
    assert result.kind == "error"
    assert body["errorType"] == "TypeError"
    assert body["errorMessage"] == "done failed"
    assert body["trace"][0] == "TypeError: done failed"
    assert result.headers["lambda-runtime-function-error-type"] == "TypeError"


def test_callback_waits_for_empty_event_loop_by_default(worker):
    w = worker("node", CJS, "index.callbackWaits")
    _, result = w.invoke({})
    assert result.json() == {"before": "not yet"}


def test_callback_without_waiting_answers_at_once(worker):
    w = worker("node", CJS, "index.callbackNoWait")
    started = time.time()
    _, result = w.invoke({})
    assert result.json() == "no wait"
    assert time.time() - started < 30  # the 60 s timer did not hold the answer


def test_callback_error_and_sync_throw(worker):
    _, result = worker("node", CJS, "index.callbackError").invoke({})
    assert (result.json()["errorType"], result.json()["errorMessage"]) == ("RangeError", "cb failed")
    _, result = worker("node", CJS, "index.throwSync").invoke({})
    assert (result.json()["errorType"], result.json()["errorMessage"]) == ("Error", "sync boom")


def test_handler_that_never_answers_returns_null(worker):
    _, result = worker("node", CJS, "index.syncNoAnswer").invoke({})
    assert result.kind == "response"
    assert result.body == b"null"


def test_async_throw_matches_recorded_aws_payload(worker):
    # Recorded on AWS (nodejs20.x): {"errorType":"Error","errorMessage":"Error: some_error_msg","trace":[...]}
    w = worker("node", CJS, "index.throwAsync")
    _, result = w.invoke({"error_msg": "some_error_msg"})
    body = result.json()
    assert list(body) == ["errorType", "errorMessage", "trace"]
    assert body["errorType"] == "Error"
    assert body["errorMessage"] == "Error: some_error_msg"
    assert body["trace"][0] == "Error: Error: some_error_msg"
    assert any("index.js" in line for line in body["trace"])
    log = w.output()
    assert "\tERROR\tInvoke Error \t{" in log


def test_rejected_promise_with_non_error(worker):
    _, result = worker("node", CJS, "index.rejectString").invoke({})
    assert result.json() == {"errorType": "string", "errorMessage": "plain rejection", "trace": []}


def test_uncaught_exception_reports_and_exits(worker):
    w = worker("node", CJS, "index.uncaught")
    _, result = w.invoke({})
    assert result.json()["errorType"] == "Error"
    assert result.json()["errorMessage"] == "uncaught boom"
    assert w.process.wait(timeout=10) == 129
    assert "\tERROR\tUncaught Exception \t" in w.output()


def test_unhandled_rejection_reports_and_exits(worker):
    w = worker("node", CJS, "index.unhandledRejection")
    _, result = w.invoke({})
    body = result.json()
    assert body["errorType"] == "Runtime.UnhandledPromiseRejection"
    assert body["errorMessage"] == "Error: rejected boom"
    assert w.process.wait(timeout=10) == 128


def test_unserializable_result_is_an_error(worker):
    _, result = worker("node", CJS, "index.circular").invoke({})
    assert result.kind == "error"
    assert result.json()["errorType"] == "TypeError"
    assert "circular" in result.json()["errorMessage"]


def test_console_uses_lambda_log_format(worker):
    w = worker("node", CJS, "index.logs")
    request_id, result = w.invoke({})
    assert result.json() == "logged"
    lines = [LOG_LINE.match(line) for line in w.output().split("\n") if LOG_LINE.match(line)]
    assert [(m.group(1), m.group(2), m.group(3)) for m in lines] == [
        (request_id, "INFO", "hello { a: 1 }"),
        (request_id, "ERROR", "line one\rline two"),
        (request_id, "WARN", "warned"),
    ]


def test_nested_handler_path_and_subdirectories(worker):
    _, result = worker("node", CJS, "index.nested.deeper.handler").invoke({})
    assert result.json() == "nested ok"
    _, result = worker("node", "node/sub", "dir/handler.main").invoke({})
    assert result.json() == "from subdirectory"


def test_module_formats(worker):
    w = worker("node", "node/esm_type_module", "app.handler")
    _, first = w.invoke({})
    _, second = w.invoke({})
    assert first.json()["esm"] is True and first.json()["sdk"] == "function"
    assert second.json()["calls"] == 2
    _, result = worker("node", "node/mixed", "index.handler").invoke({})
    assert result.json() == "from mjs"
    _, result = worker("node", "node/mixed", "other.handler").invoke({})
    assert result.json() == "from cjs"


def init_error(w):
    error = w.api.wait_init_error()
    assert w.process.wait(timeout=10) != 0
    return error


def test_init_errors(worker):
    error = init_error(worker("node", CJS, "index.doesNotExist"))
    assert error.json()["errorType"] == "Runtime.HandlerNotFound"
    assert error.json()["errorMessage"] == "index.doesNotExist is undefined or not exported"
    assert error.headers["lambda-runtime-function-error-type"] == "Runtime.HandlerNotFound"

    error = init_error(worker("node", CJS, "index.notAFunction"))
    assert error.json()["errorType"] == "Runtime.HandlerNotFound"

    error = init_error(worker("node", CJS, "nomodule.handler"))
    assert error.json()["errorType"] == "Runtime.ImportModuleError"
    assert error.json()["errorMessage"].startswith("Error: Cannot find module 'nomodule'")

    error = init_error(worker("node", "node/broken", "missing_dep.handler"))
    assert error.json()["errorType"] == "Runtime.ImportModuleError"
    assert "Cannot find module 'bunker-module-that-does-not-exist'" in error.json()["errorMessage"]

    error = init_error(worker("node", "node/broken", "syntax.handler"))
    assert error.json()["errorType"] == "Runtime.UserCodeSyntaxError"
    assert error.json()["errorMessage"].startswith("SyntaxError: ")

    error = init_error(worker("node", "node/broken", "throws_at_load.handler"))
    assert (error.json()["errorType"], error.json()["errorMessage"]) == ("Error", "init failed")

    error = init_error(worker("node", CJS, "nodot"))
    assert error.json()["errorType"] == "Runtime.MalformedHandlerName"

    w = worker("node", CJS, "index.doesNotExist")
    init_error(w)
    assert "\tundefined\tERROR\tUncaught Exception \t" in w.output()


def test_sdk_v2_reaches_bunker_without_configuration(worker):
    body = worker("node", CJS, "index.sdkV2").invoke({})[1].json()
    assert body["endpoint"] == "http://127.0.0.1:4566/"
    assert body["dynamodb"] == "http://127.0.0.1:4566/"
    assert body["pathStyle"] is True
    assert body["accessKeyId"] == "test"


def test_sdk_v2_bundled_in_the_zip_is_configured_too(worker, tmp_path):
    task = tmp_path / "task"
    shutil.copytree(os.path.join(DATA, CJS), task)
    # A separate copy of the SDK inside the function's own node_modules (hard links: fast).
    os.makedirs(task / "node_modules")
    os.system("cp -al '%s' '%s'" % (os.path.join(REPO, "runtimes", "node", "node_modules", "aws-sdk"),
                                    task / "node_modules" / "aws-sdk"))
    body = worker("node", str(task), "index.sdkV2").invoke({})[1].json()
    assert body["sdkPath"].startswith(str(task))
    assert body["endpoint"] == "http://127.0.0.1:4566/"
    assert body["pathStyle"] is True


def test_sdk_v3_uses_the_endpoint_path_style(worker):
    body = worker("node", CJS, "index.sdkV3").invoke({})[1].json()
    assert body == {"hostname": "127.0.0.1", "port": 4566, "protocol": "http:", "path": "/bucket/key"}


def test_runtime_api_address_with_a_path_prefix(worker):
    w = worker("node", CJS, "index.succeed",
               {"AWS_LAMBDA_RUNTIME_API": "{address}/2018-06-01/runtime/w-token"})
    _, result = w.invoke({"value": 1})
    assert result.json() == {"ok": 1}
    assert w.api.seen_paths[-1].startswith("/2018-06-01/runtime/w-token/2018-06-01/runtime/invocation/")
