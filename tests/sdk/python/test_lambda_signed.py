"""Lambda under --verify-signatures and --lambda-require-existing-role: the keys a function
gets are its account's worker credentials, which the server accepts, so SDK calls from
inside functions (JS SDK v3 and v2, boto3) are signed and verified like any client's; the
Runtime API and the code download need no signature; a Role that IAM does not know is
refused by CreateFunction and UpdateFunctionConfiguration."""
import json
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REGION
from lambda_support import ROLE, create_function

# Not the "test" keys functions used to get: only their own worker keys verify.
KEY, SECRET = "AKIDLAMBDASIGNED", "lambda-signed-secret"
BUNKER_ARGS = ["--verify-signatures", "--credentials", f"{KEY}:{SECRET}", "--lambda-require-existing-role"]
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
MISSING_ROLE = "arn:aws:iam::000000000000:role/no-such-role"
CANNOT_ASSUME = "The role defined for the function cannot be assumed by Lambda."


@pytest.fixture(scope="module")
def client(bunker):
    return lambda service, **config: boto3.client(
        service, endpoint_url=bunker.endpoint, region_name=REGION, aws_access_key_id=KEY,
        aws_secret_access_key=SECRET, config=Config(retries={"max_attempts": 1}, **config))


@pytest.fixture(scope="module")
def lam(client):
    return client("lambda", read_timeout=70)


@pytest.fixture(scope="module")
def table(client):
    ddb = client("dynamodb")
    ddb.create_table(TableName="signed-writes", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    return ddb


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    r = e.value.response
    return r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"]


def test_role_must_exist(lam, client):
    assert error_of(create_function, lam=lam, name="roleless", folder="node_app", handler="index.echo",
                    Role=MISSING_ROLE) == (400, "InvalidParameterValueException", CANNOT_ASSUME)
    client("iam").create_role(RoleName="lambda-role", AssumeRolePolicyDocument=TRUST)
    created = create_function(lam, "with-role", "node_app", "index.echo")
    assert created["Role"] == ROLE
    assert error_of(lam.update_function_configuration, FunctionName="with-role", Role=MISSING_ROLE) == \
        (400, "InvalidParameterValueException", CANNOT_ASSUME)
    assert lam.get_function_configuration(FunctionName="with-role")["Role"] == ROLE
    # The function's keys are temporary worker credentials of its account.
    body = json.loads(lam.invoke(FunctionName="with-role", Payload=b"{}")["Payload"].read())
    assert body["env"]["accessKey"].startswith("ASIA")


@pytest.mark.parametrize("folder,handler,runtime,via", [
    ("node_app", "index.putItem", "nodejs20.x", "sdk-v3"),
    ("node_app", "index.putItemV2", "nodejs20.x", "sdk-v2"),
    ("python_app", "app.put_item", "python3.12", "boto3"),
])
def test_function_writes_to_dynamodb_with_signed_calls(lam, table, folder, handler, runtime, via):
    name = "signed-" + via
    create_function(lam, name, folder, handler, runtime=runtime, Timeout=30)
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"table": "signed-writes", "id": via}).encode())
    body = json.loads(r["Payload"].read())
    assert "FunctionError" not in r, body
    assert body == {"written": via}
    assert table.get_item(TableName="signed-writes", Key={"id": {"S": via}})["Item"]["via"] == {"S": via}


def test_code_location_downloads_without_a_signature(lam):
    location = lam.get_function(FunctionName="signed-sdk-v3")["Code"]["Location"]
    with urllib.request.urlopen(location) as r:
        assert r.read()[:2] == b"PK"
