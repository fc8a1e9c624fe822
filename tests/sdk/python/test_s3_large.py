"""Large objects stream through: a 2 GiB PutObject and GetObject compare SHA-256 of what
went in and came out while the server's peak RSS stays under 100 MiB.
Opt-in (slow, minutes): BUNKER_S3_LARGE=1; BUNKER_S3_LARGE_BYTES changes the size."""
import hashlib
import http.client
import os

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("BUNKER_S3_LARGE") != "1", reason="set BUNKER_S3_LARGE=1 to run")

GiB = 1 << 30
MiB = 1 << 20
SIZE = int(os.environ.get("BUNKER_S3_LARGE_BYTES", 2 * GiB))


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def pattern_blocks(size):
    """Deterministic, non-repeating-looking bytes without holding them all."""
    seed = hashlib.sha256(b"bunker-large").digest()
    block = b"".join(hashlib.sha256(seed + i.to_bytes(4, "big")).digest() for i in range(MiB // 32))
    sent = 0
    i = 0
    while sent < size:
        n = min(MiB, size - sent)
        rotated = block[i % 997:] + block[:i % 997]
        yield rotated[:n]
        sent += n
        i += 1


def test_two_gib_put_get(bunker, client):
    s3 = client("s3")
    s3.create_bucket(Bucket="large-bucket")
    want = hashlib.sha256()
    conn = http.client.HTTPConnection("127.0.0.1", bunker.port, timeout=600)
    conn.putrequest("PUT", "/large-bucket/two-gib.bin")
    conn.putheader("Content-Length", str(SIZE))
    conn.endheaders()
    for block in pattern_blocks(SIZE):
        want.update(block)
        conn.send(block)
    r = conn.getresponse()
    r.read()
    assert r.status == 200
    assert s3.head_object(Bucket="large-bucket", Key="two-gib.bin")["ContentLength"] == SIZE

    conn.request("GET", "/large-bucket/two-gib.bin")
    r = conn.getresponse()
    got = hashlib.sha256()
    total = 0
    while True:
        b = r.read(4 * MiB)
        if not b:
            break
        got.update(b)
        total += len(b)
    assert r.status == 200 and total == SIZE
    assert got.hexdigest() == want.hexdigest()
    peak = peak_rss_mib(bunker.proc.pid)
    print(f"peak RSS after 2 GiB up and down: {peak:.1f} MiB")
    assert peak < 100, f"peak RSS {peak:.1f} MiB"
    s3.delete_object(Bucket="large-bucket", Key="two-gib.bin")
