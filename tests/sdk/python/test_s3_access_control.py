"""S3 Block Public Access, Object Ownership and ACLs as S3 behaves for buckets created
today (April 2023 defaults: all four Block Public Access settings on, ACLs disabled by
BucketOwnerEnforced), with boto3 and the AWS CLI. ACLs and policies are stored and reported,
not enforced for access."""
import json

import pytest
from botocore.exceptions import ClientError

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTH_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
OPEN_BPA = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False}
ACL_NOT_SUPPORTED = ("AccessControlListNotSupported", "The bucket does not allow ACLs", 400)


@pytest.fixture(scope="module")
def s3(client):
    return client("s3")


@pytest.fixture(scope="module")
def owner_id(s3):
    return s3.list_buckets()["Owner"]["ID"]


def error_of(call, *args, **kwargs):
    with pytest.raises(ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    return r["Error"]["Code"], r["Error"].get("Message"), r["ResponseMetadata"]["HTTPStatusCode"]


def grants_of(acl):
    """(grantee type, id or uri, permission) of each grant, in order."""
    return [(g["Grantee"]["Type"], g["Grantee"].get("ID") or g["Grantee"].get("URI"), g["Permission"])
            for g in acl["Grants"]]


def acl_bucket(s3, name, ownership="ObjectWriter", open_acls=True):
    """A bucket that takes ACLs, as one makes it on AWS today."""
    s3.create_bucket(Bucket=name, ObjectOwnership=ownership)
    if open_acls:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=OPEN_BPA)
    return name


def test_new_bucket_defaults(s3, owner_id):
    s3.create_bucket(Bucket="defaults-bucket")
    config = s3.get_public_access_block(Bucket="defaults-bucket")["PublicAccessBlockConfiguration"]
    assert config == {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                      "RestrictPublicBuckets": True}
    rules = s3.get_bucket_ownership_controls(Bucket="defaults-bucket")["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    acl = s3.get_bucket_acl(Bucket="defaults-bucket")
    assert acl["Owner"]["ID"] == owner_id
    assert grants_of(acl) == [("CanonicalUser", owner_id, "FULL_CONTROL")]


def test_public_access_block_put_get_delete(s3):
    s3.create_bucket(Bucket="bpa-bucket")
    s3.put_public_access_block(Bucket="bpa-bucket", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": True})
    got = s3.get_public_access_block(Bucket="bpa-bucket")["PublicAccessBlockConfiguration"]
    assert got == {"BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": False,
                   "RestrictPublicBuckets": True}
    r = s3.delete_public_access_block(Bucket="bpa-bucket")
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        s3.get_public_access_block(Bucket="bpa-bucket")
    err = e.value.response
    assert err["Error"]["Code"] == "NoSuchPublicAccessBlockConfiguration"
    assert err["Error"]["Message"] == "The public access block configuration was not found"
    assert err["Error"]["BucketName"] == "bpa-bucket" and err["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error_of(s3.get_public_access_block, Bucket="no-such-bpa-bucket")[0] == "NoSuchBucket"


def test_ownership_controls_put_get_delete(s3):
    s3.create_bucket(Bucket="own-bucket", ObjectOwnership="BucketOwnerPreferred")
    rules = s3.get_bucket_ownership_controls(Bucket="own-bucket")["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    s3.put_bucket_ownership_controls(Bucket="own-bucket",
                                     OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    rules = s3.get_bucket_ownership_controls(Bucket="own-bucket")["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "ObjectWriter"}]
    assert s3.delete_bucket_ownership_controls(Bucket="own-bucket")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        s3.get_bucket_ownership_controls(Bucket="own-bucket")
    err = e.value.response
    assert (err["Error"]["Code"], err["Error"]["Message"], err["ResponseMetadata"]["HTTPStatusCode"]) == (
        "OwnershipControlsNotFoundError", "The bucket ownership controls were not found", 404)
    assert err["Error"]["BucketName"] == "own-bucket"
    # Without ownership controls the bucket takes ACLs (what buckets did before 2023).
    s3.put_public_access_block(Bucket="own-bucket", PublicAccessBlockConfiguration=OPEN_BPA)
    s3.put_bucket_acl(Bucket="own-bucket", ACL="public-read")
    assert ("Group", ALL_USERS, "READ") in grants_of(s3.get_bucket_acl(Bucket="own-bucket"))
    # BucketOwnerEnforced needs a bucket ACL that gives nothing to others.
    assert error_of(s3.put_bucket_ownership_controls, Bucket="own-bucket",
                    OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}) == (
        "InvalidBucketAclWithObjectOwnership",
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400)
    s3.put_bucket_acl(Bucket="own-bucket", ACL="private")
    s3.put_bucket_ownership_controls(Bucket="own-bucket",
                                     OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})


def test_acls_disabled_refuse_every_acl_but_bucket_owner_full_control(s3, owner_id):
    b = "enforced-bucket"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="k", Body=b"x")
    for acl in ("public-read", "private", "authenticated-read", "bucket-owner-read"):
        assert error_of(s3.put_object, Bucket=b, Key="k2", Body=b"x", ACL=acl) == ACL_NOT_SUPPORTED
    assert error_of(s3.put_object, Bucket=b, Key="k2", Body=b"x",
                    GrantRead=f'uri="{ALL_USERS}"') == ACL_NOT_SUPPORTED
    assert error_of(s3.put_bucket_acl, Bucket=b, ACL="private") == ACL_NOT_SUPPORTED
    assert error_of(s3.put_object_acl, Bucket=b, Key="k", ACL="public-read") == ACL_NOT_SUPPORTED
    assert error_of(s3.copy_object, Bucket=b, Key="k3", CopySource={"Bucket": b, "Key": "k"},
                    ACL="public-read") == ACL_NOT_SUPPORTED
    assert error_of(s3.create_multipart_upload, Bucket=b, Key="mp", ACL="public-read") == ACL_NOT_SUPPORTED
    # bucket-owner-full-control, or the same spelled out, is what such a bucket accepts.
    s3.put_object(Bucket=b, Key="k4", Body=b"x", ACL="bucket-owner-full-control")
    s3.put_object(Bucket=b, Key="k5", Body=b"x", GrantFullControl=f'id="{owner_id}"')
    s3.put_object_acl(Bucket=b, Key="k", ACL="bucket-owner-full-control")
    assert [k["Key"] for k in s3.list_objects_v2(Bucket=b)["Contents"]] == ["k", "k4", "k5"]
    assert grants_of(s3.get_object_acl(Bucket=b, Key="k4")) == [("CanonicalUser", owner_id, "FULL_CONTROL")]


def test_create_bucket_with_acl(s3, owner_id):
    # No x-amz-object-ownership: the bucket would have ACLs disabled, so an ACL that
    # grants to others is refused; `private` is fine.
    assert error_of(s3.create_bucket, Bucket="acl-create-a", ACL="public-read") == (
        "InvalidBucketAclWithObjectOwnership",
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400)
    assert error_of(s3.head_bucket, Bucket="acl-create-a")[2] == 404
    s3.create_bucket(Bucket="acl-create-b", ACL="private")
    # With ACLs enabled the ACL is stored; a public one meets the new bucket's BlockPublicAcls.
    assert error_of(s3.create_bucket, Bucket="acl-create-c", ACL="public-read",
                    ObjectOwnership="ObjectWriter") == ("AccessDenied", "Access Denied", 403)
    s3.create_bucket(Bucket="acl-create-d", ObjectOwnership="ObjectWriter",
                     GrantWrite=f'uri="{LOG_DELIVERY}"', GrantReadACP=f'uri="{LOG_DELIVERY}"',
                     GrantFullControl=f'id="{owner_id}"')
    assert sorted(grants_of(s3.get_bucket_acl(Bucket="acl-create-d"))) == sorted([
        ("CanonicalUser", owner_id, "FULL_CONTROL"), ("Group", LOG_DELIVERY, "WRITE"),
        ("Group", LOG_DELIVERY, "READ_ACP")])


@pytest.fixture(scope="module")
def canned_bucket(s3):
    return acl_bucket(s3, "canned-bucket")


@pytest.mark.parametrize("canned, extra", [
    ("private", []),
    ("public-read", [("Group", ALL_USERS, "READ")]),
    ("public-read-write", [("Group", ALL_USERS, "READ"), ("Group", ALL_USERS, "WRITE")]),
    ("authenticated-read", [("Group", AUTH_USERS, "READ")]),
    ("bucket-owner-read", ["bucket-owner-read"]),
    ("bucket-owner-full-control", []),
])
def test_canned_acls_expand_into_grants(s3, owner_id, canned_bucket, canned, extra):
    b = canned_bucket
    s3.put_object(Bucket=b, Key=canned, Body=b"x", ACL=canned)
    want = [("CanonicalUser", owner_id, "FULL_CONTROL")]
    want += [("CanonicalUser", owner_id, "READ")] if extra == ["bucket-owner-read"] else extra
    acl = s3.get_object_acl(Bucket=b, Key=canned)
    assert acl["Owner"]["ID"] == owner_id and grants_of(acl) == want
    # The same through PutObjectAcl on an object written without one.
    s3.put_object(Bucket=b, Key=canned + "-later", Body=b"x")
    s3.put_object_acl(Bucket=b, Key=canned + "-later", ACL=canned)
    assert grants_of(s3.get_object_acl(Bucket=b, Key=canned + "-later")) == want


def test_log_delivery_write_on_a_bucket(s3, owner_id):
    acl_bucket(s3, "log-bucket")
    s3.put_bucket_acl(Bucket="log-bucket", ACL="log-delivery-write")
    assert grants_of(s3.get_bucket_acl(Bucket="log-bucket")) == [
        ("CanonicalUser", owner_id, "FULL_CONTROL"), ("Group", LOG_DELIVERY, "WRITE"),
        ("Group", LOG_DELIVERY, "READ_ACP")]


def test_block_public_acls(s3, owner_id):
    b = acl_bucket(s3, "bpa-acl-bucket", open_acls=False)
    denied = ("AccessDenied", "Access Denied", 403)
    assert error_of(s3.put_object, Bucket=b, Key="k", Body=b"x", ACL="public-read") == denied
    assert error_of(s3.put_object, Bucket=b, Key="k", Body=b"x", GrantRead=f'uri="{AUTH_USERS}"') == denied
    assert error_of(s3.put_bucket_acl, Bucket=b, ACL="public-read") == denied
    # Non-public ACLs pass.
    s3.put_object(Bucket=b, Key="k", Body=b"x", ACL="private")
    s3.put_object_acl(Bucket=b, Key="k", GrantRead=f'id="{owner_id}"', GrantFullControl=f'id="{owner_id}"')
    assert grants_of(s3.get_object_acl(Bucket=b, Key="k")) == [("CanonicalUser", owner_id, "FULL_CONTROL"),
                                                               ("CanonicalUser", owner_id, "READ")]
    assert error_of(s3.put_object_acl, Bucket=b, Key="k", ACL="public-read") == denied
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration=dict(OPEN_BPA, BlockPublicPolicy=True))
    s3.put_object(Bucket=b, Key="pub", Body=b"x", ACL="public-read")
    assert ("Group", ALL_USERS, "READ") in grants_of(s3.get_object_acl(Bucket=b, Key="pub"))


def test_acl_documents_and_request_errors(s3, owner_id):
    b = acl_bucket(s3, "acl-doc-bucket")
    s3.put_object(Bucket=b, Key="k", Body=b"x")
    policy = {"Owner": {"ID": owner_id}, "Grants": [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner_id}, "Permission": "FULL_CONTROL"},
        {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"}]}
    s3.put_object_acl(Bucket=b, Key="k", AccessControlPolicy=policy)
    assert grants_of(s3.get_object_acl(Bucket=b, Key="k")) == [("CanonicalUser", owner_id, "FULL_CONTROL"),
                                                               ("Group", ALL_USERS, "READ")]
    assert error_of(s3.put_object, Bucket=b, Key="k", Body=b"x", ACL="public-read",
                    GrantRead=f'uri="{ALL_USERS}"') == (
        "InvalidRequest", "Specifying both Canned ACLs and Header Grants is not allowed", 400)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=b, Key="k", Body=b"x", ACL="privat")
    err = e.value.response["Error"]
    assert (err["Code"], err.get("ArgumentName"), err.get("ArgumentValue")) == ("InvalidArgument", "x-amz-acl", "privat")
    assert error_of(s3.put_object_acl, Bucket=b, Key="missing", ACL="private")[0] == "NoSuchKey"
    assert error_of(s3.put_bucket_acl, Bucket=b)[0:3:2] == ("MissingSecurityHeader", 400)
    # The ACL outlives a rewrite of the object's tags (the record keeps it).
    s3.put_object_tagging(Bucket=b, Key="k", Tagging={"TagSet": [{"Key": "a", "Value": "1"}]})
    assert ("Group", ALL_USERS, "READ") in grants_of(s3.get_object_acl(Bucket=b, Key="k"))


def test_multipart_and_copy_carry_their_own_acl(s3, owner_id):
    b = acl_bucket(s3, "acl-mp-bucket")
    uid = s3.create_multipart_upload(Bucket=b, Key="mp", ACL="public-read")["UploadId"]
    etag = s3.upload_part(Bucket=b, Key="mp", UploadId=uid, PartNumber=1, Body=b"part")["ETag"]
    s3.complete_multipart_upload(Bucket=b, Key="mp", UploadId=uid,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert ("Group", ALL_USERS, "READ") in grants_of(s3.get_object_acl(Bucket=b, Key="mp"))
    # A copy does not take the source's ACL.
    s3.copy_object(Bucket=b, Key="copy", CopySource={"Bucket": b, "Key": "mp"})
    assert grants_of(s3.get_object_acl(Bucket=b, Key="copy")) == [("CanonicalUser", owner_id, "FULL_CONTROL")]
    s3.copy_object(Bucket=b, Key="copy2", CopySource={"Bucket": b, "Key": "mp"}, ACL="authenticated-read")
    assert ("Group", AUTH_USERS, "READ") in grants_of(s3.get_object_acl(Bucket=b, Key="copy2"))


def policy_for(b, statement_extra=None, principal="*"):
    st = {"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"}
    st.update(statement_extra or {})
    return json.dumps({"Version": "2012-10-17", "Statement": [st]})


def test_block_public_policy_and_policy_status(s3):
    b = "policy-status-bucket"
    s3.create_bucket(Bucket=b)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_policy_status(Bucket=b)
    assert e.value.response["Error"]["Code"] == "NoSuchBucketPolicy"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error_of(s3.put_bucket_policy, Bucket=b, Policy=policy_for(b)) == ("AccessDenied", "Access Denied", 403)
    assert error_of(s3.put_bucket_policy, Bucket=b,
                    Policy=policy_for(b, principal={"AWS": ["arn:aws:iam::111122223333:root", "*"]}))[0] == "AccessDenied"
    # Policies limited to fixed principals or fixed condition values are not public.
    for policy in (policy_for(b, principal={"AWS": "arn:aws:iam::111122223333:root"}),
                   policy_for(b, principal={"Service": "cloudfront.amazonaws.com"}),
                   policy_for(b, {"Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}),
                   policy_for(b, {"Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}})):
        s3.put_bucket_policy(Bucket=b, Policy=policy)
        assert s3.get_bucket_policy_status(Bucket=b)["PolicyStatus"] == {"IsPublic": False}
    for extra in ({"Condition": {"StringLike": {"aws:SourceArn": "arn:aws:*"}}},
                  {"Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}},
                  {"Condition": {"StringNotEquals": {"aws:SourceAccount": "111122223333"}}}):
        assert error_of(s3.put_bucket_policy, Bucket=b, Policy=policy_for(b, extra))[0] == "AccessDenied"
    # As on AWS today: lift BlockPublicPolicy first, then the public policy goes in.
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration=dict(
        OPEN_BPA, BlockPublicAcls=True, IgnorePublicAcls=True))
    s3.put_bucket_policy(Bucket=b, Policy=policy_for(b))
    assert s3.get_bucket_policy_status(Bucket=b)["PolicyStatus"] == {"IsPublic": True}
    # Turning the block back on keeps the existing policy.
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={k: True for k in OPEN_BPA})
    assert json.loads(s3.get_bucket_policy(Bucket=b)["Policy"]) == json.loads(policy_for(b))


def test_writer_ownership_follows_the_setting(bunker, s3, owner_id):
    """BucketOwnerPreferred: the bucket owner takes objects written with
    bucket-owner-full-control; the writer keeps the rest (one owner here, so the check is
    on the grants S3 reports)."""
    b = acl_bucket(s3, "preferred-bucket", ownership="BucketOwnerPreferred")
    s3.put_object(Bucket=b, Key="bofc", Body=b"x", ACL="bucket-owner-full-control")
    acl = s3.get_object_acl(Bucket=b, Key="bofc")
    assert acl["Owner"]["ID"] == owner_id
    assert grants_of(acl) == [("CanonicalUser", owner_id, "FULL_CONTROL")]


def test_cli_put_public_access_block_and_cp_acl(aws, s3, tmp_path):
    b = "cli-acl-bucket"
    aws.run("s3api", "create-bucket", "--bucket", b, "--object-ownership", "ObjectWriter")
    f = tmp_path / "page.html"
    f.write_text("<p>hi</p>")
    p = aws.run("s3", "cp", str(f), f"s3://{b}/page.html", "--acl", "public-read", check=False)
    assert p.returncode != 0 and "AccessDenied" in p.stderr
    aws.run("s3api", "put-public-access-block", "--bucket", b, "--public-access-block-configuration",
            "BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets=false")
    got = aws.json("s3api", "get-public-access-block", "--bucket", b)["PublicAccessBlockConfiguration"]
    assert not any(got.values())
    aws.run("s3", "cp", str(f), f"s3://{b}/page.html", "--acl", "public-read")
    grants = aws.json("s3api", "get-object-acl", "--bucket", b, "--key", "page.html")["Grants"]
    assert {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"} in grants
    # On a default bucket the same copy is refused: ACLs are disabled.
    aws.run("s3api", "create-bucket", "--bucket", "cli-default-bucket")
    p = aws.run("s3", "cp", str(f), "s3://cli-default-bucket/page.html", "--acl", "public-read", check=False)
    assert p.returncode != 0 and "AccessControlListNotSupported" in p.stderr
    assert aws.json("s3api", "get-bucket-ownership-controls", "--bucket", "cli-default-bucket")[
        "OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]


def test_settings_survive_restart(bunker, client, owner_id):
    s3 = client("s3")
    b = acl_bucket(s3, "durable-acl-bucket", ownership="BucketOwnerPreferred")
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration=dict(OPEN_BPA, RestrictPublicBuckets=True))
    s3.put_bucket_acl(Bucket=b, ACL="public-read")
    s3.put_object(Bucket=b, Key="k", Body=b"x", ACL="authenticated-read")
    s3.put_bucket_policy(Bucket=b, Policy=policy_for(b))
    bunker.restart()
    s3 = client("s3")
    assert s3.get_public_access_block(Bucket=b)["PublicAccessBlockConfiguration"] == dict(
        OPEN_BPA, RestrictPublicBuckets=True)
    assert s3.get_bucket_ownership_controls(Bucket=b)["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "BucketOwnerPreferred"}]
    assert ("Group", ALL_USERS, "READ") in grants_of(s3.get_bucket_acl(Bucket=b))
    assert ("Group", AUTH_USERS, "READ") in grants_of(s3.get_object_acl(Bucket=b, Key="k"))
    assert s3.get_bucket_policy_status(Bucket=b)["PolicyStatus"]["IsPublic"] is True
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"x"
