"""S3 workloads (path-style, SigV4 with the payload's SHA-256): PUT and GET of 1 KiB and
1 MiB objects, ListObjectsV2 (first page of 1,000) over `list_keys` keys, and a multipart
upload of `multipart_mib` MiB in 16 MiB parts over 4 connections."""
import concurrent.futures
import hashlib
import http.client
import random
import re
import statistics
import threading
import time

from .common import describe, measure_cell, refusal
from .requests import Request, send, send_all, sign

BUCKET = "bench"
SMALL_KEYS = 1000
LARGE_KEYS = 16


def _req(target, method, path, body=b"", headers=None, payload_hash=None):
    return sign(Request(method, path, dict(headers or {}), body), "s3", target.host, target.creds,
                payload_hash=payload_hash)


def _status(expected=200, check=None):
    def validate(r):
        if r.status != expected:
            return describe(r)
        if check and not check(r):
            return f"unexpected answer: {describe(r)}"
        return None
    return validate


class Bodies:
    def __init__(self):
        rnd = random.Random(7)
        self.small = rnd.randbytes(1024)
        self.large = rnd.randbytes(1 << 20)
        self.small_hash = hashlib.sha256(self.small).hexdigest()
        self.large_hash = hashlib.sha256(self.large).hexdigest()


def setup(settings, target):
    r = send(target.port, _req(target, "PUT", f"/{BUCKET}"))
    if r.status != 200:
        raise refusal("CreateBucket", r)
    b = Bodies()
    t0 = time.perf_counter()
    jobs = [(lambda i: _req(target, "PUT", f"/{BUCKET}/obj1k/{i:04d}", b.small, payload_hash=b.small_hash), SMALL_KEYS),
            (lambda i: _req(target, "PUT", f"/{BUCKET}/obj1m/{i:02d}", b.large, payload_hash=b.large_hash), LARGE_KEYS),
            (lambda i: _req(target, "PUT", f"/{BUCKET}/list/{i:05d}", b""), settings.list_keys)]
    for make, count in jobs:
        failures = send_all(target.port, make, count)
        if failures:
            raise RuntimeError(f"{target.name}: loading S3 failed: {failures[0][1]}")
    settings.log(f"  loaded {SMALL_KEYS + LARGE_KEYS + settings.list_keys} objects into {target.name} "
                 f"in {time.perf_counter() - t0:.1f}s")
    return b


def run(settings, results, target, bodies):
    rnd = random.Random(43)
    b = bodies
    lk = settings.list_keys

    def put_small():
        return [_req(target, "PUT", f"/{BUCKET}/put1k/{rnd.randrange(SMALL_KEYS):04d}", b.small,
                     payload_hash=b.small_hash) for _ in range(2000)]

    def get_small():
        return [_req(target, "GET", f"/{BUCKET}/obj1k/{rnd.randrange(SMALL_KEYS):04d}") for _ in range(2000)]

    def put_large():
        return [_req(target, "PUT", f"/{BUCKET}/put1m/{i:02d}", b.large, payload_hash=b.large_hash)
                for i in range(LARGE_KEYS)]

    def get_large():
        return [_req(target, "GET", f"/{BUCKET}/obj1m/{i:02d}") for i in range(LARGE_KEYS)]

    def lists():
        return [_req(target, "GET", f"/{BUCKET}?list-type=2&prefix=list%2F") for _ in range(16)]

    def listed(r):
        keys = len(re.findall(rb"<Key>", r.body))
        return keys == min(1000, lk) and (b"<IsTruncated>true" in r.body) == (lk > 1000)

    workloads = [
        ("s3.PUT 1KiB", put_small, _status()),
        ("s3.GET 1KiB", get_small, _status(check=lambda r: r.body == b.small)),
        ("s3.PUT 1MiB", put_large, _status()),
        ("s3.GET 1MiB", get_large, _status(check=lambda r: r.body == b.large)),
        (f"s3.ListObjectsV2({lk} keys)", lists, _status(check=listed)),
    ]
    for name, make, validate in workloads:
        if settings.wants(name):
            measure_cell(settings, results, target, "s3", name, make, validate)
    if settings.wants("s3.multipart"):
        multipart(settings, results, target)


def multipart(settings, results, target, connections=4):
    """Wall time of CreateMultipartUpload, every part over `connections` keep-alive
    connections, CompleteMultipartUpload; median of the repetitions."""
    part_mib = settings.multipart_part_mib
    parts = max(1, settings.multipart_mib // part_mib)
    body = random.Random(9).randbytes(part_mib << 20)
    digest = hashlib.sha256(body).hexdigest()
    name = f"s3.multipart {parts * part_mib} MiB"
    times, errors, last_error = [], 0, ""
    started = time.perf_counter()
    for rep in range(max(1, settings.reps)):
        if times and time.perf_counter() - started > 60:
            break  # a slow target gets fewer repetitions (the report says how many)
        key = f"mpu/{rep}"
        t0 = time.perf_counter()
        r = send(target.port, _req(target, "POST", f"/{BUCKET}/{key}?uploads"))
        m = re.search(rb"<UploadId>([^<]+)</UploadId>", r.body)
        if r.status != 200 or not m:
            errors, last_error = errors + 1, describe(r)
            break
        upload = m.group(1).decode()
        etags = {}
        local, opened = threading.local(), []

        def put_part(n):
            if not hasattr(local, "conn"):
                local.conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=300)
                opened.append(local.conn)
            c = local.conn
            pr = send(target.port, _req(target, "PUT", f"/{BUCKET}/{key}?partNumber={n}&uploadId={upload}", body,
                                        payload_hash=digest), conn=c)
            return n, pr

        with concurrent.futures.ThreadPoolExecutor(connections) as pool:
            for n, pr in pool.map(put_part, range(1, parts + 1)):
                if pr.status != 200:
                    errors, last_error = errors + 1, describe(pr)
                etags[n] = pr.headers.get("etag", "")
        for c in opened:
            c.close()
        xml = "<CompleteMultipartUpload>" + "".join(
            f"<Part><PartNumber>{n}</PartNumber><ETag>{etags[n]}</ETag></Part>" for n in sorted(etags)) + \
            "</CompleteMultipartUpload>"
        cr = send(target.port, _req(target, "POST", f"/{BUCKET}/{key}?uploadId={upload}", xml.encode()))
        elapsed = time.perf_counter() - t0
        if cr.status != 200 or b"<Error>" in cr.body:
            errors, last_error = errors + 1, describe(cr)
        times.append(elapsed)
        # Free the space before the next repetition (and before the disk figure).
        send(target.port, _req(target, "DELETE", f"/{BUCKET}/{key}"))
    status = "ok" if errors == 0 and times else "errors"
    med = statistics.median(times) if times else 0
    total = parts * part_mib
    results.extras.append(dict(service="s3", workload=name, target=target.name, status=status, errors=errors,
                               seconds=round(med, 3), mib_per_s=round(total / med, 1) if med else 0,
                               parts=parts, part_mib=part_mib, connections=connections, reason=last_error,
                               runs=[round(t, 3) for t in times], loadavg=_load()))
    settings.log(f"  {name:28s} {target.name:20s} {med:.2f}s = {total / med if med else 0:.0f} MiB/s"
                 f"{'' if status == 'ok' else '  ERRORS: ' + last_error}")


def _load():
    from .procstat import loadavg
    return loadavg()
