"""Requests as values: built once, signed with SigV4 the way an SDK signs them, then sent
either by the load generator (as raw HTTP/1.1 bytes) or by Python for probes and loading.

Every peer gets the same, valid requests: a SigV4 Authorization header and X-Amz-Date
(dynalite answers 400 without them, moto routes by the credential scope, s3rver checks the
signature against its only key and rejects a clock more than 15 minutes off, so requests
are signed just before each workload runs)."""
import datetime
import hashlib
import hmac
import http.client
import threading
import urllib.parse
from dataclasses import dataclass, field

REGION = "us-east-1"


@dataclass
class Request:
    method: str
    path: str                      # already URI-encoded, with its query string
    headers: dict = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Credentials:
    access_key: str = "test"
    secret_key: str = "test"


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def _canonical_query(query):
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    enc = lambda s: urllib.parse.quote(s, safe="-_.~")
    return "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(pairs))


def sign(req, service, host, creds, now=None, payload_hash=None):
    """Adds Host, X-Amz-Date (and X-Amz-Content-Sha256 for S3) and a SigV4 Authorization."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    if payload_hash is None:
        payload_hash = hashlib.sha256(req.body).hexdigest()
    h = {"host": host, "x-amz-date": amz_date}
    if service == "s3":
        h["x-amz-content-sha256"] = payload_hash
    for k, v in req.headers.items():
        h[k.lower()] = str(v)
    path, _, query = req.path.partition("?")
    names = sorted(h)
    canonical = "\n".join([req.method, path, _canonical_query(query),
                           "".join(f"{n}:{h[n].strip()}\n" for n in names),
                           ";".join(names), payload_hash])
    scope = f"{day}/{REGION}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(("AWS4" + creds.secret_key).encode(), day), REGION), service), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    req.headers = {k: v for k, v in req.headers.items()}
    req.headers["Host"] = host
    req.headers["X-Amz-Date"] = amz_date
    if service == "s3":
        req.headers["X-Amz-Content-Sha256"] = payload_hash
    req.headers["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={creds.access_key}/{scope}, "
                                    f"SignedHeaders={';'.join(names)}, Signature={signature}")
    return req


def raw(req):
    """The request as HTTP/1.1 bytes with a keep-alive connection."""
    lines = [f"{req.method} {req.path} HTTP/1.1"]
    headers = dict(req.headers)
    headers.setdefault("Host", "127.0.0.1")
    if req.body or req.method in ("PUT", "POST"):
        headers["Content-Length"] = str(len(req.body))
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + req.body


def write_request_file(path, reqs):
    """The format replay.lua reads: '<length>\\n<raw request>' repeated."""
    with open(path, "wb") as f:
        for r in reqs:
            b = raw(r)
            f.write(f"{len(b)}\n".encode())
            f.write(b)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


def send(port, req, timeout=120, conn=None):
    own = conn is None
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {k: v for k, v in req.headers.items()}
        c.putrequest(req.method, req.path, skip_host=True, skip_accept_encoding=True)
        for k, v in headers.items():
            c.putheader(k, v)
        if req.body or req.method in ("PUT", "POST"):
            c.putheader("Content-Length", str(len(req.body)))
        c.endheaders()
        if req.body:
            c.send(req.body)
        r = c.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        if own:
            c.close()


def send_all(port, make_requests, count, connections=8):
    """Sends make_requests(i) for i in range(count) over a few keep-alive connections
    (data loading); returns the failures (index, Response)."""
    failures = []
    lock = threading.Lock()
    nxt = [0]

    def worker():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while True:
                with lock:
                    i = nxt[0]
                    nxt[0] += 1
                if i >= count:
                    return
                r = send(port, make_requests(i), conn=c)
                if r.status >= 300:
                    with lock:
                        failures.append((i, r))
        finally:
            c.close()

    threads = [threading.Thread(target=worker) for _ in range(min(connections, max(count, 1)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures
