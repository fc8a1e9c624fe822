"""ListObjects v1, ListObjectsV2 and ListObjectVersions with boto3: UTF-8 byte order,
delimiters and common prefixes, pagination (Marker/NextMarker, ContinuationToken,
StartAfter, MaxKeys, KeyCount), FetchOwner, EncodingType=url."""
import pytest
from botocore.exceptions import ClientError

BUCKET = "listing-bucket"
KEYS = ["a", "a/b", "a/c/d", "a/c/e", "b", "b/x", "c.txt", "Z", "é", "\u00ff", "中", "~tilde"]


@pytest.fixture(scope="module")
def s3(client):
    c = client("s3")
    c.create_bucket(Bucket=BUCKET)
    for k in KEYS:
        c.put_object(Bucket=BUCKET, Key=k, Body=k.encode())
    return c


def utf8_sorted(keys):
    return sorted(keys, key=lambda k: k.encode())


def test_v2_lists_in_utf8_byte_order(s3):
    r = s3.list_objects_v2(Bucket=BUCKET)
    assert [o["Key"] for o in r["Contents"]] == utf8_sorted(KEYS)
    assert r["KeyCount"] == len(KEYS) and r["IsTruncated"] is False
    first = r["Contents"][0]
    assert first["Size"] == len(first["Key"].encode()) and first["StorageClass"] == "STANDARD"
    assert first["ETag"].startswith('"') and "Owner" not in first


def test_v2_delimiter_and_prefix(s3):
    r = s3.list_objects_v2(Bucket=BUCKET, Delimiter="/")
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == ["a/", "b/"]
    assert "a" in [o["Key"] for o in r["Contents"]] and "a/b" not in [o["Key"] for o in r["Contents"]]
    r = s3.list_objects_v2(Bucket=BUCKET, Prefix="a/", Delimiter="/")
    assert [o["Key"] for o in r["Contents"]] == ["a/b"]
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == ["a/c/"]
    assert r["KeyCount"] == 2


def test_v2_pagination_counts_prefixes(s3):
    seen, token, pages = [], None, 0
    while True:
        kw = {"ContinuationToken": token} if token else {}
        r = s3.list_objects_v2(Bucket=BUCKET, Delimiter="/", MaxKeys=2, **kw)
        pages += 1
        seen += [o["Key"] for o in r.get("Contents", [])] + [p["Prefix"] for p in r.get("CommonPrefixes", [])]
        assert r["KeyCount"] <= 2
        if not r["IsTruncated"]:
            break
        token = r["NextContinuationToken"]
    top = [k for k in KEYS if "/" not in k] + ["a/", "b/"]
    assert sorted(seen) == sorted(top) and len(seen) == len(set(seen)) and pages == 5


def test_v2_start_after_fetch_owner_and_paginator(s3):
    r = s3.list_objects_v2(Bucket=BUCKET, StartAfter="b", FetchOwner=True)
    assert [o["Key"] for o in r["Contents"]] == [k for k in utf8_sorted(KEYS) if k.encode() > b"b"]
    assert r["StartAfter"] == "b" and r["Contents"][0]["Owner"]["ID"]
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, PaginationConfig={"PageSize": 3})
            for o in page["Contents"]]
    assert keys == utf8_sorted(KEYS)


def test_v2_max_keys_zero_and_bad_token(s3):
    r = s3.list_objects_v2(Bucket=BUCKET, MaxKeys=0)
    assert r["KeyCount"] == 0 and "Contents" not in r
    with pytest.raises(ClientError) as e:
        s3.list_objects_v2(Bucket=BUCKET, ContinuationToken="garbage")
    assert e.value.response["Error"]["Code"] == "InvalidArgument"


def test_v1_marker_and_next_marker(s3):
    r = s3.list_objects(Bucket=BUCKET, MaxKeys=3)
    assert [o["Key"] for o in r["Contents"]] == utf8_sorted(KEYS)[:3] and r["IsTruncated"]
    assert "NextMarker" not in r and r["Contents"][0]["Owner"]["ID"]
    r2 = s3.list_objects(Bucket=BUCKET, Marker=r["Contents"][-1]["Key"], MaxKeys=100)
    assert [o["Key"] for o in r2["Contents"]] == utf8_sorted(KEYS)[3:]
    r = s3.list_objects(Bucket=BUCKET, Delimiter="/", MaxKeys=2)
    assert r["IsTruncated"] and r["NextMarker"] == "a"
    r = s3.list_objects(Bucket=BUCKET, Delimiter="/", MaxKeys=3)
    assert r["NextMarker"] == "a/"
    r = s3.list_objects(Bucket=BUCKET, Delimiter="/", Marker="a/")
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == ["b/"]
    keys = [o["Key"] for page in s3.get_paginator("list_objects").paginate(Bucket=BUCKET, PaginationConfig={"PageSize": 4})
            for o in page["Contents"]]
    assert keys == utf8_sorted(KEYS)


def test_encoding_type_url(s3):
    s3.put_object(Bucket=BUCKET, Key="enc/sp ace&amp", Body=b"")
    try:
        # Asked for explicitly, the encoded keys reach the caller as S3 sent them.
        r = s3.list_objects_v2(Bucket=BUCKET, Prefix="enc/", EncodingType="url")
        assert [o["Key"] for o in r["Contents"]] == ["enc/sp+ace%26amp"] and r["Prefix"] == "enc/"
        # Without it botocore asks for url encoding itself and decodes the answer.
        assert [o["Key"] for o in s3.list_objects(Bucket=BUCKET, Prefix="enc/")["Contents"]] == ["enc/sp ace&amp"]
    finally:
        s3.delete_object(Bucket=BUCKET, Key="enc/sp ace&amp")


def test_list_object_versions_unversioned(s3):
    r = s3.list_object_versions(Bucket=BUCKET, Prefix="a")
    assert [v["Key"] for v in r["Versions"]] == ["a", "a/b", "a/c/d", "a/c/e"]
    assert all(v["VersionId"] == "null" and v["IsLatest"] for v in r["Versions"])
    r = s3.list_object_versions(Bucket=BUCKET, MaxKeys=2)
    assert r["IsTruncated"] and r["NextKeyMarker"] == utf8_sorted(KEYS)[1] and r["NextVersionIdMarker"] == "null"
    r = s3.list_object_versions(Bucket=BUCKET, KeyMarker=r["NextKeyMarker"], VersionIdMarker="null")
    assert [v["Key"] for v in r["Versions"]] == utf8_sorted(KEYS)[2:]
    r = s3.list_object_versions(Bucket=BUCKET, Delimiter="/")
    assert [p["Prefix"] for p in r["CommonPrefixes"]] == ["a/", "b/"]


def test_many_keys_listing(s3):
    s3.create_bucket(Bucket="many-keys-bucket")
    for i in range(1100):
        s3.put_object(Bucket="many-keys-bucket", Key=f"k/{i:05d}", Body=b"")
    r = s3.list_objects_v2(Bucket="many-keys-bucket")
    assert r["KeyCount"] == 1000 and r["IsTruncated"] and r["Contents"][-1]["Key"] == "k/00999"
    r = s3.list_objects_v2(Bucket="many-keys-bucket", ContinuationToken=r["NextContinuationToken"])
    assert r["KeyCount"] == 100 and not r["IsTruncated"]
