"""The AWS CLI walking through the IAM steps of AWS's Lambda tutorials: the DDNS example
(create-policy from a file, create-role with a trust policy file, attach-role-policy with
the returned ARN) and the execution-role tutorial (AWS managed policy by ARN), then the
tear-down in the order the tutorials give it."""
import json
import os

import pytest

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data", "iam")


def data_file(name):
    return "file://" + os.path.abspath(os.path.join(DATA, name))


def error_of(p):
    assert p.returncode != 0
    return p.stderr


def test_ddns_tutorial_flow(aws):
    policy = aws.json("iam", "create-policy", "--policy-name", "ddns-lambda-policy",
                      "--policy-document", data_file("ddns-policy.json"))["Policy"]
    assert policy["Arn"] == "arn:aws:iam::000000000000:policy/ddns-lambda-policy"
    assert policy["PolicyId"].startswith("ANPA") and policy["DefaultVersionId"] == "v1"

    role = aws.json("iam", "create-role", "--role-name", "ddns-lambda-role",
                    "--assume-role-policy-document", data_file("lambda-trust.json"))["Role"]
    assert role["Arn"] == "arn:aws:iam::000000000000:role/ddns-lambda-role"
    assert role["RoleId"].startswith("AROA")
    # The CLI decodes the URL-encoded document IAM returns back into JSON.
    with open(os.path.join(DATA, "lambda-trust.json")) as f:
        assert role["AssumeRolePolicyDocument"] == json.load(f)

    aws.run("iam", "attach-role-policy", "--role-name", "ddns-lambda-role", "--policy-arn", policy["Arn"])
    attached = aws.json("iam", "list-attached-role-policies", "--role-name", "ddns-lambda-role")
    assert attached["AttachedPolicies"] == [{"PolicyName": "ddns-lambda-policy", "PolicyArn": policy["Arn"]}]

    # The tutorial's clean-up: detach, delete the role, delete the policy.
    assert "DeleteConflict" in error_of(aws.run("iam", "delete-role", "--role-name", "ddns-lambda-role", check=False))
    aws.run("iam", "detach-role-policy", "--role-name", "ddns-lambda-role", "--policy-arn", policy["Arn"])
    aws.run("iam", "delete-role", "--role-name", "ddns-lambda-role")
    aws.run("iam", "delete-policy", "--policy-arn", policy["Arn"])
    assert "NoSuchEntity" in error_of(aws.run("iam", "get-role", "--role-name", "ddns-lambda-role", check=False))


def test_lambda_execution_role_tutorial(aws):
    """AWS's execution-role tutorial: an inline trust policy, an AWS managed policy by ARN."""
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    arn = aws.run("iam", "create-role", "--role-name", "lambda-ex", "--assume-role-policy-document", trust,
                  "--query", "Role.Arn", "--output", "text").stdout.strip()
    assert arn == "arn:aws:iam::000000000000:role/lambda-ex"
    aws.run("iam", "attach-role-policy", "--role-name", "lambda-ex",
            "--policy-arn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    basic = aws.json("iam", "get-policy", "--policy-arn",
                     "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")["Policy"]
    assert basic["Path"] == "/service-role/" and basic["AttachmentCount"] == 1
    # The CLI follows Marker by itself: a page size of 1 still lists every role.
    roles = aws.json("iam", "list-roles", "--page-size", "1")["Roles"]
    assert "lambda-ex" in [r["RoleName"] for r in roles]
    ident = aws.json("sts", "get-caller-identity")
    assert ident == {"UserId": "000000000000", "Account": "000000000000", "Arn": "arn:aws:iam::000000000000:root"}


def test_cli_malformed_trust_policy(aws):
    p = aws.run("iam", "create-role", "--role-name", "bad-trust", "--assume-role-policy-document",
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}', check=False)
    assert "MalformedPolicyDocument" in error_of(p) and "Missing required field Principal" in p.stderr
