"""runtimes/python/bootstrap against a scripted Runtime API: AWS's Python programming
model, error payloads and log format."""
import json
import re

BASIC = "python/basic"
BROKEN = "python/broken"


def test_handler_gets_context(worker):
    w = worker("python", BASIC, "handler.echo")
    request_id, result = w.invoke({"a": 1}, client_context=json.dumps({"custom": {"k": "v"}}),
                                   identity=json.dumps({"cognitoIdentityId": "id-1"}))
    body = result.json()
    assert body["event"] == {"a": 1}
    ctx = body["ctx"]
    assert ctx["function_name"] == "fn"
    assert ctx["function_version"] == "$LATEST"
    assert ctx["invoked_function_arn"] == "arn:aws:lambda:us-east-1:000000000000:function:fn"
    assert ctx["memory_limit_in_mb"] == "128"
    assert ctx["aws_request_id"] == request_id
    assert ctx["log_group_name"] == "/aws/lambda/fn"
    assert 0 < ctx["remaining"] <= 3000
    assert ctx["identity_id"] == "id-1"
    assert ctx["client_custom"] == {"k": "v"}
    assert body["trace"].startswith("Root=1-")
    assert w.invoke({})[1].json()["counter"] == 2


def test_exception_matches_recorded_aws_payload(worker):
    # Recorded on AWS: {"errorMessage": "Handler fails", "errorType": "Exception",
    #   "requestId": "<uuid>", "stackTrace": ["  File \"/var/task/...py\", line 2, in handler\n    raise ..."]}
    w = worker("python", BASIC, "handler.fail")
    request_id, result = w.invoke({})
    body = result.json()
    assert list(body) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert body["errorMessage"] == "Handler fails"
    assert body["errorType"] == "Exception"
    assert body["requestId"] == request_id
    assert len(body["stackTrace"]) == 1
    assert re.match(r'  File ".*handler\.py", line \d+, in fail\n    raise Exception\("Handler fails"\)\n',
                    body["stackTrace"][0])
    assert result.headers["lambda-runtime-function-error-type"] == "Exception"
    assert '[ERROR] Exception: Handler fails\rTraceback (most recent call last):\r  File "' in w.output()


def test_marshal_errors_and_decimals(worker):
    body = worker("python", BASIC, "handler.unserializable").invoke({})[1].json()
    assert body["errorType"] == "Runtime.MarshalError"
    assert body["errorMessage"] == "Unable to marshal response: Object of type set is not JSON serializable"
    assert worker("python", BASIC, "handler.decimals").invoke({})[1].json() == {"int": 3, "float": 1.5}


def test_log_format(worker):
    w = worker("python", BASIC, "handler.logs")
    request_id, result = w.invoke({})
    assert result.body == b"null"
    lines = w.output().split("\n")
    assert "printed line" in lines
    warning = [line for line in lines if line.startswith("[WARNING]")]
    assert len(warning) == 1
    assert re.match(r"^\[WARNING\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t" + request_id + r"\twarned\rsecond line$",
                    warning[0])
    assert not any("below the default level" in line for line in lines)


def test_packages_and_handler_not_found(worker):
    assert worker("python", "python", "pkg/inner/mod.handler").invoke({})[1].json() == "from package"
    assert worker("python", "python", "pkg.inner.mod.handler").invoke({})[1].json() == "from package"
    request_id, result = worker("python", BASIC, "handler.nope").invoke({})
    assert result.json() == {"errorMessage": "Handler 'nope' missing on module 'handler'",
                             "errorType": "Runtime.HandlerNotFound", "requestId": request_id, "stackTrace": []}


def init_error(w):
    error = w.api.wait_init_error()
    assert w.process.wait(timeout=10) != 0
    return error.json()


def test_init_errors(worker):
    assert init_error(worker("python", BROKEN, "imports_missing.handler")) == {
        "errorMessage": "Unable to import module 'imports_missing': No module named 'bunker_module_that_does_not_exist'",
        "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}
    body = init_error(worker("python", BROKEN, "syntax_error.handler"))
    assert body["errorType"] == "Runtime.UserCodeSyntaxError"
    assert body["errorMessage"].startswith("Syntax error in module 'syntax_error': ")
    # Recorded on AWS: the exception itself, its trace starting at importlib.
    body = init_error(worker("python", BROKEN, "raises_at_import.handler"))
    assert (body["errorMessage"], body["errorType"], body["requestId"]) == ("Runtime startup fails", "Exception", "")
    assert "importlib" in body["stackTrace"][0]
    assert "raises_at_import.py" in body["stackTrace"][-1]
    body = init_error(worker("python", BROKEN, "nodots"))
    assert body["errorType"] == "Runtime.MalformedHandlerName"
    assert body["errorMessage"] == "Bad handler 'nodots': not enough values to unpack (expected 2, got 1)"


def test_sys_exit_ends_the_process_without_a_result(worker):
    w = worker("python", BASIC, "handler.exits")
    w.api.queue({})
    assert w.process.wait(timeout=10) == 0
    assert not w.api.init_errors


def test_botocore_without_endpoint_support_reaches_bunker(worker):
    # Debian's botocore predates AWS_ENDPOINT_URL support; the hook supplies it.
    body = worker("python", BASIC, "handler.botocore_endpoint").invoke({})[1].json()
    assert body == {"s3": "http://127.0.0.1:4566", "addressing": "path",
                    "explicit": "http://explicit.example:1234", "resource": "http://127.0.0.1:4566"}


def test_runtime_api_address_with_a_path_prefix(worker):
    w = worker("python", BASIC, "handler.decimals",
               {"AWS_LAMBDA_RUNTIME_API": "{address}/2018-06-01/runtime/w-token"})
    _, result = w.invoke({})
    assert result.json() == {"int": 3, "float": 1.5}
    assert w.api.seen_paths[-1].startswith("/2018-06-01/runtime/w-token/2018-06-01/runtime/invocation/")
