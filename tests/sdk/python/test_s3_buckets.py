"""S3 buckets with boto3: create/list/head/delete, naming rules, regions, ownership,
tagging, policies, ACLs, and S3's errors for each misuse."""
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


@pytest.fixture(scope="module")
def s3(client):
    return client("s3")


def error_of(call, *args, **kwargs):
    with pytest.raises(ClientError) as e:
        call(*args, **kwargs)
    return e.value.response


def test_create_list_head_delete(s3):
    s3.create_bucket(Bucket="alpha-bucket")
    s3.create_bucket(Bucket="beta.bucket")
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert names == sorted(names) and {"alpha-bucket", "beta.bucket"} <= set(names)
    head = s3.head_bucket(Bucket="alpha-bucket")
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "us-east-1"
    assert s3.get_bucket_location(Bucket="alpha-bucket")["LocationConstraint"] is None
    s3.delete_bucket(Bucket="beta.bucket")
    assert "beta.bucket" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    err = error_of(s3.head_bucket, Bucket="beta.bucket")
    assert err["Error"]["Code"] == "404" and err["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_no_such_bucket_carries_the_name(s3):
    err = error_of(s3.list_objects_v2, Bucket="missing-bucket")
    assert err["Error"]["Code"] == "NoSuchBucket"
    assert err["Error"]["BucketName"] == "missing-bucket"
    assert err["Error"]["Message"] == "The specified bucket does not exist"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error_of(s3.delete_bucket, Bucket="missing-bucket")["Error"]["Code"] == "NoSuchBucket"


@pytest.mark.parametrize("name", ["ab", "UpperCase", "a" * 64, "bad..dots", "-leading", "trailing-", "192.168.1.1",
                                  "under_score", "xn--punycode", "name-s3alias"])
def test_invalid_bucket_names(s3, name):
    err = error_of(s3.create_bucket, Bucket=name)
    assert err["Error"]["Code"] == "InvalidBucketName"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_recreate_in_us_east_1_succeeds_elsewhere_already_owned(bunker, s3):
    s3.create_bucket(Bucket="again-bucket")
    s3.create_bucket(Bucket="again-bucket")  # us-east-1's legacy answer: 200
    eu = boto3.client("s3", endpoint_url=bunker.endpoint, region_name="eu-west-1",
                      aws_access_key_id="test", aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))
    eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    err = error_of(eu.create_bucket, Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert err["Error"]["Code"] == "BucketAlreadyOwnedByYou"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert eu.get_bucket_location(Bucket="eu-bucket")["LocationConstraint"] == "eu-west-1"
    assert eu.head_bucket(Bucket="eu-bucket")["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "eu-west-1"
    err = error_of(eu.create_bucket, Bucket="eu-bucket-2")
    assert err["Error"]["Code"] == "IllegalLocationConstraintException"
    err = error_of(s3.create_bucket, Bucket="ue1-bucket", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert err["Error"]["Code"] == "InvalidLocationConstraint"


def test_other_account_gets_bucket_already_exists(bunker, s3):
    other = boto3.client("s3", endpoint_url=bunker.endpoint, region_name="us-east-1",
                         aws_access_key_id="111122223333", aws_secret_access_key="x")
    s3.create_bucket(Bucket="taken-bucket")
    err = error_of(other.create_bucket, Bucket="taken-bucket")
    assert err["Error"]["Code"] == "BucketAlreadyExists" and err["ResponseMetadata"]["HTTPStatusCode"] == 409
    # Each account lists its own buckets, under its own owner.
    assert "taken-bucket" not in [b["Name"] for b in other.list_buckets()["Buckets"]]
    assert other.list_buckets()["Owner"]["ID"] != s3.list_buckets()["Owner"]["ID"]


def test_bucket_not_empty(s3):
    s3.create_bucket(Bucket="full-bucket")
    s3.put_object(Bucket="full-bucket", Key="k", Body=b"x")
    err = error_of(s3.delete_bucket, Bucket="full-bucket")
    assert err["Error"]["Code"] == "BucketNotEmpty" and err["ResponseMetadata"]["HTTPStatusCode"] == 409
    s3.delete_object(Bucket="full-bucket", Key="k")
    s3.delete_bucket(Bucket="full-bucket")


def test_list_buckets_pagination_and_prefix(s3):
    shape = s3.meta.service_model.operation_model("ListBuckets").input_shape
    if shape is None or "MaxBuckets" not in shape.members:
        pytest.skip("this botocore predates ListBuckets pagination")
    for i in range(5):
        s3.create_bucket(Bucket=f"page-{i}-bucket")
    r = s3.list_buckets(MaxBuckets=2, Prefix="page-")
    assert [b["Name"] for b in r["Buckets"]] == ["page-0-bucket", "page-1-bucket"]
    assert r["Prefix"] == "page-"
    seen = [b["Name"] for b in r["Buckets"]]
    while "ContinuationToken" in r:
        r = s3.list_buckets(MaxBuckets=2, Prefix="page-", ContinuationToken=r["ContinuationToken"])
        seen += [b["Name"] for b in r["Buckets"]]
    assert seen == [f"page-{i}-bucket" for i in range(5)]
    assert all(b["BucketRegion"] == "us-east-1" for b in r["Buckets"])


def test_bucket_tagging(s3):
    s3.create_bucket(Bucket="tagged-bucket")
    err = error_of(s3.get_bucket_tagging, Bucket="tagged-bucket")
    assert err["Error"]["Code"] == "NoSuchTagSet" and err["ResponseMetadata"]["HTTPStatusCode"] == 404
    s3.put_bucket_tagging(Bucket="tagged-bucket", Tagging={"TagSet": [{"Key": "env", "Value": "dev"},
                                                                      {"Key": "team", "Value": "a"}]})
    assert s3.get_bucket_tagging(Bucket="tagged-bucket")["TagSet"] == [{"Key": "env", "Value": "dev"},
                                                                       {"Key": "team", "Value": "a"}]
    err = error_of(s3.put_bucket_tagging, Bucket="tagged-bucket",
                   Tagging={"TagSet": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]})
    assert err["Error"]["Code"] == "InvalidTag"
    s3.delete_bucket_tagging(Bucket="tagged-bucket")
    assert error_of(s3.get_bucket_tagging, Bucket="tagged-bucket")["Error"]["Code"] == "NoSuchTagSet"


def test_bucket_policy_stored_and_returned(s3):
    s3.create_bucket(Bucket="policy-bucket")
    err = error_of(s3.get_bucket_policy, Bucket="policy-bucket")
    assert err["Error"]["Code"] == "NoSuchBucketPolicy"
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                      "Resource": "arn:aws:s3:::policy-bucket/*"}]}
    # A public policy needs BlockPublicPolicy off first, as on a bucket made on AWS today.
    assert error_of(s3.put_bucket_policy, Bucket="policy-bucket", Policy=json.dumps(policy))["Error"]["Code"] == "AccessDenied"
    s3.put_public_access_block(Bucket="policy-bucket", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    s3.put_bucket_policy(Bucket="policy-bucket", Policy=json.dumps(policy))
    assert json.loads(s3.get_bucket_policy(Bucket="policy-bucket")["Policy"]) == policy
    err = error_of(s3.put_bucket_policy, Bucket="policy-bucket", Policy="not json")
    assert err["Error"]["Code"] == "MalformedPolicy"
    s3.delete_bucket_policy(Bucket="policy-bucket")
    assert error_of(s3.get_bucket_policy, Bucket="policy-bucket")["Error"]["Code"] == "NoSuchBucketPolicy"


def test_acl_versioning_encryption_reports(s3):
    s3.create_bucket(Bucket="acl-bucket")
    acl = s3.get_bucket_acl(Bucket="acl-bucket")
    owner = s3.list_buckets()["Owner"]
    assert acl["Owner"]["ID"] == owner["ID"]
    assert acl["Grants"][0]["Permission"] == "FULL_CONTROL"
    assert acl["Grants"][0]["Grantee"]["ID"] == owner["ID"]
    assert "Status" not in s3.get_bucket_versioning(Bucket="acl-bucket")
    rules = s3.get_bucket_encryption(Bucket="acl-bucket")["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


def test_unsupported_subresource_is_not_implemented(s3):
    s3.create_bucket(Bucket="lifecycle-bucket")
    err = error_of(s3.get_bucket_analytics_configuration, Bucket="lifecycle-bucket", Id="a")
    assert err["Error"]["Code"] == "NotImplemented" and err["ResponseMetadata"]["HTTPStatusCode"] == 501
