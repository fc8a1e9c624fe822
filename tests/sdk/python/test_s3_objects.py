"""S3 objects with boto3 and plain HTTP: headers and metadata, Content-MD5, ranges,
conditional requests with S3's precedence, response-* overrides, deletes, copies,
tags, attributes, ACLs, and the exact errors."""
import base64
import datetime
import hashlib

import pytest
from aws_errors import error_response as error_of, http

BUCKET = "objects-bucket"


@pytest.fixture(scope="module")
def s3(client):
    c = client("s3")
    c.create_bucket(Bucket=BUCKET)
    return c


def test_put_get_headers_and_metadata(s3):
    r = s3.put_object(Bucket=BUCKET, Key="doc.txt", Body=b"hello world", ContentType="text/plain",
                      ContentEncoding="identity", ContentDisposition="attachment; filename=doc.txt",
                      ContentLanguage="en", CacheControl="max-age=60",
                      Expires=datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc),
                      Metadata={"Camel-Case": "Value", "other": "x y"}, StorageClass="STANDARD_IA")
    assert r["ETag"] == '"%s"' % hashlib.md5(b"hello world").hexdigest()
    g = s3.get_object(Bucket=BUCKET, Key="doc.txt")
    assert g["Body"].read() == b"hello world"
    assert g["ContentType"] == "text/plain" and g["ContentLength"] == 11
    assert g["ContentDisposition"] == "attachment; filename=doc.txt"
    assert g["ContentLanguage"] == "en" and g["CacheControl"] == "max-age=60" and g["ContentEncoding"] == "identity"
    assert g["Metadata"] == {"camel-case": "Value", "other": "x y"}
    assert g["StorageClass"] == "STANDARD_IA" and g["ETag"] == r["ETag"]
    assert g["AcceptRanges"] == "bytes"
    s3.put_object(Bucket=BUCKET, Key="plain", Body=b"x")
    assert s3.head_object(Bucket=BUCKET, Key="plain")["ContentType"] == "binary/octet-stream"


def test_no_such_key_and_head_without_body(bunker, s3):
    err = error_of(s3.get_object, Bucket=BUCKET, Key="missing/key.txt")
    assert err["Error"] == {"Code": "NoSuchKey", "Message": "The specified key does not exist.", "Key": "missing/key.txt"}
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 404
    status, headers, body = http(bunker, "HEAD", f"/{BUCKET}/missing")
    assert status == 404 and body == b"" and headers["x-amz-request-id"]
    status, _, body = http(bunker, "GET", f"/{BUCKET}/missing")
    assert status == 404 and b"<Code>NoSuchKey</Code>" in body and b"<Key>missing</Key>" in body


def test_keys_with_unicode_and_special_characters(s3):
    keys = ["ünïcødé/ファイル.txt", "spaces and+plus", "a%2Fencoded", "dir//double", "?question#hash", "tab\tkey"]
    for k in keys:
        s3.put_object(Bucket=BUCKET, Key=k, Body=k.encode())
    for k in keys:
        assert s3.get_object(Bucket=BUCKET, Key=k)["Body"].read() == k.encode()
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert set(keys) <= set(listed)


def test_content_md5(s3):
    good = base64.b64encode(hashlib.md5(b"data").digest()).decode()
    s3.put_object(Bucket=BUCKET, Key="md5", Body=b"data", ContentMD5=good)
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    err = error_of(s3.put_object, Bucket=BUCKET, Key="md5-bad", Body=b"data", ContentMD5=wrong)
    assert err["Error"]["Code"] == "BadDigest" and err["ResponseMetadata"]["HTTPStatusCode"] == 400
    err = error_of(s3.put_object, Bucket=BUCKET, Key="md5-bad", Body=b"data", ContentMD5="not-md5")
    assert err["Error"]["Code"] == "InvalidDigest"
    assert error_of(s3.head_object, Bucket=BUCKET, Key="md5-bad")["Error"]["Code"] == "404"


def test_metadata_limit(s3):
    err = error_of(s3.put_object, Bucket=BUCKET, Key="big-meta", Body=b"x", Metadata={"m": "v" * 2100})
    assert err["Error"]["Code"] == "MetadataTooLarge"


def test_ranges(s3):
    body = bytes(range(100))
    s3.put_object(Bucket=BUCKET, Key="range", Body=body)
    r = s3.get_object(Bucket=BUCKET, Key="range", Range="bytes=10-19")
    assert r["Body"].read() == body[10:20] and r["ContentRange"] == "bytes 10-19/100"
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert s3.get_object(Bucket=BUCKET, Key="range", Range="bytes=90-")["Body"].read() == body[90:]
    assert s3.get_object(Bucket=BUCKET, Key="range", Range="bytes=-5")["Body"].read() == body[-5:]
    assert s3.get_object(Bucket=BUCKET, Key="range", Range="bytes=95-500")["Body"].read() == body[95:]
    # Not a valid single range: S3 ignores the header.
    r = s3.get_object(Bucket=BUCKET, Key="range", Range="bytes=abc")
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 200 and r["Body"].read() == body
    err = error_of(s3.get_object, Bucket=BUCKET, Key="range", Range="bytes=100-")
    assert err["Error"]["Code"] == "InvalidRange" and err["ResponseMetadata"]["HTTPStatusCode"] == 416
    assert err["Error"]["ActualObjectSize"] == "100"


def test_conditional_get_precedence(s3):
    etag = s3.put_object(Bucket=BUCKET, Key="cond", Body=b"abc")["ETag"]
    modified = s3.head_object(Bucket=BUCKET, Key="cond")["LastModified"]
    past = modified - datetime.timedelta(days=1)
    future = modified + datetime.timedelta(days=1)
    assert s3.get_object(Bucket=BUCKET, Key="cond", IfMatch=etag)["Body"].read() == b"abc"
    err = error_of(s3.get_object, Bucket=BUCKET, Key="cond", IfMatch='"nope"')
    assert err["Error"]["Code"] == "PreconditionFailed" and err["ResponseMetadata"]["HTTPStatusCode"] == 412
    err = error_of(s3.get_object, Bucket=BUCKET, Key="cond", IfNoneMatch=etag)
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 304
    err = error_of(s3.get_object, Bucket=BUCKET, Key="cond", IfModifiedSince=future)
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 304
    err = error_of(s3.get_object, Bucket=BUCKET, Key="cond", IfUnmodifiedSince=past)
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 412
    # If-Match true wins over If-Unmodified-Since false.
    assert s3.get_object(Bucket=BUCKET, Key="cond", IfMatch=etag, IfUnmodifiedSince=past)["Body"].read() == b"abc"
    # If-None-Match false (it matches) with If-Modified-Since true: 304.
    err = error_of(s3.get_object, Bucket=BUCKET, Key="cond", IfNoneMatch=etag, IfModifiedSince=past)
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 304
    # If-None-Match true (differs) with If-Modified-Since false: 200.
    r = s3.get_object(Bucket=BUCKET, Key="cond", IfNoneMatch='"other"', IfModifiedSince=future)
    assert r["Body"].read() == b"abc"
    err = error_of(s3.head_object, Bucket=BUCKET, Key="cond", IfMatch='"nope"')
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 412


def test_conditional_put(bunker, s3):
    s3.put_object(Bucket=BUCKET, Key="cond-put", Body=b"1")
    status, _, body = http(bunker, "PUT", f"/{BUCKET}/cond-put", b"2", {"If-None-Match": "*"})
    assert status == 412 and b"PreconditionFailed" in body
    status, _, _ = http(bunker, "PUT", f"/{BUCKET}/cond-put-new", b"2", {"If-None-Match": "*"})
    assert status == 200
    assert s3.get_object(Bucket=BUCKET, Key="cond-put")["Body"].read() == b"1"


def test_response_overrides(s3):
    s3.put_object(Bucket=BUCKET, Key="override", Body=b"x", ContentType="text/plain")
    r = s3.get_object(Bucket=BUCKET, Key="override", ResponseContentType="application/json",
                      ResponseContentDisposition="inline", ResponseCacheControl="no-cache",
                      ResponseContentLanguage="fr", ResponseContentEncoding="gzip")
    assert r["ContentType"] == "application/json" and r["ContentDisposition"] == "inline"
    assert r["CacheControl"] == "no-cache" and r["ContentLanguage"] == "fr" and r["ContentEncoding"] == "gzip"


def test_delete_and_delete_objects(s3):
    for i in range(5):
        s3.put_object(Bucket=BUCKET, Key=f"del/{i}", Body=b"x")
    assert s3.delete_object(Bucket=BUCKET, Key="del/0")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.delete_object(Bucket=BUCKET, Key="del/0")["ResponseMetadata"]["HTTPStatusCode"] == 204
    r = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "del/1"}, {"Key": "del/2"}, {"Key": "nope"}]})
    assert sorted(d["Key"] for d in r["Deleted"]) == ["del/1", "del/2", "nope"]
    r = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "del/3"}, {"Key": "del/4"}], "Quiet": True})
    assert "Deleted" not in r and "Errors" not in r
    assert "Contents" not in s3.list_objects_v2(Bucket=BUCKET, Prefix="del/")


def test_delete_objects_malformed(bunker, s3):
    body = b"<Delete><Object><Key>a</Key></Object>"
    md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
    status, _, text = http(bunker, "POST", f"/{BUCKET}?delete", body, {"Content-MD5": md5})
    assert status == 400 and b"<Code>MalformedXML</Code>" in text
    status, _, text = http(bunker, "POST", f"/{BUCKET}?delete", b"<Delete><Object><Key>a</Key></Object></Delete>")
    assert status == 400 and b"<Code>InvalidRequest</Code>" in text


def test_copy_object(s3):
    s3.put_object(Bucket=BUCKET, Key="src", Body=b"source bytes", ContentType="text/x-src", Metadata={"a": "1"},
                  Tagging="t=1")
    r = s3.copy_object(Bucket=BUCKET, Key="dst", CopySource={"Bucket": BUCKET, "Key": "src"})
    assert r["CopyObjectResult"]["ETag"] == '"%s"' % hashlib.md5(b"source bytes").hexdigest()
    g = s3.get_object(Bucket=BUCKET, Key="dst")
    assert g["Body"].read() == b"source bytes" and g["ContentType"] == "text/x-src" and g["Metadata"] == {"a": "1"}
    assert s3.get_object_tagging(Bucket=BUCKET, Key="dst")["TagSet"] == [{"Key": "t", "Value": "1"}]
    s3.copy_object(Bucket=BUCKET, Key="dst2", CopySource=f"{BUCKET}/src", MetadataDirective="REPLACE",
                   ContentType="text/new", Metadata={"b": "2"})
    g = s3.head_object(Bucket=BUCKET, Key="dst2")
    assert g["ContentType"] == "text/new" and g["Metadata"] == {"b": "2"}
    err = error_of(s3.copy_object, Bucket=BUCKET, Key="src", CopySource={"Bucket": BUCKET, "Key": "src"})
    assert err["Error"]["Code"] == "InvalidRequest"
    assert "copy an object to itself" in err["Error"]["Message"]
    s3.copy_object(Bucket=BUCKET, Key="src", CopySource={"Bucket": BUCKET, "Key": "src"}, MetadataDirective="REPLACE",
                   Metadata={"c": "3"})
    g = s3.get_object(Bucket=BUCKET, Key="src")
    assert g["Metadata"] == {"c": "3"} and g["Body"].read() == b"source bytes"
    err = error_of(s3.copy_object, Bucket=BUCKET, Key="x", CopySource={"Bucket": BUCKET, "Key": "src"},
                   CopySourceIfMatch='"nope"')
    assert err["Error"]["Code"] == "PreconditionFailed"
    err = error_of(s3.copy_object, Bucket=BUCKET, Key="x", CopySource={"Bucket": BUCKET, "Key": "absent"})
    assert err["Error"]["Code"] == "NoSuchKey"
    err = error_of(s3.copy_object, Bucket=BUCKET, Key="x", CopySource={"Bucket": "no-such-bucket-x", "Key": "a"})
    assert err["Error"]["Code"] == "NoSuchBucket"


def test_object_tagging(s3):
    s3.put_object(Bucket=BUCKET, Key="tags", Body=b"x", Tagging="a=1&b=two%20words")
    assert s3.get_object(Bucket=BUCKET, Key="tags")["TagCount"] == 2
    assert s3.get_object_tagging(Bucket=BUCKET, Key="tags")["TagSet"] == [{"Key": "a", "Value": "1"},
                                                                         {"Key": "b", "Value": "two words"}]
    s3.put_object_tagging(Bucket=BUCKET, Key="tags", Tagging={"TagSet": [{"Key": "z", "Value": "9"}]})
    assert s3.get_object_tagging(Bucket=BUCKET, Key="tags")["TagSet"] == [{"Key": "z", "Value": "9"}]
    s3.delete_object_tagging(Bucket=BUCKET, Key="tags")
    assert s3.get_object_tagging(Bucket=BUCKET, Key="tags")["TagSet"] == []
    err = error_of(s3.put_object_tagging, Bucket=BUCKET, Key="tags",
                   Tagging={"TagSet": [{"Key": f"k{i}", "Value": "v"} for i in range(11)]})
    assert err["Error"]["Code"] == "BadRequest"
    err = error_of(s3.get_object_tagging, Bucket=BUCKET, Key="no-tags-here")
    assert err["Error"]["Code"] == "NoSuchKey"


def test_object_attributes_and_acl(s3):
    s3.put_object(Bucket=BUCKET, Key="attrs", Body=b"12345")
    r = s3.get_object_attributes(Bucket=BUCKET, Key="attrs", ObjectAttributes=["ETag", "ObjectSize", "StorageClass"])
    assert r["ETag"] == hashlib.md5(b"12345").hexdigest() and r["ObjectSize"] == 5 and r["StorageClass"] == "STANDARD"
    acl = s3.get_object_acl(Bucket=BUCKET, Key="attrs")
    assert acl["Grants"][0]["Permission"] == "FULL_CONTROL"
    assert acl["Owner"]["ID"] == s3.list_buckets()["Owner"]["ID"]


def test_method_not_allowed(bunker, s3):
    status, _, body = http(bunker, "PATCH", f"/{BUCKET}/x")
    assert status == 405 and b"<Code>MethodNotAllowed</Code>" in body
