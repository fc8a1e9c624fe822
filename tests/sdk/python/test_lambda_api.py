"""Lambda's control plane through boto3 and the AWS CLI: functions, versions, aliases,
permissions, concurrency, tags, layers, account settings, waiters, and AWS's errors."""
import io
import json
import urllib.request
import zipfile

import pytest
from botocore.exceptions import ClientError

from lambda_support import ROLE, create_function, zip_entries, zip_folder


@pytest.fixture(scope="module")
def lam(client):
    return client("lambda")


def error_of(call, *args, **kwargs):
    with pytest.raises(ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    return r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"]


def test_create_get_list_update_delete(lam):
    created = create_function(lam, "api-fn", "node_app", "index.echo", Timeout=5, MemorySize=256,
                              Environment={"Variables": {"CUSTOM_VAR": "x"}}, Tags={"team": "a"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["State"] == "Pending" and created["StateReasonCode"] == "Creating"
    assert created["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:api-fn"
    assert created["Version"] == "$LATEST" and created["PackageType"] == "Zip"
    assert created["Architectures"] == ["x86_64"] and created["EphemeralStorage"] == {"Size": 512}
    # (older botocore models drop members they do not know, such as LoggingConfig)
    assert created.get("LoggingConfig", {"LogFormat": "Text", "LogGroup": "/aws/lambda/api-fn"}) == {
        "LogFormat": "Text", "LogGroup": "/aws/lambda/api-fn"}
    assert created["Environment"] == {"Variables": {"CUSTOM_VAR": "x"}}
    assert created["CodeSize"] == len(zip_folder("node_app"))

    lam.get_waiter("function_active_v2").wait(FunctionName="api-fn")
    got = lam.get_function(FunctionName="api-fn")
    assert got["Configuration"]["State"] == "Active"
    assert got["Configuration"]["LastUpdateStatus"] == "Successful"
    assert got["Tags"] == {"team": "a"}
    assert got["Code"]["RepositoryType"] == "S3"
    with urllib.request.urlopen(got["Code"]["Location"]) as r:
        assert r.read() == zip_folder("node_app")

    conf = lam.get_function_configuration(FunctionName="api-fn")
    assert conf["MemorySize"] == 256 and conf["Timeout"] == 5 and conf["Handler"] == "index.echo"

    updated = lam.update_function_configuration(FunctionName="api-fn", Timeout=10, Description="d")
    assert updated["LastUpdateStatus"] == "InProgress"
    lam.get_waiter("function_updated_v2").wait(FunctionName="api-fn")
    assert lam.get_function_configuration(FunctionName="api-fn")["Description"] == "d"

    new_zip = zip_entries({"index.js": "exports.echo = async () => 'v2';"})
    code = lam.update_function_code(FunctionName="api-fn", ZipFile=new_zip)
    assert code["CodeSize"] == len(new_zip) and code["RevisionId"] != updated["RevisionId"]
    lam.get_waiter("function_updated_v2").wait(FunctionName="api-fn")

    names = [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    assert "api-fn" in names
    lam.delete_function(FunctionName="api-fn")
    status, code_, message = error_of(lam.get_function, FunctionName="api-fn")
    assert (status, code_) == (404, "ResourceNotFoundException")
    assert message == "Function not found: arn:aws:lambda:us-east-1:000000000000:function:api-fn"


def test_list_functions_pages_with_marker(lam):
    for i in range(5):
        lam.create_function(FunctionName=f"page-{i}", Runtime="python3.12", Role=ROLE, Handler="app.echo",
                            Code={"ZipFile": zip_folder("python_app")})
    seen, marker = [], None
    while True:
        kwargs = {"MaxItems": 2}
        if marker:
            kwargs["Marker"] = marker
        page = lam.list_functions(**kwargs)
        assert len(page["Functions"]) <= 2
        seen += [f["FunctionName"] for f in page["Functions"] if f["FunctionName"].startswith("page-")]
        marker = page.get("NextMarker")
        if not marker:
            break
    assert seen == [f"page-{i}" for i in range(5)]
    paginated = [f["FunctionName"] for p in lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 3})
                 for f in p["Functions"]]
    assert [n for n in paginated if n.startswith("page-")] == seen


def test_create_errors(lam):
    zip_bytes = zip_folder("node_app")
    create_function(lam, "dup-fn", "node_app", "index.echo")
    assert error_of(create_function, lam, "dup-fn", "node_app", "index.echo") == (
        409, "ResourceConflictException", "Function already exist: dup-fn")
    status, code, message = error_of(lam.create_function, FunctionName="bad-runtime", Runtime="non-existent-runtime",
                                     Role=ROLE, Handler="i.h", Code={"ZipFile": zip_bytes})
    assert (status, code) == (400, "InvalidParameterValueException")
    assert message.startswith("Value non-existent-runtime at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x,")
    assert error_of(lam.create_function, FunctionName="old-runtime", Runtime="nodejs14.x", Role=ROLE, Handler="i.h",
                    Code={"ZipFile": zip_bytes}) == (
        400, "InvalidParameterValueException",
        "The runtime parameter of nodejs14.x is no longer supported for creating or updating AWS Lambda functions. "
        "We recommend you use a supported runtime while creating or updating functions.")
    assert error_of(lam.create_function, FunctionName="bad-role", Runtime="nodejs20.x", Role="r1", Handler="i.h",
                    Code={"ZipFile": zip_bytes}) == (
        400, "ValidationException",
        "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular "
        "expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+")
    assert error_of(lam.create_function, FunctionName="bad-zip", Runtime="nodejs20.x", Role=ROLE, Handler="i.h",
                    Code={"ZipFile": b"not a zip"}) == (
        400, "InvalidParameterValueException",
        "Could not unzip uploaded file. Please check your file, then try to upload again.")
    status, code, _ = error_of(lam.create_function, FunctionName="bad-timeout", Runtime="nodejs20.x", Role=ROLE,
                               Handler="i.h", Code={"ZipFile": zip_bytes}, Timeout=901)
    assert (status, code) == (400, "ValidationException")
    status, code, message = error_of(lam.create_function, FunctionName="a" * 65, Runtime="nodejs20.x", Role=ROLE,
                                     Handler="i.h", Code={"ZipFile": zip_bytes})
    assert (status, code) == (400, "InvalidParameterValueException")
    assert message.endswith("Member must have length less than or equal to 64")
    status, code, message = error_of(lam.create_function, FunctionName="reserved-env", Runtime="nodejs20.x",
                                     Role=ROLE, Handler="i.h", Code={"ZipFile": zip_bytes},
                                     Environment={"Variables": {"AWS_REGION": "x"}})
    assert code == "InvalidParameterValueException" and message.endswith("Reserved keys used in this request: AWS_REGION")


def test_zip_entries_escaping_the_code_folder_are_rejected(lam):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.js", "exports.h = async () => 1;")
        z.writestr("../../escape.js", "evil")
    assert error_of(lam.create_function, FunctionName="escape-fn", Runtime="nodejs20.x", Role=ROLE, Handler="index.h",
                    Code={"ZipFile": buf.getvalue()}) == (
        400, "InvalidParameterValueException",
        "Could not unzip uploaded file. Please check your file, then try to upload again.")


def test_versions_and_aliases(lam):
    create_function(lam, "ver-fn", "node_app", "index.echo")
    v1 = lam.publish_version(FunctionName="ver-fn", Description="first")
    assert v1["Version"] == "1" and v1["FunctionArn"].endswith(":ver-fn:1")
    # Unchanged $LATEST publishes no new version.
    assert lam.publish_version(FunctionName="ver-fn")["Version"] == "1"
    lam.update_function_configuration(FunctionName="ver-fn", Description="changed")
    assert lam.publish_version(FunctionName="ver-fn")["Version"] == "2"
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="ver-fn")["Versions"]] == ["$LATEST", "1", "2"]
    assert error_of(lam.publish_version, FunctionName="ver-fn", CodeSha256="somenonexistentsha256")[1] == \
        "InvalidParameterValueException"
    assert error_of(lam.publish_version, FunctionName="ver-fn", RevisionId="wrong") == (
        412, "PreconditionFailedException",
        "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to "
        "retrieve the latest Revision Id")

    alias = lam.create_alias(FunctionName="ver-fn", Name="live", FunctionVersion="1",
                             RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
    assert alias["AliasArn"].endswith(":ver-fn:live")
    assert lam.get_alias(FunctionName="ver-fn", Name="live")["RoutingConfig"] == {"AdditionalVersionWeights": {"2": 0.5}}
    assert error_of(lam.create_alias, FunctionName="ver-fn", Name="live", FunctionVersion="1")[:2] == (
        409, "ResourceConflictException")
    assert error_of(lam.create_alias, FunctionName="ver-fn", Name="x", FunctionVersion="1",
                    RoutingConfig={"AdditionalVersionWeights": {"1": 0.5}}) == (
        400, "InvalidParameterValueException",
        "Invalid function version 1. Function version 1 is already included in routing configuration.")
    assert error_of(lam.create_alias, FunctionName="ver-fn", Name="y", FunctionVersion="10") == (
        404, "ResourceNotFoundException",
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:ver-fn:10")
    status, code, message = error_of(lam.create_alias, FunctionName="ver-fn", Name="2024", FunctionVersion="1")
    assert (status, code) == (400, "ValidationException") and "at 'name'" in message
    updated = lam.update_alias(FunctionName="ver-fn", Name="live", FunctionVersion="2", RoutingConfig={})
    assert updated["FunctionVersion"] == "2" and "RoutingConfig" not in updated
    assert [a["Name"] for a in lam.list_aliases(FunctionName="ver-fn")["Aliases"]] == ["live"]
    # A version an alias points to cannot be deleted.
    assert error_of(lam.delete_function, FunctionName="ver-fn", Qualifier="2")[:2] == (409, "ResourceConflictException")
    assert error_of(lam.delete_function, FunctionName="ver-fn", Qualifier="$LATEST") == (
        400, "InvalidParameterValueException", "$LATEST version cannot be deleted without deleting the function.")
    lam.delete_function(FunctionName="ver-fn", Qualifier="1")
    assert error_of(lam.get_function, FunctionName="ver-fn", Qualifier="1")[:2] == (404, "ResourceNotFoundException")
    lam.delete_alias(FunctionName="ver-fn", Name="live")
    assert error_of(lam.get_alias, FunctionName="ver-fn", Name="live") == (
        404, "ResourceNotFoundException",
        "Cannot find alias arn: arn:aws:lambda:us-east-1:000000000000:function:ver-fn:live")
    # Qualified names and ARNs address versions too.
    arn = "arn:aws:lambda:us-east-1:000000000000:function:ver-fn:2"
    assert lam.get_function_configuration(FunctionName=arn)["Version"] == "2"
    assert error_of(lam.get_function, FunctionName="ver-fn:2", Qualifier="1") == (
        400, "InvalidParameterValueException",
        "The derived qualifier from the function name does not match the specified qualifier.")


def test_permissions(lam):
    create_function(lam, "perm-fn", "node_app", "index.echo")
    added = lam.add_permission(FunctionName="perm-fn", StatementId="s3", Action="lambda:InvokeFunction",
                               Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::bucket")
    assert json.loads(added["Statement"]) == {
        "Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:perm-fn",
        "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"}}}
    policy = lam.get_policy(FunctionName="perm-fn")
    assert json.loads(policy["Policy"])["Statement"][0]["Sid"] == "s3"
    assert error_of(lam.add_permission, FunctionName="perm-fn", StatementId="s3", Action="lambda:InvokeFunction",
                    Principal="s3.amazonaws.com")[:2] == (409, "ResourceConflictException")
    assert error_of(lam.add_permission, FunctionName="perm-fn", StatementId="x", Action="lambda:InvokeFunction",
                    Principal="s3.amazonaws.com", Qualifier="$LATEST") == (
        400, "InvalidParameterValueException", "We currently do not support adding policies for $LATEST.")
    assert error_of(lam.remove_permission, FunctionName="perm-fn", StatementId="nope") == (
        404, "ResourceNotFoundException", "Statement nope is not found in resource policy.")
    lam.remove_permission(FunctionName="perm-fn", StatementId="s3")
    assert error_of(lam.get_policy, FunctionName="perm-fn") == (
        404, "ResourceNotFoundException", "No policy is associated with the given resource.")


def test_concurrency_tags_and_account(lam):
    create_function(lam, "conc-fn", "node_app", "index.echo")
    assert lam.put_function_concurrency(FunctionName="conc-fn", ReservedConcurrentExecutions=5)[
        "ReservedConcurrentExecutions"] == 5
    assert lam.get_function_concurrency(FunctionName="conc-fn")["ReservedConcurrentExecutions"] == 5
    assert lam.get_function(FunctionName="conc-fn")["Concurrency"] == {"ReservedConcurrentExecutions": 5}
    settings = lam.get_account_settings()
    assert settings["AccountLimit"]["ConcurrentExecutions"] == 1000
    assert settings["AccountLimit"]["UnreservedConcurrentExecutions"] == 995
    assert settings["AccountUsage"]["FunctionCount"] >= 1
    status, code, _ = error_of(lam.put_function_concurrency, FunctionName="conc-fn", ReservedConcurrentExecutions=950)
    assert (status, code) == (400, "InvalidParameterValueException")
    assert error_of(lam.put_function_concurrency, FunctionName="conc-fn:1", ReservedConcurrentExecutions=1)[1] == \
        "InvalidParameterValueException"
    lam.delete_function_concurrency(FunctionName="conc-fn")
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName="conc-fn")

    arn = "arn:aws:lambda:us-east-1:000000000000:function:conc-fn"
    lam.tag_resource(Resource=arn, Tags={"a": "1", "b": "2"})
    lam.untag_resource(Resource=arn, TagKeys=["a"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"b": "2"}
    assert error_of(lam.list_tags, Resource=arn + "-missing") == (
        404, "ResourceNotFoundException", "Function not found: " + arn + "-missing")
    assert error_of(lam.tag_resource, Resource=arn + ":1", Tags={"a": "b"}) == (
        400, "InvalidParameterValueException",
        "Tags on function aliases and versions are not supported. Please specify a function ARN.")


def test_layers(lam):
    published = lam.publish_layer_version(LayerName="greeting", Content={"ZipFile": zip_folder("layer_greeting")},
                                          CompatibleRuntimes=["nodejs20.x"], Description="one")
    assert published["Version"] == 1
    assert published["LayerVersionArn"] == "arn:aws:lambda:us-east-1:000000000000:layer:greeting:1"
    second = lam.publish_layer_version(LayerName="greeting", Content={"ZipFile": zip_folder("layer_greeting")})
    assert second["Version"] == 2
    assert lam.get_layer_version(LayerName="greeting", VersionNumber=1)["Description"] == "one"
    assert lam.get_layer_version_by_arn(Arn=published["LayerVersionArn"])["Version"] == 1
    assert [v["Version"] for v in lam.list_layer_versions(LayerName="greeting")["LayerVersions"]] == [2, 1]
    layers = lam.list_layers()["Layers"]
    assert [(l["LayerName"], l["LatestMatchingVersion"]["Version"]) for l in layers] == [("greeting", 2)]
    assert error_of(lam.get_layer_version, LayerName="greeting", VersionNumber=9) == (
        404, "ResourceNotFoundException",
        "Layer version arn:aws:lambda:us-east-1:000000000000:layer:greeting:9 does not exist.")
    assert error_of(create_function, lam, "bad-layer-fn", "node_app", "index.greet",
                    Layers=["arn:aws:lambda:us-east-1:000000000000:layer:greeting:7"]) == (
        400, "InvalidParameterValueException",
        "Layer version arn:aws:lambda:us-east-1:000000000000:layer:greeting:7 does not exist.")
    lam.delete_layer_version(LayerName="greeting", VersionNumber=2)
    assert [v["Version"] for v in lam.list_layer_versions(LayerName="greeting")["LayerVersions"]] == [1]


def test_cli_lifecycle(aws, tmp_path):
    path = tmp_path / "fn.zip"
    path.write_bytes(zip_folder("python_app"))
    created = aws.json("lambda", "create-function", "--function-name", "cli-fn", "--runtime", "python3.12",
                       "--handler", "app.echo", "--role", ROLE, "--zip-file", f"fileb://{path}")
    assert created["FunctionName"] == "cli-fn"
    aws.run("lambda", "wait", "function-active-v2", "--function-name", "cli-fn")
    out = tmp_path / "out.json"
    result = aws.json("lambda", "invoke", "--function-name", "cli-fn", "--cli-binary-format", "raw-in-base64-out",
                      "--payload", '{"hello": "cli"}', str(out))
    assert result["StatusCode"] == 200 and result["ExecutedVersion"] == "$LATEST"
    assert json.loads(out.read_text())["event"] == {"hello": "cli"}
    aws.run("lambda", "delete-function", "--function-name", "cli-fn")
    failed = aws.run("lambda", "get-function", "--function-name", "cli-fn", check=False)
    assert failed.returncode != 0 and "ResourceNotFoundException" in failed.stderr


def test_code_from_bunkers_s3(lam, client):
    s3 = client("s3")
    s3.create_bucket(Bucket="lambda-code")
    s3.put_object(Bucket="lambda-code", Key="fn.zip", Body=zip_folder("python_app"))
    created = lam.create_function(FunctionName="s3-code-fn", Runtime="python3.12", Role=ROLE, Handler="app.echo",
                                  Code={"S3Bucket": "lambda-code", "S3Key": "fn.zip"})
    assert created["CodeSize"] == len(zip_folder("python_app"))
    r = lam.invoke(FunctionName="s3-code-fn", Payload=b'{"from": "s3"}')
    assert json.loads(r["Payload"].read())["event"] == {"from": "s3"}
    assert error_of(lam.create_function, FunctionName="s3-missing", Runtime="python3.12", Role=ROLE,
                    Handler="app.echo", Code={"S3Bucket": "lambda-code", "S3Key": "nope.zip"}) == (
        400, "InvalidParameterValueException",
        "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.")
