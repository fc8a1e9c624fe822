"""--verify-signatures with S3: boto3 signs normally; an aws-chunked body signed chunk by
chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) is verified chunk by chunk, and one bad
chunk signature fails the upload with SignatureDoesNotMatch and leaves no object."""
import datetime
import hashlib
import hmac
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

BUNKER_ARGS = ("--verify-signatures", "--credentials", "AKIDCHUNKS:chunksecret,AKIDBOB:bobsecret",
               "--s3-owners", "AKIDCHUNKS=a1b2c3d4e5:alice,AKIDBOB=f6e7d8:bob")
BUCKET = "signed-bucket"
EMPTY = hashlib.sha256(b"").hexdigest()


@pytest.fixture(scope="module")
def s3(bunker):
    c = boto3.client("s3", endpoint_url=bunker.endpoint, region_name="us-east-1", aws_access_key_id="AKIDCHUNKS",
                     aws_secret_access_key="chunksecret", config=Config(retries={"max_attempts": 1}))
    c.create_bucket(Bucket=BUCKET)
    return c


def sign(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256)


def signing_key(secret, date):
    k = sign(("AWS4" + secret).encode(), date).digest()
    for part in ("us-east-1", "s3", "aws4_request"):
        k = sign(k, part).digest()
    return k


def signed_chunked_put(bunker, key, chunks, tamper_chunk=None, trailer=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, date = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    scope = f"{date}/us-east-1/s3/aws4_request"
    host = bunker.endpoint.split("//")[1]
    decoded = sum(len(c) for c in chunks)
    sha = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" + ("-TRAILER" if trailer else "")
    headers = {"host": host, "x-amz-content-sha256": sha, "x-amz-date": amz_date,
               "x-amz-decoded-content-length": str(decoded), "content-encoding": "aws-chunked"}
    if trailer:
        headers["x-amz-trailer"] = ",".join(trailer)
    names = sorted(headers)
    canonical = "\n".join(["PUT", f"/{BUCKET}/{key}", "", *[f"{n}:{headers[n]}" for n in names], "",
                           ";".join(names), sha])
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    k = signing_key("chunksecret", date)
    seed = sign(k, to_sign).hexdigest()
    body, prev = b"", seed
    for i, c in enumerate([*chunks, b""]):
        sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, prev, EMPTY, hashlib.sha256(c).hexdigest()])
        sig = sign(k, sts).hexdigest()
        prev = sig
        if i == tamper_chunk:
            sig = "0" * 64
        body += b"%x;chunk-signature=%s\r\n%s" % (len(c), sig.encode(), c) + (b"\r\n" if c else b"")
    if trailer:
        text = "".join(f"{n}:{v}\n" for n, v in trailer.items())
        sts = "\n".join(["AWS4-HMAC-SHA256-TRAILER", amz_date, scope, prev, hashlib.sha256(text.encode()).hexdigest()])
        body += text.replace("\n", "\r\n").encode() + b"x-amz-trailer-signature:" + sign(k, sts).hexdigest().encode() + b"\r\n"
    body += b"\r\n"
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential=AKIDCHUNKS/{scope}, SignedHeaders={';'.join(names)}, "
                                f"Signature={seed}")
    del headers["host"]
    req = urllib.request.Request(f"{bunker.endpoint}/{BUCKET}/{key}", data=body, method="PUT", headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_boto3_signed_requests_work(s3):
    s3.put_object(Bucket=BUCKET, Key="plain", Body=b"signed")
    assert s3.get_object(Bucket=BUCKET, Key="plain")["Body"].read() == b"signed"


def test_signed_chunks_verified(bunker, s3):
    chunks = [b"x" * 65536, b"y" * 65536, b"z" * 100]
    status, _ = signed_chunked_put(bunker, "chunked", chunks)
    assert status == 200
    assert s3.get_object(Bucket=BUCKET, Key="chunked")["Body"].read() == b"".join(chunks)
    status, body = signed_chunked_put(bunker, "tampered", chunks, tamper_chunk=1)
    assert status == 403 and b"SignatureDoesNotMatch" in body
    with pytest.raises(ClientError):
        s3.head_object(Bucket=BUCKET, Key="tampered")


def test_signed_chunks_with_trailer(bunker, s3):
    import base64
    import zlib
    chunks = [b"q" * 9000, b"r" * 10]
    crc = base64.b64encode(zlib.crc32(b"".join(chunks)).to_bytes(4, "big")).decode()
    status, body = signed_chunked_put(bunker, "trailer", chunks, trailer={"x-amz-checksum-crc32": crc})
    assert status == 200, body
    assert s3.head_object(Bucket=BUCKET, Key="trailer", ChecksumMode="ENABLED")["ChecksumCRC32"] == crc


def test_unsigned_request_refused(bunker):
    req = urllib.request.Request(f"{bunker.endpoint}/{BUCKET}/plain")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 403


def post_form(url, fields, content):
    boundary = "----bunkerboundary"
    body = b""
    for k, v in fields.items():
        body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
    body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_post_policy_signature_checked(s3):
    post = s3.generate_presigned_post(BUCKET, "posted")
    assert post_form(post["url"], post["fields"], b"ok")[0] == 204
    fields = dict(post["fields"])
    sig = "x-amz-signature" if "x-amz-signature" in fields else "signature"
    fields[sig] = fields[sig][:-4] + ("0000" if not fields[sig].endswith("0000") else "1111")
    status, body = post_form(post["url"], fields, b"tampered")
    assert status == 403 and b"SignatureDoesNotMatch" in body
    assert s3.get_object(Bucket=BUCKET, Key="posted")["Body"].read() == b"ok"


def test_presigned_url_verified(s3):
    url = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "plain"}, ExpiresIn=60)
    with urllib.request.urlopen(url) as r:
        assert r.read() == b"signed"
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(url.replace("plain", "other"))
    assert e.value.code == 403


def test_configured_owners(bunker, s3):
    owner = s3.list_buckets()["Owner"]
    assert owner["ID"] == "a1b2c3d4e5" and owner.get("DisplayName", "alice") == "alice"
    bob = boto3.client("s3", endpoint_url=bunker.endpoint, region_name="us-east-1", aws_access_key_id="AKIDBOB",
                       aws_secret_access_key="bobsecret")
    # Same account: bob may write into alice's bucket. With ACLs disabled (the default,
    # BucketOwnerEnforced) alice owns what bob writes.
    bob.put_object(Bucket=BUCKET, Key="by-bob", Body=b"b")
    listed = {o["Key"]: o["Owner"] for o in s3.list_objects_v2(Bucket=BUCKET, FetchOwner=True)["Contents"]}
    assert listed["by-bob"]["ID"] == "a1b2c3d4e5" and listed["plain"]["ID"] == "a1b2c3d4e5"
    # ObjectWriter: objects remember who wrote them, and their ACL names the writer.
    s3.create_bucket(Bucket="writer-owned", ObjectOwnership="ObjectWriter")
    bob.put_object(Bucket="writer-owned", Key="by-bob", Body=b"b")
    owner = s3.list_objects_v2(Bucket="writer-owned", FetchOwner=True)["Contents"][0]["Owner"]
    assert owner["ID"] == "f6e7d8" and owner.get("DisplayName", "bob") == "bob"
    assert s3.get_object_acl(Bucket="writer-owned", Key="by-bob")["Owner"]["ID"] == "f6e7d8"
    # BucketOwnerPreferred: bucket-owner-full-control hands the object to the bucket owner;
    # any other ACL leaves it with the writer.
    s3.put_bucket_ownership_controls(Bucket="writer-owned",
                                     OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    bob.put_object(Bucket="writer-owned", Key="handed-over", Body=b"b", ACL="bucket-owner-full-control")
    bob.put_object(Bucket="writer-owned", Key="kept", Body=b"b", ACL="bucket-owner-read")
    acl = s3.get_object_acl(Bucket="writer-owned", Key="handed-over")
    assert acl["Owner"]["ID"] == "a1b2c3d4e5"
    acl = s3.get_object_acl(Bucket="writer-owned", Key="kept")
    assert acl["Owner"]["ID"] == "f6e7d8"
    assert [(g["Grantee"]["ID"], g["Permission"]) for g in acl["Grants"]] == [("f6e7d8", "FULL_CONTROL"),
                                                                              ("a1b2c3d4e5", "READ")]
    assert s3.get_bucket_acl(Bucket=BUCKET)["Owner"]["ID"] == "a1b2c3d4e5"
