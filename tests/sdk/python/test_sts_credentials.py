"""STS and IAM-issued credentials under --verify-signatures: GetCallerIdentity for the
configured keys, for keys from CreateAccessKey and for AssumeRole/GetSessionToken
credentials; those credentials sign requests that other services (DynamoDB) accept,
map to their account, and stop working when deleted, deactivated or used without their
session token."""
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

OTHER_ACCOUNT = "111111111111"
BUNKER_ARGS = ["--verify-signatures", "--credentials", f"test:test,other-admin:other-secret:{OTHER_ACCOUNT}"]

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "sts:AssumeRole"}]})


def make(bunker, service, key, secret, token=None):
    return boto3.client(service, endpoint_url=bunker.endpoint, region_name="us-east-1", aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token,
                        config=Config(retries={"max_attempts": 1}))


def code_of(call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    return e.value.response["Error"]["Code"]


@pytest.fixture(scope="module")
def iam(client):
    return client("iam")


@pytest.fixture(scope="module")
def user_key(iam):
    iam.create_user(UserName="app-user")
    return iam.create_access_key(UserName="app-user")["AccessKey"]


def test_caller_identity_of_configured_keys(bunker, client):
    assert {k: v for k, v in client("sts").get_caller_identity().items() if k != "ResponseMetadata"} == {
        "UserId": "000000000000", "Account": "000000000000", "Arn": "arn:aws:iam::000000000000:root"}
    other = make(bunker, "sts", "other-admin", "other-secret").get_caller_identity()
    assert other["Account"] == OTHER_ACCOUNT and other["Arn"] == f"arn:aws:iam::{OTHER_ACCOUNT}:root"


def test_created_access_key_signs_requests_to_other_services(bunker, iam, user_key):
    ident = make(bunker, "sts", user_key["AccessKeyId"], user_key["SecretAccessKey"]).get_caller_identity()
    user = iam.get_user(UserName="app-user")["User"]
    assert (ident["UserId"], ident["Account"], ident["Arn"]) == (user["UserId"], "000000000000", user["Arn"])
    ddb = make(bunker, "dynamodb", user_key["AccessKeyId"], user_key["SecretAccessKey"])
    ddb.create_table(TableName="by-user", AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    # The key belongs to the default account: the table is the same one the admin sees.
    assert "by-user" in ddb.list_tables()["TableNames"]
    assert "by-user" in make(bunker, "dynamodb", "test", "test").list_tables()["TableNames"]
    # GetUser without a name answers for the signing user.
    me = make(bunker, "iam", user_key["AccessKeyId"], user_key["SecretAccessKey"]).get_user()["User"]
    assert me["UserName"] == "app-user"
    assert code_of(make(bunker, "dynamodb", user_key["AccessKeyId"], "wrong-secret").list_tables) == \
        "InvalidSignatureException"


def test_deactivated_and_deleted_keys_are_refused(bunker, iam):
    iam.create_user(UserName="short-lived")
    key = iam.create_access_key(UserName="short-lived")["AccessKey"]
    ddb = make(bunker, "dynamodb", key["AccessKeyId"], key["SecretAccessKey"])
    ddb.list_tables()
    iam.update_access_key(UserName="short-lived", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    assert code_of(ddb.list_tables) == "UnrecognizedClientException"
    iam.update_access_key(UserName="short-lived", AccessKeyId=key["AccessKeyId"], Status="Active")
    ddb.list_tables()
    iam.delete_access_key(UserName="short-lived", AccessKeyId=key["AccessKeyId"])
    assert code_of(ddb.list_tables) == "UnrecognizedClientException"
    assert code_of(make(bunker, "sts", key["AccessKeyId"], key["SecretAccessKey"]).get_caller_identity) == \
        "InvalidClientTokenId"


def test_assume_role_credentials(bunker, iam, client):
    role = iam.create_role(RoleName="deploy-role", Path="/ops/", AssumeRolePolicyDocument=TRUST)["Role"]
    out = client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="ci-run-1", DurationSeconds=900)
    creds, assumed = out["Credentials"], out["AssumedRoleUser"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20 and creds["SessionToken"]
    assert assumed == {"AssumedRoleId": f"{role['RoleId']}:ci-run-1",
                       "Arn": "arn:aws:sts::000000000000:assumed-role/deploy-role/ci-run-1"}
    temp = dict(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"])
    ident = make(bunker, "sts", **temp).get_caller_identity()
    assert ident["Arn"] == assumed["Arn"] and ident["UserId"] == assumed["AssumedRoleId"]
    assert "TableNames" in make(bunker, "dynamodb", **temp).list_tables()
    assert "RoleLastUsed" in iam.get_role(RoleName="deploy-role")["Role"]
    # Temporary credentials are valid only with their own session token.
    assert code_of(make(bunker, "dynamodb", temp["key"], temp["secret"]).list_tables) == "UnrecognizedClientException"
    assert code_of(make(bunker, "dynamodb", temp["key"], temp["secret"], "not-the-token").list_tables) == \
        "UnrecognizedClientException"
    # Role chaining: an assumed role may assume a role for at most an hour.
    chained = make(bunker, "sts", **temp)
    assert chained.assume_role(RoleArn=role["Arn"], RoleSessionName="hop")["AssumedRoleUser"]["Arn"].endswith("/hop")
    assert code_of(chained.assume_role, RoleArn=role["Arn"], RoleSessionName="hop", DurationSeconds=7200) == \
        "ValidationError"


def test_assume_role_errors(client):
    sts = client("sts")
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/missing", RoleSessionName="s1")
    assert e.value.response["Error"]["Code"] == "AccessDenied"
    assert e.value.response["Error"]["Message"] == (
        "User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: "
        "arn:aws:iam::000000000000:role/missing")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    client("iam").create_role(RoleName="one-hour", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/one-hour", RoleSessionName="s1", DurationSeconds=7200)
    assert e.value.response["Error"] == {
        "Type": "Sender", "Code": "ValidationError",
        "Message": "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."}


def test_get_session_token(bunker, user_key):
    sts = make(bunker, "sts", user_key["AccessKeyId"], user_key["SecretAccessKey"])
    creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
    temp = make(bunker, "sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    # Session credentials act as the user that asked for them.
    assert temp.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:user/app-user"
    assert code_of(temp.get_session_token) == "AccessDenied"


def test_accounts_are_separate(bunker, iam):
    other_iam = make(bunker, "iam", "other-admin", "other-secret")
    role = other_iam.create_role(RoleName="deploy-role", AssumeRolePolicyDocument=TRUST)["Role"]
    assert role["Arn"] == f"arn:aws:iam::{OTHER_ACCOUNT}:role/deploy-role"
    other_iam.create_user(UserName="remote")
    key = other_iam.create_access_key(UserName="remote")["AccessKey"]
    ident = make(bunker, "sts", key["AccessKeyId"], key["SecretAccessKey"]).get_caller_identity()
    assert ident["Account"] == OTHER_ACCOUNT
    assert make(bunker, "sts", "test", "test").get_access_key_info(AccessKeyId=key["AccessKeyId"])["Account"] == \
        OTHER_ACCOUNT
    assert [r["RoleName"] for r in other_iam.list_roles()["Roles"]] == ["deploy-role"]
    assert "remote" not in [u["UserName"] for u in iam.list_users()["Users"]]


def test_issued_credentials_survive_a_restart(bunker, user_key):
    before = make(bunker, "iam", "test", "test").get_role(RoleName="deploy-role")["Role"]
    bunker.restart(kill=True)
    ddb = make(bunker, "dynamodb", user_key["AccessKeyId"], user_key["SecretAccessKey"])
    assert "by-user" in ddb.list_tables()["TableNames"]
    iam = make(bunker, "iam", "test", "test")
    after = iam.get_role(RoleName="deploy-role")["Role"]
    assert (after["RoleId"], after["Arn"], after["CreateDate"]) == (before["RoleId"], before["Arn"], before["CreateDate"])
    assert iam.get_user(UserName="app-user")["User"]["UserName"] == "app-user"
