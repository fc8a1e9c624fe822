"""Additional checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) with boto3: computed by
the client, verified on upload, stored and returned with ChecksumMode=ENABLED; wrong
values are refused; aws-chunked bodies (unsigned with trailer, and signed chunks checked
in --verify-signatures mode) decode to the same bytes."""
import base64
import hashlib
import hmac
import urllib.error
import urllib.request
import zlib

import pytest
from botocore.exceptions import ClientError

BUCKET = "checksum-bucket"


@pytest.fixture(scope="module")
def s3(client):
    c = client("s3")
    c.create_bucket(Bucket=BUCKET)
    return c


def supported(s3):
    shape = s3.meta.service_model.shape_for("ChecksumAlgorithm")
    return list(shape.enum)


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"])
def test_checksum_round_trip(s3, algorithm):
    if algorithm not in supported(s3):
        pytest.skip(f"this botocore has no {algorithm}")
    try:
        s3.put_object(Bucket=BUCKET, Key=f"sum-{algorithm}", Body=b"checksummed body" * 100,
                      ChecksumAlgorithm=algorithm)
    except Exception as e:  # botocore without the CRT cannot compute CRC32C/CRC64NVME
        if "awscrt" in str(e) or "CRT" in str(e) or "Unsupported checksum algorithm" in str(e):
            pytest.skip(str(e))
        raise
    h = s3.head_object(Bucket=BUCKET, Key=f"sum-{algorithm}", ChecksumMode="ENABLED")
    assert h[f"Checksum{algorithm}"]
    g = s3.get_object(Bucket=BUCKET, Key=f"sum-{algorithm}", ChecksumMode="ENABLED")
    assert g["Body"].read() == b"checksummed body" * 100
    assert g[f"Checksum{algorithm}"] == h[f"Checksum{algorithm}"]
    if algorithm == "SHA256":
        assert h["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(b"checksummed body" * 100).digest()).decode()
    attrs = s3.get_object_attributes(Bucket=BUCKET, Key=f"sum-{algorithm}", ObjectAttributes=["Checksum"])
    assert attrs["Checksum"][f"Checksum{algorithm}"] == h[f"Checksum{algorithm}"]


def test_wrong_checksum_is_bad_digest(s3):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=BUCKET, Key="wrong", Body=b"data", ChecksumCRC32=crc32_b64(b"other"))
    assert e.value.response["Error"]["Code"] == "BadDigest"
    assert e.value.response["Error"]["Message"] == "The CRC32 you specified did not match the calculated checksum."
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=BUCKET, Key="wrong")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_malformed_checksum_is_invalid_request(bunker):
    req = urllib.request.Request(f"{bunker.endpoint}/{BUCKET}/malformed", data=b"x", method="PUT",
                                 headers={"x-amz-checksum-crc32": "not base64!"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 400 and b"<Code>InvalidRequest</Code>" in e.value.read()


def test_default_checksum_when_none_is_sent(bunker, s3):
    req = urllib.request.Request(f"{bunker.endpoint}/{BUCKET}/plain-http", data=b"no checksum", method="PUT")
    urllib.request.urlopen(req).read()
    h = s3.head_object(Bucket=BUCKET, Key="plain-http", ChecksumMode="ENABLED")
    assert h["ResponseMetadata"]["HTTPHeaders"]["x-amz-checksum-type"] == "FULL_OBJECT"
    assert "x-amz-checksum-crc64nvme" in h["ResponseMetadata"]["HTTPHeaders"]


def aws_chunked(chunks, trailer=None):
    out = b""
    for c in chunks:
        out += b"%x\r\n%s\r\n" % (len(c), c)
    out += b"0\r\n"
    if trailer:
        out += b"".join(b"%s:%s\r\n" % (k.encode(), v.encode()) for k, v in trailer.items())
    return out + b"\r\n"


def test_unsigned_trailer_body(bunker, s3):
    data = [b"a" * 8192, b"b" * 8192, b"tail"]
    whole = b"".join(data)
    body = aws_chunked(data, {"x-amz-checksum-crc32": crc32_b64(whole)})
    headers = {"x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding": "aws-chunked",
               "x-amz-decoded-content-length": str(len(whole)), "x-amz-trailer": "x-amz-checksum-crc32"}
    req = urllib.request.Request(f"{bunker.endpoint}/{BUCKET}/chunked", data=body, method="PUT", headers=headers)
    with urllib.request.urlopen(req) as r:
        assert r.headers["x-amz-checksum-crc32"] == crc32_b64(whole)
    g = s3.get_object(Bucket=BUCKET, Key="chunked", ChecksumMode="ENABLED")
    assert g["Body"].read() == whole and g["ChecksumCRC32"] == crc32_b64(whole)
    assert "ContentEncoding" not in g  # aws-chunked is not stored
    bad = aws_chunked(data, {"x-amz-checksum-crc32": crc32_b64(b"nope")})
    req = urllib.request.Request(f"{bunker.endpoint}/{BUCKET}/chunked-bad", data=bad, method="PUT", headers=headers)
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 400 and b"BadDigest" in e.value.read()
