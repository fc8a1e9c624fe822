"""Old functions offline (--lambda-allow-deprecated-runtimes): deprecated runtimes run on
the system interpreters with the SDK v2 they had; runtimes Bunker cannot run fail the
invoke with a clear error; `aws logs tail --follow` streams a function's log."""
import json
import subprocess
import time

import pytest
from botocore.exceptions import ClientError

from conftest import REGION, aws_cli_path
from lambda_support import ROLE, create_function, zip_folder

BUNKER_ARGS = ["--lambda-allow-deprecated-runtimes"]


@pytest.fixture(scope="module")
def lam(client):
    return client("lambda")


def test_2016_function_on_a_deprecated_runtime_writes_to_dynamodb(lam, client):
    ddb = client("dynamodb")
    ddb.create_table(TableName="legacy-table", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    created = create_function(lam, "legacy-fn", "node_2016_sdk", "index.handler", Runtime="nodejs4.3")
    assert created["Runtime"] == "nodejs4.3"
    r = lam.invoke(FunctionName="legacy-fn", Payload=json.dumps({"table": "legacy-table", "id": "z1"}).encode())
    assert "FunctionError" not in r
    assert json.loads(r["Payload"].read()) == {"saved": "z1"}
    item = ddb.get_item(TableName="legacy-table", Key={"id": {"S": "z1"}})["Item"]
    assert item["message"] == {"S": "zombies at the gate"}


def test_deprecated_provided_runtime_runs_with_the_flag(lam):
    create_function(lam, "legacy-sh", "provided_curl", "function.handler", Runtime="provided")
    r = lam.invoke(FunctionName="legacy-sh", Payload=b'{"x":1}')
    assert r["Payload"].read() == b"Echoing request: '{\"x\":1}'"


def test_a_runtime_bunker_cannot_run_fails_the_invoke_clearly(lam):
    create_function(lam, "java-fn", "node_app", "example.Handler::handleRequest", Runtime="java21")
    r = lam.invoke(FunctionName="java-fn", Payload=b"{}")
    assert r["StatusCode"] == 200 and r["FunctionError"] == "Unhandled"
    body = json.loads(r["Payload"].read())
    assert body["errorType"] == "Runtime.InvalidRuntime"
    assert "Bunker cannot run functions of runtime java21" in body["errorMessage"]


def test_logs_tail_follow(lam, bunker):
    create_function(lam, "tail-fn", "node_app", "index.echo")
    lam.invoke(FunctionName="tail-fn", Payload=b'{"first": "line"}')
    env = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": REGION,
           "AWS_PAGER": "", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"}  # the CLI is stopped, not ended: no buffering
    follower = subprocess.Popen([aws_cli_path(), "--endpoint-url", bunker.endpoint, "logs", "tail",
                                 "/aws/lambda/tail-fn", "--follow", "--since", "10m", "--format", "short"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        time.sleep(2)
        lam.invoke(FunctionName="tail-fn", Payload=b'{"second": "line"}')
        time.sleep(7)  # the CLI polls every 5 s
    finally:
        follower.terminate()
        out, err = follower.communicate(timeout=10)
    assert '{"first":"line"}' in out, err
    assert '{"second":"line"}' in out, err
