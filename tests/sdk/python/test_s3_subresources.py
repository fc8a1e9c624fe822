"""S3 sub-resources: a request naming one (?acl, ?uploads, ?location…) is that sub-resource's
operation or S3's refusal, never the plain bucket or object operation (a bucket survives
DELETE /bucket?acl); and the bucket settings Terraform and CDK read back after creating a
bucket answer as S3 answers for a bucket that has none configured."""
import json

import pytest
from aws_errors import error_response as error_of, http

BUCKET = "subresource-bucket"


@pytest.fixture(scope="module")
def s3(client):
    c = client("s3")
    c.create_bucket(Bucket=BUCKET)
    c.put_object(Bucket=BUCKET, Key="keep.txt", Body=b"still here")
    return c


def refused(bunker, method, path, resource_type):
    status, _, body = http(bunker, method, path, body=b"" if method in ("PUT", "POST") else None)
    assert status == 405, (method, path, body)
    assert b"<Code>MethodNotAllowed</Code>" in body
    assert b"<Message>The specified method is not allowed against this resource.</Message>" in body
    assert f"<Method>{method}</Method>".encode() in body, body
    assert f"<ResourceType>{resource_type}</ResourceType>".encode() in body, body


# (method, sub-resource, resource type): each a method the bucket's sub-resource has no
# operation for, which before fell through to DeleteBucket / CreateBucket / a listing.
BUCKET_REFUSALS = [
    ("DELETE", "acl", "ACL"),
    ("DELETE", "versioning", "VERSIONING"),
    ("DELETE", "location", "LOCATION"),
    ("DELETE", "uploads", "UPLOADS"),
    ("DELETE", "versions", "VERSIONS"),
    ("DELETE", "policyStatus", "POLICY_STATUS"),
    ("DELETE", "notification", "NOTIFICATION"),
    ("DELETE", "requestPayment", "REQUEST_PAYMENT"),
    ("DELETE", "accelerate", "ACCELERATE"),
    ("DELETE", "object-lock", "OBJECT_LOCK"),
    ("DELETE", "logging", "LOGGING"),
    ("DELETE", "uploadId=abc", "UPLOAD"),
    ("PUT", "uploads", "UPLOADS"),
    ("PUT", "location", "LOCATION"),
    ("PUT", "versions", "VERSIONS"),
    ("PUT", "policyStatus", "POLICY_STATUS"),
    ("PUT", "delete", "MULTI_OBJECT_DELETE"),
    ("GET", "delete", "MULTI_OBJECT_DELETE"),
    ("GET", "restore", "RESTORE"),
    ("POST", "acl", "ACL"),
    ("POST", "torrent", "TORRENT"),
]


@pytest.mark.parametrize("method, sub, resource_type", BUCKET_REFUSALS, ids=[f"{m}-{s}" for m, s, _ in BUCKET_REFUSALS])
def test_a_method_the_bucket_sub_resource_lacks_is_refused(bunker, s3, method, sub, resource_type):
    refused(bunker, method, f"/{BUCKET}?{sub}", resource_type)
    # The bucket and what it holds are untouched.
    assert s3.get_object(Bucket=BUCKET, Key="keep.txt")["Body"].read() == b"still here"


def test_head_with_a_sub_resource_is_refused_without_a_body(bunker, s3):
    for path in (f"/{BUCKET}?acl", f"/{BUCKET}?location", f"/{BUCKET}/keep.txt?tagging", f"/{BUCKET}/keep.txt?acl"):
        status, headers, body = http(bunker, "HEAD", path)
        assert status == 405 and body == b"", path
    status, _, _ = http(bunker, "HEAD", f"/{BUCKET}")
    assert status == 200
    status, headers, _ = http(bunker, "HEAD", f"/{BUCKET}/keep.txt?partNumber=1")
    assert status == 206 or status == 200
    s3.head_object(Bucket=BUCKET, Key="keep.txt")


def test_refusal_comes_before_the_bucket_is_looked_up(bunker, s3):
    refused(bunker, "DELETE", "/no-such-bucket-here?acl", "ACL")
    refused(bunker, "PUT", "/no-such-bucket-here?uploads", "UPLOADS")
    # PUT ?uploads used to create the bucket.
    assert "no-such-bucket-here" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_an_empty_bucket_survives_delete_with_a_sub_resource(bunker, s3):
    s3.create_bucket(Bucket="empty-survivor")
    for sub in ("acl", "versioning", "location", "uploads", "versions", "policyStatus"):
        status, _, _ = http(bunker, "DELETE", f"/empty-survivor?{sub}")
        assert status == 405, sub
    s3.head_bucket(Bucket="empty-survivor")
    s3.delete_bucket(Bucket="empty-survivor")


OBJECT_REFUSALS = [
    ("DELETE", "acl", "ACL"),
    ("DELETE", "attributes", "ATTRIBUTES"),
    ("PUT", "attributes", "ATTRIBUTES"),
    ("POST", "tagging", "OBJECT_TAGGING"),
    ("GET", "restore", "RESTORE"),
    ("DELETE", "restore", "RESTORE"),
    ("GET", "select", "SELECT"),
    ("PUT", "select", "SELECT"),
    ("GET", "encryption", "OBJECT_ENCRYPTION"),
    ("DELETE", "uploads", "UPLOADS"),
    ("GET", "uploads", "UPLOADS"),
    ("DELETE", "torrent", "TORRENT"),
    ("PATCH", "uploadId=x&partNumber=1", "PART"),
    ("DELETE", "logging", "LOGGING"),
    ("GET", "versions", "VERSIONS"),
    ("PUT", "versions", "VERSIONS"),
]


@pytest.mark.parametrize("method, sub, resource_type", OBJECT_REFUSALS, ids=[f"{m}-{s}" for m, s, _ in OBJECT_REFUSALS])
def test_a_method_the_object_sub_resource_lacks_is_refused(bunker, s3, method, sub, resource_type):
    refused(bunker, method, f"/{BUCKET}/keep.txt?{sub}", resource_type)
    assert s3.get_object(Bucket=BUCKET, Key="keep.txt")["Body"].read() == b"still here"


def test_a_bucket_sub_resource_at_a_key_is_the_buckets_operation(bunker, s3):
    status, _, body = http(bunker, "GET", f"/{BUCKET}/keep.txt?location")
    assert status == 200 and b"<LocationConstraint" in body
    status, _, body = http(bunker, "GET", f"/{BUCKET}/keep.txt?versioning")
    assert status == 200 and b"<VersioningConfiguration" in body
    status, _, body = http(bunker, "GET", f"/{BUCKET}/no/such/key?lifecycle")
    assert status == 404 and b"<Code>NoSuchLifecycleConfiguration</Code>" in body
    # DELETE key?cors is DeleteBucketCors, not DeleteObject.
    s3.put_bucket_cors(Bucket=BUCKET, CORSConfiguration={
        "CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]})
    status, _, _ = http(bunker, "DELETE", f"/{BUCKET}/keep.txt?cors")
    assert status == 204
    assert error_of(s3.get_bucket_cors, Bucket=BUCKET)["Error"]["Code"] == "NoSuchCORSConfiguration"
    assert s3.get_object(Bucket=BUCKET, Key="keep.txt")["Body"].read() == b"still here"


def test_two_sub_resources_conflict(bunker, s3):
    for query in ("versioning&acl", "acl&versioning"):
        status, _, body = http(bunker, "GET", f"/{BUCKET}?{query}")
        assert status == 400 and b"<Code>InvalidArgument</Code>" in body
        assert b"<Message>Conflicting query string parameters: acl, versioning</Message>" in body
        assert b"<ArgumentName>ResourceType</ArgumentName><ArgumentValue>acl</ArgumentValue>" in body
    status, _, body = http(bunker, "DELETE", f"/{BUCKET}/keep.txt?tagging&acl")
    assert status == 400 and b"Conflicting query string parameters: acl, tagging" in body
    assert s3.get_object(Bucket=BUCKET, Key="keep.txt")["Body"].read() == b"still here"


def test_plain_operations_and_sub_resource_operations_still_answer(bunker, s3):
    # Parameters that are not sub-resources leave the plain operation alone.
    status, _, body = http(bunker, "GET", f"/{BUCKET}?list-type=2&prefix=keep&x-id=ListObjectsV2")
    assert status == 200 and b"<Key>keep.txt</Key>" in body
    status, _, body = http(bunker, "GET", f"/{BUCKET}/keep.txt?x-id=GetObject")
    assert status == 200 and body == b"still here"
    upload = s3.create_multipart_upload(Bucket=BUCKET, Key="mpu")["UploadId"]
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=BUCKET)["Uploads"]] == [upload]
    s3.abort_multipart_upload(Bucket=BUCKET, Key="mpu", UploadId=upload)
    r = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "not-there"}]})
    assert [d["Key"] for d in r["Deleted"]] == ["not-there"]


def test_settings_of_a_bucket_nobody_configured(s3):
    """What Terraform's aws_s3_bucket reads back after creating a bucket."""
    s3.create_bucket(Bucket="tf-bucket")
    accelerate = s3.get_bucket_accelerate_configuration(Bucket="tf-bucket")
    assert "Status" not in accelerate and accelerate["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert s3.get_bucket_request_payment(Bucket="tf-bucket")["Payer"] == "BucketOwner"
    logging = s3.get_bucket_logging(Bucket="tf-bucket")
    assert "LoggingEnabled" not in logging and logging["ResponseMetadata"]["HTTPStatusCode"] == 200

    err = error_of(s3.get_bucket_lifecycle_configuration, Bucket="tf-bucket")
    assert err["Error"]["Code"] == "NoSuchLifecycleConfiguration"
    assert err["Error"]["Message"] == "The lifecycle configuration does not exist"
    assert err["Error"]["BucketName"] == "tf-bucket" and err["ResponseMetadata"]["HTTPStatusCode"] == 404

    err = error_of(s3.get_bucket_replication, Bucket="tf-bucket")
    assert err["Error"]["Code"] == "ReplicationConfigurationNotFoundError"
    assert err["Error"]["Message"] == "The replication configuration was not found"
    assert err["Error"]["BucketName"] == "tf-bucket" and err["ResponseMetadata"]["HTTPStatusCode"] == 404

    err = error_of(s3.get_object_lock_configuration, Bucket="tf-bucket")
    assert err["Error"]["Code"] == "ObjectLockConfigurationNotFoundError"
    assert err["Error"]["Message"] == "Object Lock configuration does not exist for this bucket"
    assert err["Error"]["BucketName"] == "tf-bucket" and err["ResponseMetadata"]["HTTPStatusCode"] == 404

    # Deleting what does not exist succeeds, as on S3 (Terraform's destroy path).
    assert s3.delete_bucket_lifecycle(Bucket="tf-bucket")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.delete_bucket_replication(Bucket="tf-bucket")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_settings_of_a_missing_bucket_are_no_such_bucket(s3):
    for call in (s3.get_bucket_accelerate_configuration, s3.get_bucket_request_payment, s3.get_bucket_logging,
                 s3.get_bucket_lifecycle_configuration, s3.get_bucket_replication, s3.get_object_lock_configuration,
                 s3.delete_bucket_lifecycle, s3.delete_bucket_replication):
        err = error_of(call, Bucket="never-made-bucket")
        assert err["Error"]["Code"] == "NoSuchBucket", call


def test_request_payment_bucket_owner_only(s3):
    s3.create_bucket(Bucket="payer-bucket")
    s3.put_bucket_request_payment(Bucket="payer-bucket", RequestPaymentConfiguration={"Payer": "BucketOwner"})
    assert s3.get_bucket_request_payment(Bucket="payer-bucket")["Payer"] == "BucketOwner"
    err = error_of(s3.put_bucket_request_payment, Bucket="payer-bucket",
                   RequestPaymentConfiguration={"Payer": "Requester"})
    assert err["Error"]["Code"] == "NotImplemented" and err["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert s3.get_bucket_request_payment(Bucket="payer-bucket")["Payer"] == "BucketOwner"


def test_settings_that_cannot_be_set_are_not_implemented(s3):
    s3.create_bucket(Bucket="unset-bucket")
    for call, kwargs in (
        (s3.put_bucket_accelerate_configuration, {"AccelerateConfiguration": {"Status": "Enabled"}}),
        (s3.put_object_lock_configuration, {"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled"}}),
        (s3.put_bucket_logging, {"BucketLoggingStatus": {}}),
    ):
        err = error_of(call, Bucket="unset-bucket", **kwargs)
        assert err["Error"]["Code"] == "NotImplemented", call
    # A bucket asked for Object Lock is refused rather than made without it.
    err = error_of(s3.create_bucket, Bucket="locked-bucket", ObjectLockEnabledForBucket=True)
    assert err["Error"]["Code"] == "NotImplemented"
    assert "locked-bucket" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_cli_reads_back_the_settings(aws, s3):
    s3.create_bucket(Bucket="cli-settings")
    out = aws.run("s3api", "get-bucket-accelerate-configuration", "--bucket", "cli-settings").stdout
    assert "Status" not in (json.loads(out) if out.strip() else {})
    payer = json.loads(aws.run("s3api", "get-bucket-request-payment", "--bucket", "cli-settings").stdout)
    assert payer["Payer"] == "BucketOwner"
    aws.run("s3api", "get-bucket-logging", "--bucket", "cli-settings")
    p = aws.run("s3api", "get-bucket-lifecycle-configuration", "--bucket", "cli-settings", check=False)
    assert p.returncode != 0 and "NoSuchLifecycleConfiguration" in p.stderr
    p = aws.run("s3api", "get-bucket-replication", "--bucket", "cli-settings", check=False)
    assert p.returncode != 0 and "ReplicationConfigurationNotFoundError" in p.stderr
    p = aws.run("s3api", "get-object-lock-configuration", "--bucket", "cli-settings", check=False)
    assert p.returncode != 0 and "ObjectLockConfigurationNotFoundError" in p.stderr
