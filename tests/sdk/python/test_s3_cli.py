"""The AWS CLI against S3: aws s3 mb/cp/sync/ls/rm/rb (multipart uploads included) and
aws s3api calls, comparing SHA-256 of what went in and came out."""
import hashlib
import os

import pytest

MiB = 1024 * 1024


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(MiB), b""):
            h.update(b)
    return h.hexdigest()


def test_cp_sync_ls_rm(aws, tmp_path):
    # Each CLI start costs seconds: few invocations, each doing much.
    src = tmp_path / "src"
    (src / "nested").mkdir(parents=True)
    (src / "a.txt").write_bytes(b"alpha")
    (src / "nested" / "b.txt").write_bytes(b"beta")
    big = src / "big.bin"
    big.write_bytes(os.urandom(20 * MiB))  # above the CLI's 8 MiB multipart threshold
    aws.run("s3", "mb", "s3://cli-bucket")
    aws.run("s3", "sync", str(src), "s3://cli-bucket/synced")
    listed = aws.run("s3", "ls", "--recursive", "s3://cli-bucket/synced/").stdout
    assert all(k in listed for k in ("synced/a.txt", "synced/nested/b.txt", "synced/big.bin"))
    assert " 5 synced/a.txt" in listed
    dst = tmp_path / "dst"
    aws.run("s3", "cp", "--recursive", "s3://cli-bucket/synced", str(dst))
    assert sha256_file(dst / "big.bin") == sha256_file(big)
    assert (dst / "nested" / "b.txt").read_bytes() == b"beta"
    aws.run("s3", "rm", "--recursive", "s3://cli-bucket/synced/nested")
    failed = aws.run("s3", "rb", "s3://cli-bucket", check=False)
    assert failed.returncode != 0 and "BucketNotEmpty" in failed.stderr
    aws.run("s3", "rb", "--force", "s3://cli-bucket")


def test_s3api_calls(aws, tmp_path):
    body = tmp_path / "b.json"
    body.write_text('{"k": 1}')
    aws.run("s3api", "create-bucket", "--bucket", "cli-api-bucket")
    put = aws.json("s3api", "put-object", "--bucket", "cli-api-bucket", "--key", "doc.json", "--body", str(body),
                   "--content-type", "application/json", "--metadata", "owner=cli", "--tagging", "a=b")
    assert put["ETag"] == '"%s"' % hashlib.md5(b'{"k": 1}').hexdigest()
    head = aws.json("s3api", "head-object", "--bucket", "cli-api-bucket", "--key", "doc.json")
    assert head["ContentType"] == "application/json" and head["Metadata"] == {"owner": "cli"}
    missing = aws.run("s3api", "get-object", "--bucket", "cli-api-bucket", "--key", "nope", str(tmp_path / "o"), check=False)
    assert missing.returncode != 0 and "NoSuchKey" in missing.stderr
