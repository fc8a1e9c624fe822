"""Lambda's event invoke configurations (Put/Update/Get/Delete/ListFunctionEventInvokeConfigs)
as Terraform's aws_lambda_function_event_invoke_config and SAM read and write them, with
AWS's errors, kept across a restart, and MaximumRetryAttempts applied to Event invocations."""
import time

import pytest
from botocore.exceptions import ClientError

from lambda_support import create_function, wait_for
from aws_errors import error_of

BUNKER_ARGS = ["--lambda-async-retry-delay", "0.2s"]
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
NO_FUNCTION = ("ResourceNotFoundException", "The function doesn't exist.")


def without_metadata(answer):
    answer = dict(answer)
    answer.pop("ResponseMetadata", None)
    assert isinstance(answer.pop("LastModified").timestamp(), float)
    return answer


def none_for(qualified):
    return ("ResourceNotFoundException", f"The function {qualified} doesn't have an EventInvokeConfig")


@pytest.fixture(scope="module")
def lam(client):
    return client("lambda")


def test_lifecycle(lam):
    create_function(lam, "eic", "node_app", "index.echo")
    assert error_of(lam.get_function_event_invoke_config, FunctionName="eic") == none_for(ARN + "eic:$LATEST")
    put = lam.put_function_event_invoke_config(FunctionName="eic", MaximumRetryAttempts=1, MaximumEventAgeInSeconds=60)
    expected = {"FunctionArn": ARN + "eic:$LATEST", "MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 60,
                "DestinationConfig": {"OnSuccess": {}, "OnFailure": {}}}
    assert without_metadata(put) == expected
    assert without_metadata(lam.get_function_event_invoke_config(FunctionName="eic")) == expected
    # Update changes only what it is given; Put replaces the whole configuration.
    updated = lam.update_function_event_invoke_config(FunctionName="eic", MaximumRetryAttempts=0)
    assert without_metadata(updated) == {**expected, "MaximumRetryAttempts": 0}
    replaced = lam.put_function_event_invoke_config(FunctionName="eic", MaximumEventAgeInSeconds=120)
    assert without_metadata(replaced) == {"FunctionArn": ARN + "eic:$LATEST", "MaximumEventAgeInSeconds": 120,
                                          "DestinationConfig": {"OnSuccess": {}, "OnFailure": {}}}
    # Versions and aliases have their own; a published version does not take $LATEST's.
    version = lam.publish_version(FunctionName="eic")["Version"]
    lam.create_alias(FunctionName="eic", Name="live", FunctionVersion=version)
    assert error_of(lam.get_function_event_invoke_config, FunctionName="eic", Qualifier=version) == \
        none_for(f"{ARN}eic:{version}")
    lam.put_function_event_invoke_config(FunctionName="eic", Qualifier=version, MaximumRetryAttempts=2)
    lam.put_function_event_invoke_config(FunctionName="eic:live", MaximumRetryAttempts=1)
    listed = lam.list_function_event_invoke_configs(FunctionName="eic")["FunctionEventInvokeConfigs"]
    assert [c["FunctionArn"] for c in listed] == [ARN + "eic:$LATEST", f"{ARN}eic:{version}", ARN + "eic:live"]
    page = lam.list_function_event_invoke_configs(FunctionName="eic", MaxItems=2)
    assert len(page["FunctionEventInvokeConfigs"]) == 2
    rest = lam.list_function_event_invoke_configs(FunctionName="eic", Marker=page["NextMarker"])
    assert [c["FunctionArn"] for c in rest["FunctionEventInvokeConfigs"]] == [ARN + "eic:live"]
    assert "NextMarker" not in rest
    lam.delete_function_event_invoke_config(FunctionName="eic", Qualifier="live")
    assert error_of(lam.delete_function_event_invoke_config, FunctionName="eic", Qualifier="live") == \
        none_for(ARN + "eic:live")
    assert len(lam.list_function_event_invoke_configs(FunctionName="eic")["FunctionEventInvokeConfigs"]) == 2
    # Deleting an alias or version takes its configuration with it.
    lam.put_function_event_invoke_config(FunctionName="eic:live", MaximumRetryAttempts=1)
    lam.delete_alias(FunctionName="eic", Name="live")
    lam.delete_function(FunctionName="eic", Qualifier=version)
    listed = lam.list_function_event_invoke_configs(FunctionName="eic")["FunctionEventInvokeConfigs"]
    assert [c["FunctionArn"] for c in listed] == [ARN + "eic:$LATEST"]
    lam.create_alias(FunctionName="eic", Name="live", FunctionVersion="$LATEST")
    assert error_of(lam.get_function_event_invoke_config, FunctionName="eic:live") == none_for(ARN + "eic:live")


def test_errors(lam):
    create_function(lam, "eic-errors", "node_app", "index.echo")
    assert error_of(lam.put_function_event_invoke_config, FunctionName="eic-none", MaximumRetryAttempts=1) == NO_FUNCTION
    assert error_of(lam.put_function_event_invoke_config, FunctionName="eic-errors", Qualifier="nope",
                    MaximumRetryAttempts=1) == NO_FUNCTION
    assert error_of(lam.list_function_event_invoke_configs, FunctionName="eic-none") == NO_FUNCTION
    assert error_of(lam.get_function_event_invoke_config, FunctionName="eic-none") == none_for(ARN + "eic-none:$LATEST")
    assert error_of(lam.update_function_event_invoke_config, FunctionName="eic-errors", MaximumRetryAttempts=1) == \
        none_for(ARN + "eic-errors:$LATEST")
    assert error_of(lam.put_function_event_invoke_config, FunctionName="eic-errors") == (
        "InvalidParameterValueException", "You must specify at least one of error handling or destination setting.")
    assert error_of(lam.put_function_event_invoke_config, FunctionName="eic-errors:live", Qualifier="other",
                    MaximumRetryAttempts=1) == (
        "InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier.")
    code, message = error_of(lam.put_function_event_invoke_config, FunctionName="eic-errors", MaximumEventAgeInSeconds=21601)
    assert code == "ValidationException"
    assert message == ("1 validation error detected: Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy "
                       "constraint: Member must have value less than or equal to 21600")
    # Destinations are not delivered to by Bunker: refused as AWS refuses a destination it does not take.
    target = ARN + "eic-errors-target"
    code, message = error_of(lam.put_function_event_invoke_config, FunctionName="eic-errors",
                             DestinationConfig={"OnFailure": {"Destination": target}})
    assert (code, message) == ("InvalidParameterValueException",
                               f"The provided destination config DestinationConfig(onSuccess=null, "
                               f"onFailure=OnFailure(destination={target})) is invalid.")
    # Empty destinations are what AWS shows for none: accepted.
    lam.put_function_event_invoke_config(FunctionName="eic-errors", MaximumRetryAttempts=0,
                                         DestinationConfig={"OnSuccess": {}, "OnFailure": {}})


def test_retries_follow_the_configuration(lam, client):
    create_function(lam, "eic-fail", "node_app", "index.fail")
    lam.put_function_event_invoke_config(FunctionName="eic-fail", MaximumRetryAttempts=0)
    r = lam.invoke(FunctionName="eic-fail", InvocationType="Event", Payload=b'{"error_msg":"async"}')
    request_id = r["ResponseMetadata"]["RequestId"]
    logs = client("logs")

    def starts():
        try:
            return len(logs.filter_log_events(logGroupName="/aws/lambda/eic-fail",
                                              filterPattern=f'"START RequestId: {request_id}"')["events"])
        except ClientError:
            return 0

    assert wait_for(starts) == 1
    time.sleep(1)  # the default would have retried after 0.2 s and 0.4 s
    assert starts() == 1


def test_kept_across_restart(bunker, client):
    lam = client("lambda")
    create_function(lam, "eic-durable", "node_app", "index.echo")
    lam.put_function_event_invoke_config(FunctionName="eic-durable", MaximumRetryAttempts=2,
                                         MaximumEventAgeInSeconds=3600)
    bunker.restart()
    lam = client("lambda")
    got = lam.get_function_event_invoke_config(FunctionName="eic-durable")
    assert (got["MaximumRetryAttempts"], got["MaximumEventAgeInSeconds"]) == (2, 3600)
