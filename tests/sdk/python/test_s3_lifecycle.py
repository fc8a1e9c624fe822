"""S3 lifecycle configurations: Put/Get/DeleteBucketLifecycleConfiguration with S3's
validation, and the rules applied — current objects expired (Days from creation or a Date,
Filter by prefix, tag, And, object size), incomplete multipart uploads aborted, and
s3:LifecycleExpiration:Delete notifications. The server runs with the test aid
--s3-lifecycle-days-ahead 3: rules see the clock three days ahead, so a rule of 2 days is due
now and one of 5 days is not; a Date in the past is due whatever the clock."""
import datetime
import json
import time
import urllib.error
import urllib.request

import pytest

from conftest import make_client
from dynamodb_helpers import create_table
from lambda_support import create_function, wait_for
from aws_errors import error_response as error_of

BUNKER_ARGS = ("--s3-lifecycle-days-ahead", "3")


@pytest.fixture(scope="module")
def s3(client):
    return client("s3")


def keys(s3, bucket):
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def eventually(check, timeout=15):
    deadline = time.time() + timeout
    while True:
        if check():
            return
        if time.time() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.05)


def rule(rule_id, **kw):
    return {"ID": rule_id, "Status": "Enabled", **kw}


def test_round_trip(s3):
    s3.create_bucket(Bucket="lc-round-trip")
    rules = [
        rule("logs", Filter={"Prefix": "logs/"}, Expiration={"Days": 30},
             Transitions=[{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 90, "StorageClass": "GLACIER"}]),
        rule("tagged", Filter={"Tag": {"Key": "tmp", "Value": "yes"}}, Expiration={"Days": 1}),
        rule("and", Filter={"And": {"Prefix": "a/", "Tags": [{"Key": "k", "Value": "v"}],
                                    "ObjectSizeGreaterThan": 10, "ObjectSizeLessThan": 1000}},
             Expiration={"Date": datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)}),
        {"ID": "off", "Status": "Disabled", "Filter": {"ObjectSizeGreaterThan": 5},
         "NoncurrentVersionExpiration": {"NoncurrentDays": 7}},
        rule("uploads", Filter={"Prefix": ""}, AbortIncompleteMultipartUpload={"DaysAfterInitiation": 7}),
    ]
    r = s3.put_bucket_lifecycle_configuration(Bucket="lc-round-trip", LifecycleConfiguration={"Rules": rules})
    assert r["ResponseMetadata"]["HTTPHeaders"]["x-amz-transition-default-minimum-object-size"] == \
        "all_storage_classes_128K"
    got = s3.get_bucket_lifecycle_configuration(Bucket="lc-round-trip")
    assert got["Rules"] == rules
    assert got["ResponseMetadata"]["HTTPHeaders"]["x-amz-transition-default-minimum-object-size"] == \
        "all_storage_classes_128K"

    # A rule without an ID gets one; the deprecated rule-level Prefix comes back as given.
    s3.put_bucket_lifecycle_configuration(Bucket="lc-round-trip", LifecycleConfiguration={"Rules": [
        {"Status": "Enabled", "Prefix": "old/", "Expiration": {"Days": 3}}]})
    (only,) = s3.get_bucket_lifecycle_configuration(Bucket="lc-round-trip")["Rules"]
    assert only["Prefix"] == "old/" and "Filter" not in only and len(only["ID"]) > 0

    assert s3.delete_bucket_lifecycle(Bucket="lc-round-trip")["ResponseMetadata"]["HTTPStatusCode"] == 204
    err = error_of(s3.get_bucket_lifecycle_configuration, Bucket="lc-round-trip")
    assert err["Error"]["Code"] == "NoSuchLifecycleConfiguration"


def put_error(s3, rules, bucket="lc-errors"):
    err = error_of(s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    return err["ResponseMetadata"]["HTTPStatusCode"], err["Error"]["Code"], err["Error"]["Message"]


def test_validation(bunker, s3):
    s3.create_bucket(Bucket="lc-errors")
    exp = {"Expiration": {"Days": 1}}
    assert put_error(s3, [rule("same", Filter={"Prefix": "a"}, **exp), rule("same", Filter={"Prefix": "b"}, **exp)]) == (
        400, "InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule")
    assert put_error(s3, [rule("x" * 256, Filter={"Prefix": ""}, **exp)]) == (
        400, "InvalidArgument", "ID length should not exceed allowed limit of 255")
    assert put_error(s3, [rule("zero", Filter={"Prefix": ""}, Expiration={"Days": 0})]) == (
        400, "InvalidArgument", "'Days' for Expiration action must be a positive integer")
    noon = datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.timezone.utc)
    assert put_error(s3, [rule("noon", Filter={"Prefix": ""}, Expiration={"Date": noon})]) == (
        400, "InvalidArgument", "'Date' must be at midnight GMT")
    assert put_error(s3, [rule("none", Filter={"Prefix": ""})]) == (
        400, "InvalidRequest", "At least one action needs to be specified in a rule")
    assert put_error(s3, [rule("tags", Filter={"Tag": {"Key": "k", "Value": "v"}},
                               AbortIncompleteMultipartUpload={"DaysAfterInitiation": 1})]) == (
        400, "InvalidRequest", "AbortIncompleteMultipartUpload cannot be specified with Tags.")
    assert put_error(s3, [rule("abort0", Filter={"Prefix": ""},
                               AbortIncompleteMultipartUpload={"DaysAfterInitiation": 0})]) == (
        400, "InvalidArgument", "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer")
    assert put_error(s3, [rule("ia", Filter={"Prefix": ""}, Transitions=[{"Days": 10, "StorageClass": "STANDARD_IA"}])]) == (
        400, "InvalidArgument", "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'")
    malformed = "The XML you provided was not well-formed or did not validate against our published schema"
    both = {"Days": 1, "Date": datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)}
    assert put_error(s3, [rule("both", Filter={"Prefix": ""}, Expiration=both)]) == (400, "MalformedXML", malformed)
    assert put_error(s3, [{"ID": "bad", "Status": "On", "Filter": {"Prefix": ""}, **exp}]) == (400, "MalformedXML", malformed)
    assert put_error(s3, [rule("two", Filter={"Prefix": "a", "ObjectSizeLessThan": 5}, **exp)]) == (
        400, "MalformedXML", malformed)
    assert put_error(s3, [rule(f"r{i}", Filter={"Prefix": f"{i}/"}, **exp) for i in range(1001)]) == (
        400, "MalformedXML", malformed)
    assert put_error(s3, [rule("x", Filter={"Prefix": ""}, **exp)], bucket="lc-no-such-bucket")[1] == "NoSuchBucket"
    # A document without Content-MD5 or a checksum is refused, as S3 requires one.
    body = b"<LifecycleConfiguration><Rule><ID>a</ID><Filter/><Status>Enabled</Status>" \
           b"<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>"
    req = urllib.request.Request(f"{bunker.endpoint}/lc-errors?lifecycle", data=body, method="PUT")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=30)
    text = e.value.read()
    assert e.value.code == 400 and b"<Code>InvalidRequest</Code>" in text
    assert b"Missing required header for this request: Content-MD5" in text
    # Nothing was stored by any of these.
    assert error_of(s3.get_bucket_lifecycle_configuration, Bucket="lc-errors")["Error"]["Code"] == \
        "NoSuchLifecycleConfiguration"


def test_expiration_by_date_prefix_tag_and_size(s3):
    b = "lc-expire"
    s3.create_bucket(Bucket=b)
    for key in ("old/a", "old/b", "keep/a"):
        s3.put_object(Bucket=b, Key=key, Body=b"x")
    s3.put_object(Bucket=b, Key="t/tagged", Body=b"x", Tagging="tmp=yes")
    s3.put_object(Bucket=b, Key="t/other-tag", Body=b"x", Tagging="tmp=no")
    s3.put_object(Bucket=b, Key="big/large", Body=b"x" * 100)
    s3.put_object(Bucket=b, Key="big/small", Body=b"x" * 10)
    s3.put_object(Bucket=b, Key="later/a", Body=b"x")
    s3.put_object(Bucket=b, Key="off/a", Body=b"x")
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        rule("by-date", Filter={"Prefix": "old/"}, Expiration={"Date": past}),
        rule("by-tag", Filter={"Tag": {"Key": "tmp", "Value": "yes"}}, Expiration={"Days": 2}),
        rule("by-size", Filter={"And": {"Prefix": "big/", "ObjectSizeGreaterThan": 50}}, Expiration={"Days": 1}),
        rule("not-yet", Filter={"Prefix": "later/"}, Expiration={"Days": 5}),
        {"ID": "disabled", "Status": "Disabled", "Filter": {"Prefix": "off/"}, "Expiration": {"Date": past}},
    ]})
    expected = ["big/small", "keep/a", "later/a", "off/a", "t/other-tag"]
    eventually(lambda: keys(s3, b) == expected)
    # Once due, objects written later under the same rule go at the next sweep.
    s3.put_object(Bucket=b, Key="old/c", Body=b"x")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        rule("by-date", Filter={"Prefix": "old/"}, Expiration={"Date": past})]})
    eventually(lambda: "old/c" not in keys(s3, b))
    assert keys(s3, b) == expected


def test_incomplete_uploads_are_aborted(s3):
    b = "lc-uploads"
    s3.create_bucket(Bucket=b)
    stale = s3.create_multipart_upload(Bucket=b, Key="tmp/big")["UploadId"]
    s3.upload_part(Bucket=b, Key="tmp/big", UploadId=stale, PartNumber=1, Body=b"part")
    kept = s3.create_multipart_upload(Bucket=b, Key="data/big")["UploadId"]
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        rule("abort", Filter={"Prefix": "tmp/"}, AbortIncompleteMultipartUpload={"DaysAfterInitiation": 1}),
        rule("abort-later", Filter={"Prefix": "data/"}, AbortIncompleteMultipartUpload={"DaysAfterInitiation": 7})]})

    def uploads():
        return sorted(u["UploadId"] for u in s3.list_multipart_uploads(Bucket=b).get("Uploads", []))
    eventually(lambda: uploads() == [kept])
    assert error_of(s3.list_parts, Bucket=b, Key="tmp/big", UploadId=stale)["Error"]["Code"] == "NoSuchUpload"


def test_rules_survive_a_restart_and_still_apply(bunker, s3):
    b = "lc-restart"
    s3.create_bucket(Bucket=b)
    rules = [rule("r", Filter={"Prefix": "x/"}, Expiration={"Days": 4})]  # due in more than 3 days
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": rules})
    s3.put_object(Bucket=b, Key="x/survivor", Body=b"x")
    bunker.restart()
    assert s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"] == rules
    assert keys(s3, b) == ["x/survivor"]
    past = datetime.datetime(2021, 6, 1, tzinfo=datetime.timezone.utc)
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        rule("r", Filter={"Prefix": "x/"}, Expiration={"Date": past})]})
    eventually(lambda: keys(s3, b) == [])


def test_cli_round_trip(aws, s3):
    s3.create_bucket(Bucket="lc-cli")
    config = {"Rules": [{"ID": "cli", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 7}}]}
    aws.run("s3api", "put-bucket-lifecycle-configuration", "--bucket", "lc-cli",
            "--lifecycle-configuration", json.dumps(config))
    got = json.loads(aws.run("s3api", "get-bucket-lifecycle-configuration", "--bucket", "lc-cli").stdout)
    assert got["Rules"] == config["Rules"]
    aws.run("s3api", "delete-bucket-lifecycle", "--bucket", "lc-cli")


def test_expirations_notify_lifecycle_subscribers(bunker, client, s3):
    lam = make_client(bunker, "lambda", read_timeout=70)
    ddb = client("dynamodb")
    create_table(ddb, "lc-events", ("pk", "S"))
    fn = create_function(lam, "lc-sink", "event_sink", "app.handler", runtime="python3.12", Timeout=30,
                         Environment={"Variables": {"SINK": "lc-events"}})["FunctionArn"]
    lam.add_permission(FunctionName="lc-sink", StatementId="s3", Action="lambda:InvokeFunction",
                       Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::lc-notify")
    b = "lc-notify"
    s3.create_bucket(Bucket=b)
    s3.put_bucket_notification_configuration(Bucket=b, NotificationConfiguration={"LambdaFunctionConfigurations": [
        {"Id": "expired", "LambdaFunctionArn": fn, "Events": ["s3:LifecycleExpiration:*"]}]})
    s3.put_object(Bucket=b, Key="gone", Body=b"x")
    s3.delete_object(Bucket=b, Key="not-an-expiration")  # an ObjectRemoved event: not subscribed
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        rule("all", Filter={}, Expiration={"Date": datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)})]})

    def records():
        out = []
        for i in ddb.scan(TableName="lc-events", ConsistentRead=True)["Items"]:
            out += json.loads(i["event"]["S"])["Records"]
        return out
    wait_for(lambda: len(records()) == 1, timeout=60)
    (r,) = records()
    assert r["eventName"] == "LifecycleExpiration:Delete" and r["eventVersion"] == "2.3"
    assert r["userIdentity"] == {"principalId": "s3.amazonaws.com"}
    assert r["requestParameters"] == {"sourceIPAddress": "s3.amazonaws.com"}
    assert r["s3"]["bucket"]["name"] == b and r["s3"]["object"]["key"] == "gone"
    assert r["s3"]["configurationId"] == "expired"
    assert keys(s3, b) == []
