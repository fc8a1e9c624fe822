"""Multipart uploads with boto3: the low-level calls and their errors (NoSuchUpload,
InvalidPart, InvalidPartOrder, EntityTooSmall, MalformedXML), the md5-of-md5s ETag,
UploadPartCopy with ranges, ListParts/ListMultipartUploads, GET by partNumber, composite
and full-object checksums, and the transfer manager on a 100+ MiB file compared by SHA-256."""
import base64
import hashlib
import os
import zlib

import pytest
from boto3.s3.transfer import TransferConfig
from aws_errors import error_response as error_of

BUCKET = "multipart-bucket"
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def s3(client):
    c = client("s3")
    c.create_bucket(Bucket=BUCKET)
    return c


def test_multipart_round_trip_and_etag(s3):
    parts_data = [os.urandom(5 * MiB), os.urandom(5 * MiB), b"last part"]
    up = s3.create_multipart_upload(Bucket=BUCKET, Key="mp", ContentType="video/mp4", Metadata={"m": "1"})
    uid = up["UploadId"]
    etags = [s3.upload_part(Bucket=BUCKET, Key="mp", UploadId=uid, PartNumber=i + 1, Body=d)["ETag"]
             for i, d in enumerate(parts_data)]
    listed = s3.list_parts(Bucket=BUCKET, Key="mp", UploadId=uid)
    assert [p["PartNumber"] for p in listed["Parts"]] == [1, 2, 3]
    assert [p["Size"] for p in listed["Parts"]] == [5 * MiB, 5 * MiB, 9]
    uploads = s3.list_multipart_uploads(Bucket=BUCKET)["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in uploads] == [("mp", uid)]
    r = s3.complete_multipart_upload(Bucket=BUCKET, Key="mp", UploadId=uid, MultipartUpload={
        "Parts": [{"PartNumber": i + 1, "ETag": e} for i, e in enumerate(etags)]})
    expected = hashlib.md5(b"".join(hashlib.md5(d).digest() for d in parts_data)).hexdigest() + "-3"
    assert r["ETag"] == f'"{expected}"' and r["Key"] == "mp" and r["Bucket"] == BUCKET
    g = s3.get_object(Bucket=BUCKET, Key="mp")
    assert g["Body"].read() == b"".join(parts_data)
    assert g["ContentType"] == "video/mp4" and g["Metadata"] == {"m": "1"} and g["ETag"] == f'"{expected}"'
    p2 = s3.get_object(Bucket=BUCKET, Key="mp", PartNumber=2)
    assert p2["Body"].read() == parts_data[1] and p2["PartsCount"] == 3
    assert p2["ContentRange"] == f"bytes {5 * MiB}-{10 * MiB - 1}/{10 * MiB + 9}"
    assert error_of(s3.get_object, Bucket=BUCKET, Key="mp", PartNumber=4)["Error"]["Code"] == "InvalidPartNumber"
    attrs = s3.get_object_attributes(Bucket=BUCKET, Key="mp", ObjectAttributes=["ObjectParts", "ObjectSize"])
    assert attrs["ObjectParts"]["TotalPartsCount"] == 3 and attrs["ObjectSize"] == 10 * MiB + 9
    assert s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []
    err = error_of(s3.list_parts, Bucket=BUCKET, Key="mp", UploadId=uid)
    assert err["Error"]["Code"] == "NoSuchUpload" and err["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_complete_errors(s3):
    uid = s3.create_multipart_upload(Bucket=BUCKET, Key="bad")["UploadId"]
    e1 = s3.upload_part(Bucket=BUCKET, Key="bad", UploadId=uid, PartNumber=1, Body=b"small")["ETag"]
    e2 = s3.upload_part(Bucket=BUCKET, Key="bad", UploadId=uid, PartNumber=2, Body=b"small too")["ETag"]
    err = error_of(s3.complete_multipart_upload, Bucket=BUCKET, Key="bad", UploadId=uid,
                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
    assert err["Error"]["Code"] == "EntityTooSmall" and err["Error"]["ProposedSize"] == "5"
    err = error_of(s3.complete_multipart_upload, Bucket=BUCKET, Key="bad", UploadId=uid,
                   MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": e2}, {"PartNumber": 1, "ETag": e1}]})
    assert err["Error"]["Code"] == "InvalidPartOrder"
    err = error_of(s3.complete_multipart_upload, Bucket=BUCKET, Key="bad", UploadId=uid,
                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"0000"'}]})
    assert err["Error"]["Code"] == "InvalidPart" and err["ResponseMetadata"]["HTTPStatusCode"] == 400
    err = error_of(s3.complete_multipart_upload, Bucket=BUCKET, Key="bad", UploadId=uid,
                   MultipartUpload={"Parts": [{"PartNumber": 3, "ETag": e1}]})
    assert err["Error"]["Code"] == "InvalidPart"
    err = error_of(s3.complete_multipart_upload, Bucket=BUCKET, Key="bad", UploadId=uid, MultipartUpload={"Parts": []})
    assert err["Error"]["Code"] == "MalformedXML"
    err = error_of(s3.upload_part, Bucket=BUCKET, Key="bad", UploadId=uid, PartNumber=10001, Body=b"x")
    assert err["Error"]["Code"] == "InvalidArgument"
    # A single small part is fine: the last part may be small.
    r = s3.complete_multipart_upload(Bucket=BUCKET, Key="bad", UploadId=uid,
                                     MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": e2}]})
    assert s3.get_object(Bucket=BUCKET, Key="bad")["Body"].read() == b"small too" and r["ETag"].endswith('-1"')
    err = error_of(s3.upload_part, Bucket=BUCKET, Key="bad", UploadId=uid, PartNumber=1, Body=b"x")
    assert err["Error"]["Code"] == "NoSuchUpload" and err["Error"]["UploadId"] == uid


def test_abort_and_listing_of_uploads(s3):
    ids = [s3.create_multipart_upload(Bucket=BUCKET, Key=k)["UploadId"] for k in ("u/a", "u/b", "u/b", "v")]
    s3.upload_part(Bucket=BUCKET, Key="u/a", UploadId=ids[0], PartNumber=1, Body=b"x" * 1000)
    r = s3.list_multipart_uploads(Bucket=BUCKET, Prefix="u/")
    assert [u["Key"] for u in r["Uploads"]] == ["u/a", "u/b", "u/b"]
    assert r["Uploads"][1]["UploadId"] == ids[1]  # oldest first within a key
    r = s3.list_multipart_uploads(Bucket=BUCKET, Delimiter="/")
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == ["u/"] and [u["Key"] for u in r["Uploads"]] == ["v"]
    r = s3.list_multipart_uploads(Bucket=BUCKET, MaxUploads=2)
    assert r["IsTruncated"] and r["NextKeyMarker"] == "u/b"
    r = s3.list_multipart_uploads(Bucket=BUCKET, KeyMarker=r["NextKeyMarker"], UploadIdMarker=r["NextUploadIdMarker"])
    assert [u["UploadId"] for u in r["Uploads"]] == [ids[2], ids[3]]
    for k, uid in zip(("u/a", "u/b", "u/b", "v"), ids):
        assert s3.abort_multipart_upload(Bucket=BUCKET, Key=k, UploadId=uid)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(s3.abort_multipart_upload, Bucket=BUCKET, Key="v", UploadId=ids[3])["Error"]["Code"] == "NoSuchUpload"
    assert s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []


def test_upload_part_copy_with_ranges(s3):
    src = os.urandom(7 * MiB)
    s3.put_object(Bucket=BUCKET, Key="copy-src", Body=src)
    uid = s3.create_multipart_upload(Bucket=BUCKET, Key="copy-dst")["UploadId"]
    p1 = s3.upload_part_copy(Bucket=BUCKET, Key="copy-dst", UploadId=uid, PartNumber=1,
                             CopySource={"Bucket": BUCKET, "Key": "copy-src"}, CopySourceRange=f"bytes=0-{5 * MiB - 1}")
    p2 = s3.upload_part_copy(Bucket=BUCKET, Key="copy-dst", UploadId=uid, PartNumber=2,
                             CopySource={"Bucket": BUCKET, "Key": "copy-src"}, CopySourceRange=f"bytes={5 * MiB}-{7 * MiB - 1}")
    assert p1["CopyPartResult"]["ETag"] == '"%s"' % hashlib.md5(src[:5 * MiB]).hexdigest()
    err = error_of(s3.upload_part_copy, Bucket=BUCKET, Key="copy-dst", UploadId=uid, PartNumber=3,
                   CopySource={"Bucket": BUCKET, "Key": "copy-src"}, CopySourceRange=f"bytes=0-{8 * MiB}")
    assert err["Error"]["Code"] == "InvalidArgument"
    s3.complete_multipart_upload(Bucket=BUCKET, Key="copy-dst", UploadId=uid, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": p1["CopyPartResult"]["ETag"]}, {"PartNumber": 2, "ETag": p2["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=BUCKET, Key="copy-dst")["Body"].read() == src


def test_composite_crc32_checksum(s3):
    parts = [os.urandom(5 * MiB), b"end"]
    uid = s3.create_multipart_upload(Bucket=BUCKET, Key="crc", ChecksumAlgorithm="CRC32")["UploadId"]
    done = []
    for i, d in enumerate(parts):
        r = s3.upload_part(Bucket=BUCKET, Key="crc", UploadId=uid, PartNumber=i + 1, Body=d, ChecksumAlgorithm="CRC32")
        crc = base64.b64encode(zlib.crc32(d).to_bytes(4, "big")).decode()
        assert r["ChecksumCRC32"] == crc
        done.append({"PartNumber": i + 1, "ETag": r["ETag"], "ChecksumCRC32": crc})
    assert s3.list_parts(Bucket=BUCKET, Key="crc", UploadId=uid)["Parts"][0]["ChecksumCRC32"] == done[0]["ChecksumCRC32"]
    r = s3.complete_multipart_upload(Bucket=BUCKET, Key="crc", UploadId=uid, MultipartUpload={"Parts": done})
    raw = b"".join(zlib.crc32(d).to_bytes(4, "big") for d in parts)
    expected = base64.b64encode(zlib.crc32(raw).to_bytes(4, "big")).decode() + "-2"
    assert r["ChecksumCRC32"] == expected
    h = s3.head_object(Bucket=BUCKET, Key="crc", ChecksumMode="ENABLED")
    assert h["ChecksumCRC32"] == expected
    assert h["ResponseMetadata"]["HTTPHeaders"]["x-amz-checksum-type"] == "COMPOSITE"
    p = s3.head_object(Bucket=BUCKET, Key="crc", PartNumber=1, ChecksumMode="ENABLED")
    assert p["ChecksumCRC32"] == done[0]["ChecksumCRC32"]


def test_full_object_crc32_checksum(s3):
    if "ChecksumType" not in s3.meta.service_model.operation_model("CreateMultipartUpload").input_shape.members:
        pytest.skip("this botocore predates full-object multipart checksums")
    parts = [os.urandom(5 * MiB), os.urandom(1000)]
    uid = s3.create_multipart_upload(Bucket=BUCKET, Key="full", ChecksumAlgorithm="CRC32",
                                     ChecksumType="FULL_OBJECT")["UploadId"]
    done = []
    for i, d in enumerate(parts):
        r = s3.upload_part(Bucket=BUCKET, Key="full", UploadId=uid, PartNumber=i + 1, Body=d, ChecksumAlgorithm="CRC32")
        done.append({"PartNumber": i + 1, "ETag": r["ETag"], "ChecksumCRC32": r["ChecksumCRC32"]})
    whole = base64.b64encode(zlib.crc32(b"".join(parts)).to_bytes(4, "big")).decode()
    r = s3.complete_multipart_upload(Bucket=BUCKET, Key="full", UploadId=uid, MultipartUpload={"Parts": done},
                                     ChecksumType="FULL_OBJECT", ChecksumCRC32=whole)
    assert r["ChecksumCRC32"] == whole and r["ChecksumType"] == "FULL_OBJECT"


def test_transfer_manager_large_file(s3, tmp_path):
    src = tmp_path / "big.bin"
    digest = hashlib.sha256()
    with open(src, "wb") as f:
        block = os.urandom(MiB)
        for i in range(104):
            chunk = block[i:] + block[:i]
            f.write(chunk)
            digest.update(chunk)
    cfg = TransferConfig(multipart_threshold=8 * MiB, multipart_chunksize=8 * MiB, max_concurrency=4)
    s3.upload_file(str(src), BUCKET, "big/104MiB.bin", Config=cfg)
    head = s3.head_object(Bucket=BUCKET, Key="big/104MiB.bin")
    assert head["ContentLength"] == 104 * MiB and head["ETag"].endswith('-13"')
    out = tmp_path / "out.bin"
    s3.download_file(BUCKET, "big/104MiB.bin", str(out), Config=cfg)
    got = hashlib.sha256()
    with open(out, "rb") as f:
        for b in iter(lambda: f.read(MiB), b""):
            got.update(b)
    assert got.hexdigest() == digest.hexdigest()
    s3.delete_object(Bucket=BUCKET, Key="big/104MiB.bin")
