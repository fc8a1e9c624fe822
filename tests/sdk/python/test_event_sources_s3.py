"""S3 event notifications to Lambda, through boto3: notification configurations with
events and prefix/suffix filters (and S3's validation errors), and the S3 event
records functions receive for puts, copies, multipart uploads and deletions."""
import json

import pytest

from conftest import make_client
from dynamodb_helpers import create_table
from lambda_support import create_function, wait_for

RECORD_KEYS = ["eventVersion", "eventSource", "awsRegion", "eventTime", "eventName", "userIdentity",
               "requestParameters", "responseElements", "s3"]


@pytest.fixture(scope="module")
def s3(client):
    return client("s3")


@pytest.fixture(scope="module")
def sink(bunker, client):
    lam = make_client(bunker, "lambda", read_timeout=70)
    ddb = client("dynamodb")
    create_table(ddb, "s3-events", ("pk", "S"))
    fn = create_function(lam, "s3-sink", "event_sink", "app.handler", runtime="python3.12", Timeout=30,
                         Environment={"Variables": {"SINK": "s3-events"}})
    # As a real deploy does: S3 may invoke the function for this test's buckets.
    lam.add_permission(FunctionName="s3-sink", StatementId="s3", Action="lambda:InvokeFunction",
                       Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::notif-*", SourceAccount="000000000000")
    return ddb, fn["FunctionArn"]


def records(ddb):
    out = []
    for i in ddb.scan(TableName="s3-events", ConsistentRead=True)["Items"]:
        out += json.loads(i["event"]["S"])["Records"]
    return out


def test_configuration_round_trip_and_errors(s3, sink):
    _, fn = sink
    s3.create_bucket(Bucket="notif-config")
    assert "LambdaFunctionConfigurations" not in s3.get_bucket_notification_configuration(Bucket="notif-config")
    config = {"LambdaFunctionConfigurations": [
        {"Id": "jpgs", "LambdaFunctionArn": fn, "Events": ["s3:ObjectCreated:*"],
         "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "images/"}, {"Name": "suffix", "Value": ".jpg"}]}}}]}
    s3.put_bucket_notification_configuration(Bucket="notif-config", NotificationConfiguration=config)
    got = s3.get_bucket_notification_configuration(Bucket="notif-config")["LambdaFunctionConfigurations"]
    assert got == [{"Id": "jpgs", "LambdaFunctionArn": fn, "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": "images/"},
                                                       {"Name": "Suffix", "Value": ".jpg"}]}}}]

    def error(cfg, bucket="notif-config"):
        with pytest.raises(s3.exceptions.ClientError) as e:
            s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=cfg)
        return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]

    missing_fn = fn.replace("s3-sink", "nope")
    assert error({"LambdaFunctionConfigurations": [{"LambdaFunctionArn": missing_fn, "Events": ["s3:ObjectCreated:*"]}]}) == (
        "InvalidArgument", "Unable to validate the following destination configurations")
    assert error({"LambdaFunctionConfigurations": [{"LambdaFunctionArn": fn, "Events": ["s3:ObjectExploded:*"]}]}) == (
        "InvalidArgument", "The event is not supported for notifications")
    assert error({"LambdaFunctionConfigurations": [
        {"LambdaFunctionArn": fn, "Events": ["s3:ObjectCreated:*"]},
        {"LambdaFunctionArn": fn, "Events": ["s3:ObjectCreated:Put"]}]})[1] == (
        "Configurations overlap. Configurations on the same bucket cannot share a common event type.")
    assert error({"LambdaFunctionConfigurations": [{"LambdaFunctionArn": fn, "Events": ["s3:ObjectCreated:*"]}]},
                 bucket="no-such-bucket-here")[0] == "NoSuchBucket"
    # The rejected configurations left the stored one alone.
    assert s3.get_bucket_notification_configuration(Bucket="notif-config")["LambdaFunctionConfigurations"][0]["Id"] == "jpgs"


def test_configuration_needs_the_functions_permission(bunker, s3, sink):
    """S3 checks the function's resource policy when the configuration is put (AWS's
    answer: InvalidArgument, ArgumentName1 "<arn>, null", "Not authorized to invoke
    function [<arn>]"), for the bucket the permission names."""
    _, fn = sink
    lam = make_client(bunker, "lambda")
    s3.create_bucket(Bucket="other-bucket")
    config = {"LambdaFunctionConfigurations": [{"LambdaFunctionArn": fn, "Events": ["s3:ObjectCreated:*"]}]}
    with pytest.raises(s3.exceptions.ClientError) as e:
        s3.put_bucket_notification_configuration(Bucket="other-bucket", NotificationConfiguration=config)
    err = e.value.response["Error"]
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert (err["Code"], err["Message"]) == ("InvalidArgument", "Unable to validate the following destination configurations")
    assert err["ArgumentName1"] == fn + ", null"
    assert err["ArgumentValue1"] == f"Not authorized to invoke function [{fn}]"
    # Granting it for that bucket (any account's source, no SourceAccount) makes it pass.
    lam.add_permission(FunctionName="s3-sink", StatementId="other", Action="lambda:InvokeFunction",
                       Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::other-bucket")
    s3.put_bucket_notification_configuration(Bucket="other-bucket", NotificationConfiguration=config)
    assert s3.get_bucket_notification_configuration(Bucket="other-bucket")["LambdaFunctionConfigurations"][0][
        "LambdaFunctionArn"] == fn
    lam.remove_permission(FunctionName="s3-sink", StatementId="other")


def test_object_events_reach_the_function(s3, sink):
    ddb, fn = sink
    s3.create_bucket(Bucket="notif-events")
    s3.put_bucket_notification_configuration(Bucket="notif-events", NotificationConfiguration={
        "LambdaFunctionConfigurations": [
            {"Id": "created", "LambdaFunctionArn": fn, "Events": ["s3:ObjectCreated:*"],
             "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "images/"}]}}},
            {"Id": "removed", "LambdaFunctionArn": fn, "Events": ["s3:ObjectRemoved:Delete"]}]})
    put = s3.put_object(Bucket="notif-events", Key="images/a b.jpg", Body=b"hello")
    s3.put_object(Bucket="notif-events", Key="docs/skip.txt", Body=b"not matched")
    s3.copy_object(Bucket="notif-events", Key="images/copy.jpg", CopySource={"Bucket": "notif-events", "Key": "images/a b.jpg"})
    up = s3.create_multipart_upload(Bucket="notif-events", Key="images/big.jpg")
    part = s3.upload_part(Bucket="notif-events", Key="images/big.jpg", UploadId=up["UploadId"], PartNumber=1, Body=b"x" * 10)
    s3.complete_multipart_upload(Bucket="notif-events", Key="images/big.jpg", UploadId=up["UploadId"],
                                 MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]})
    s3.delete_object(Bucket="notif-events", Key="images/a b.jpg")
    s3.delete_objects(Bucket="notif-events", Delete={"Objects": [{"Key": "docs/skip.txt"}]})
    got = wait_for(lambda: (lambda r: r if len(r) >= 5 else None)(records(ddb)))
    by_name = {}
    for r in got:
        by_name.setdefault(r["eventName"], []).append(r)
    assert sorted(by_name) == ["ObjectCreated:CompleteMultipartUpload", "ObjectCreated:Copy", "ObjectCreated:Put",
                               "ObjectRemoved:Delete"]
    first = by_name["ObjectCreated:Put"][0]
    assert list(first.keys()) == RECORD_KEYS
    assert first["eventVersion"] == "2.1" and first["eventSource"] == "aws:s3" and first["awsRegion"] == "us-east-1"
    assert first["eventTime"].endswith("Z") and first["userIdentity"]["principalId"].startswith("AWS:")
    assert first["responseElements"]["x-amz-request-id"] == put["ResponseMetadata"]["RequestId"]
    s3part = first["s3"]
    assert s3part["s3SchemaVersion"] == "1.0" and s3part["configurationId"] == "created"
    assert s3part["bucket"]["name"] == "notif-events" and s3part["bucket"]["arn"] == "arn:aws:s3:::notif-events"
    assert s3part["object"]["key"] == "images/a+b.jpg"  # URL-encoded, as S3 writes keys into events
    assert s3part["object"]["size"] == 5 and s3part["object"]["eTag"] == put["ETag"].strip('"')
    assert len(s3part["object"]["sequencer"]) == 16
    # Deletions: one for the image (DeleteObject) and one for the text (DeleteObjects), no size.
    removed = sorted(r["s3"]["object"]["key"] for r in by_name["ObjectRemoved:Delete"])
    assert removed == ["docs/skip.txt", "images/a+b.jpg"]
    assert all("size" not in r["s3"]["object"] and r["s3"]["configurationId"] == "removed"
               for r in by_name["ObjectRemoved:Delete"])
    assert len(got) == 5  # docs/skip.txt's creation matched no configuration
