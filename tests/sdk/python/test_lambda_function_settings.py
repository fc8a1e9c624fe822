"""What Terraform / CDK / SAM read back after creating a function: its code signing
configuration (none can exist in Bunker) and its runtime management configuration, with
AWS's errors, kept across a restart."""
import pytest
from botocore.exceptions import ClientError

from lambda_support import create_function

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    return (e.value.response["Error"]["Code"], e.value.response["Error"]["Message"],
            e.value.response["ResponseMetadata"]["HTTPStatusCode"])


def without_metadata(answer):
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


@pytest.fixture(scope="module")
def lam(client):
    return client("lambda")


def test_code_signing_config(lam):
    create_function(lam, "settings-csc", "node_app", "index.echo")
    got = lam.get_function_code_signing_config(FunctionName="settings-csc")
    assert without_metadata(got) == {"CodeSigningConfigArn": "", "FunctionName": "settings-csc"}
    assert lam.get_function_code_signing_config(FunctionName=ARN + "settings-csc")["FunctionName"] == "settings-csc"
    csc = "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0"
    assert error_of(lam.put_function_code_signing_config, FunctionName="settings-csc", CodeSigningConfigArn=csc) == (
        "CodeSigningConfigNotFoundException",
        f"The code signing configuration cannot be found. Check that the provided configuration is not deleted: {csc}.",
        404)
    lam.delete_function_code_signing_config(FunctionName="settings-csc")
    missing = ("ResourceNotFoundException", f"Function not found: {ARN}settings-none", 404)
    assert error_of(lam.get_function_code_signing_config, FunctionName="settings-none") == missing
    assert error_of(lam.delete_function_code_signing_config, FunctionName="settings-none") == missing


def has_runtime_management(lam):
    return "GetRuntimeManagementConfig" in lam.meta.service_model.operation_names


def test_runtime_management_config(lam):
    if not has_runtime_management(lam):
        pytest.skip("this botocore has no runtime management operations")
    create_function(lam, "settings-rt", "node_app", "index.echo")
    assert without_metadata(lam.get_runtime_management_config(FunctionName="settings-rt")) == {
        "UpdateRuntimeOn": "Auto", "FunctionArn": ARN + "settings-rt"}
    put = lam.put_runtime_management_config(FunctionName="settings-rt", UpdateRuntimeOn="FunctionUpdate")
    assert without_metadata(put) == {"UpdateRuntimeOn": "FunctionUpdate", "FunctionArn": ARN + "settings-rt"}
    assert lam.get_runtime_management_config(FunctionName="settings-rt")["UpdateRuntimeOn"] == "FunctionUpdate"
    version = lam.publish_version(FunctionName="settings-rt")["Version"]
    # A version has its own, Auto until set.
    got = lam.get_runtime_management_config(FunctionName="settings-rt", Qualifier=version)
    assert without_metadata(got) == {"UpdateRuntimeOn": "Auto", "FunctionArn": f"{ARN}settings-rt:{version}"}
    runtime_arn = "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    lam.put_runtime_management_config(FunctionName="settings-rt", Qualifier=version, UpdateRuntimeOn="Manual",
                                      RuntimeVersionArn=runtime_arn)
    got = lam.get_runtime_management_config(FunctionName="settings-rt", Qualifier=version)
    assert (got["UpdateRuntimeOn"], got["RuntimeVersionArn"]) == ("Manual", runtime_arn)
    assert error_of(lam.get_runtime_management_config, FunctionName="settings-rt", Qualifier="99") == (
        "ResourceNotFoundException", f"Function not found: {ARN}settings-rt:99", 404)
    assert error_of(lam.get_runtime_management_config, FunctionName="settings-none") == (
        "ResourceNotFoundException", f"Function not found: {ARN}settings-none", 404)


def test_runtime_management_kept_across_restart(bunker, client):
    lam = client("lambda")
    if not has_runtime_management(lam):
        pytest.skip("this botocore has no runtime management operations")
    create_function(lam, "settings-durable", "node_app", "index.echo")
    lam.put_runtime_management_config(FunctionName="settings-durable", UpdateRuntimeOn="FunctionUpdate")
    bunker.restart()
    lam = client("lambda")
    assert lam.get_runtime_management_config(FunctionName="settings-durable")["UpdateRuntimeOn"] == "FunctionUpdate"
