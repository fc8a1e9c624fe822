"""Lambda per account: a 12-digit access key selects the account, and each account has
its own functions, versions, aliases, layers, policies, concurrency, logs and account
settings; ARNs carry the function's account; a function's SDK calls act in its own
account; another account's function runs only when its resource policy allows it. Also
the default --lambda-require-existing-role=false: a role IAM never heard of is taken."""
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REGION
from lambda_support import create_function, zip_folder

A, B = "111111111111", "222222222222"


def account_client(bunker, service, account):
    return boto3.client(service, endpoint_url=bunker.endpoint, region_name=REGION,
                        aws_access_key_id=account, aws_secret_access_key="secret",
                        config=Config(retries={"max_attempts": 1}, read_timeout=70))


@pytest.fixture(scope="module")
def lam_a(bunker):
    return account_client(bunker, "lambda", A)


@pytest.fixture(scope="module")
def lam_b(bunker):
    return account_client(bunker, "lambda", B)


def role(account):
    return f"arn:aws:iam::{account}:role/never-created"


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    r = e.value.response
    return r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"]


def invoke(lam, name, payload=None, **kwargs):
    r = lam.invoke(FunctionName=name, Payload=json.dumps(payload or {}).encode(), **kwargs)
    return r, json.loads(r["Payload"].read())


def test_same_name_in_two_accounts(bunker, lam_a, lam_b):
    a = create_function(lam_a, "shared", "node_app", "index.echo", Role=role(A),
                        Environment={"Variables": {"CUSTOM_VAR": "in A"}})
    b = create_function(lam_b, "shared", "node_app", "index.echo", Role=role(B),
                        Environment={"Variables": {"CUSTOM_VAR": "in B"}}, Publish=True)
    assert a["FunctionArn"] == f"arn:aws:lambda:{REGION}:{A}:function:shared"
    assert b["FunctionArn"] == f"arn:aws:lambda:{REGION}:{B}:function:shared:1"
    assert [f["FunctionArn"] for f in lam_a.list_functions()["Functions"]] == [a["FunctionArn"]]
    assert [f["FunctionName"] for f in lam_b.list_functions()["Functions"]] == ["shared"]
    assert [v["Version"] for v in lam_a.list_versions_by_function(FunctionName="shared")["Versions"]] == ["$LATEST"]
    assert [v["Version"] for v in lam_b.list_versions_by_function(FunctionName="shared")["Versions"]] == ["$LATEST", "1"]

    r, body = invoke(lam_a, "shared")
    assert body["env"]["custom"] == "in A"
    assert body["arn"] == f"arn:aws:lambda:{REGION}:{A}:function:shared"
    # Inside the function, the SDK's key is its own account's.
    assert body["env"]["accessKey"] == A
    r, body = invoke(lam_b, "shared", Qualifier="1")
    assert body["env"]["custom"] == "in B" and body["env"]["accessKey"] == B
    assert body["arn"] == f"arn:aws:lambda:{REGION}:{B}:function:shared:1"

    # Deleting in one account leaves the other's alone.
    create_function(lam_a, "only-a", "node_app", "index.echo", Role=role(A))
    assert error_of(lam_b.get_function, FunctionName="only-a")[:2] == (404, "ResourceNotFoundException")
    assert error_of(lam_b.get_function, FunctionName="only-a")[2] == \
        f"Function not found: arn:aws:lambda:{REGION}:{B}:function:only-a"
    lam_a.delete_function(FunctionName="only-a")
    lam_b.get_function(FunctionName="shared")


def test_aliases_concurrency_and_account_settings(lam_a, lam_b):
    create_function(lam_a, "settings-a", "node_app", "index.echo", Role=role(A))
    lam_a.put_function_concurrency(FunctionName="settings-a", ReservedConcurrentExecutions=5)
    lam_a.create_alias(FunctionName="settings-a", Name="live", FunctionVersion="$LATEST")
    assert lam_a.get_alias(FunctionName="settings-a", Name="live")["AliasArn"] == \
        f"arn:aws:lambda:{REGION}:{A}:function:settings-a:live"
    a = lam_a.get_account_settings()
    b = lam_b.get_account_settings()
    assert a["AccountUsage"]["FunctionCount"] == 2  # shared, settings-a
    assert b["AccountUsage"]["FunctionCount"] == 1
    assert a["AccountLimit"]["UnreservedConcurrentExecutions"] == a["AccountLimit"]["ConcurrentExecutions"] - 5
    assert b["AccountLimit"]["UnreservedConcurrentExecutions"] == b["AccountLimit"]["ConcurrentExecutions"]


def test_layers_are_per_account(lam_a, lam_b):
    layer = lam_a.publish_layer_version(LayerName="greet", Content={"ZipFile": zip_folder("layer_greeting")})
    assert layer["LayerVersionArn"] == f"arn:aws:lambda:{REGION}:{A}:layer:greet:1"
    assert lam_b.list_layers()["Layers"] == []
    status, code, message = error_of(lam_b.get_layer_version_by_arn, Arn=layer["LayerVersionArn"])
    assert (status, code) == (403, "AccessDeniedException")
    assert "lambda:GetLayerVersion" in message


def test_other_accounts_function_needs_its_permission(lam_a, lam_b):
    arn_a = f"arn:aws:lambda:{REGION}:{A}:function:shared"
    status, code, message = error_of(lam_b.invoke, FunctionName=arn_a, Payload=b"{}")
    assert (status, code) == (403, "AccessDeniedException")
    assert message == (f"User: arn:aws:iam::{B}:root is not authorized to perform: lambda:InvokeFunction on "
                       f"resource: {arn_a} because no resource-based policy allows the lambda:InvokeFunction action")
    assert error_of(lam_b.get_function, FunctionName=arn_a)[:2] == (403, "AccessDeniedException")

    lam_a.add_permission(FunctionName="shared", StatementId="from-b", Action="lambda:InvokeFunction", Principal=B)
    r, body = invoke(lam_b, arn_a)
    assert body["env"]["custom"] == "in A" and body["arn"] == arn_a


def test_logs_are_per_account(lam_a, bunker):
    logs_a = account_client(bunker, "logs", A)
    logs_b = account_client(bunker, "logs", B)
    r = lam_a.invoke(FunctionName="shared", Payload=b"{}")
    request_id = r["ResponseMetadata"]["RequestId"]
    groups_a = logs_a.describe_log_groups(logGroupNamePrefix="/aws/lambda/shared")["logGroups"]
    assert [g["arn"] for g in groups_a] == [f"arn:aws:logs:{REGION}:{A}:log-group:/aws/lambda/shared:*"]
    events = logs_a.filter_log_events(logGroupName="/aws/lambda/shared",
                                      filterPattern=f'"START RequestId: {request_id}"')["events"]
    assert len(events) == 1
    # B's own function of that name logs to B's group, where A's invocation is not.
    events_b = logs_b.filter_log_events(logGroupName="/aws/lambda/shared",
                                        filterPattern=f'"START RequestId: {request_id}"')["events"]
    assert events_b == []


def test_function_sdk_calls_act_in_its_account(bunker, lam_a):
    ddb_a = account_client(bunker, "dynamodb", A)
    ddb_b = account_client(bunker, "dynamodb", B)
    ddb_a.create_table(TableName="writes", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                       BillingMode="PAY_PER_REQUEST")
    create_function(lam_a, "writer-a", "node_app", "index.putItem", Role=role(A))
    r, body = invoke(lam_a, "writer-a", {"table": "writes", "id": "from-a"})
    assert body == {"written": "from-a"}, body
    assert ddb_a.get_item(TableName="writes", Key={"id": {"S": "from-a"}})["Item"]["via"] == {"S": "sdk-v3"}
    assert "writes" not in ddb_b.list_tables()["TableNames"]


def test_unknown_role_is_accepted_by_default(bunker, lam_a):
    iam = account_client(bunker, "iam", A)
    assert all(r["RoleName"] != "never-created" for r in iam.list_roles()["Roles"])
    lam_a.update_function_configuration(FunctionName="shared", Role=role(A))
    assert lam_a.get_function_configuration(FunctionName="shared")["Role"] == role(A)
