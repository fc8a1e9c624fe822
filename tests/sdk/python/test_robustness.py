"""Bad input never takes the server down: malformed, truncated and random requests to
every service get an error answer (4xx/5xx in the service's own envelope) or a closed
connection, and the server keeps serving. Seeded, so a failure replays."""
import json
import random
import socket

import pytest

SEED = 20261127

TARGETS = [
    # (method, path, headers) reaching each service's parsers
    ("POST", "/", {"X-Amz-Target": "DynamoDB_20120810.PutItem", "Content-Type": "application/x-amz-json-1.0"}),
    ("POST", "/", {"X-Amz-Target": "DynamoDB_20120810.Query", "Content-Type": "application/x-amz-json-1.0"}),
    ("POST", "/", {"X-Amz-Target": "DynamoDB_20120810.UpdateItem", "Content-Type": "application/x-amz-json-1.0"}),
    ("POST", "/", {"X-Amz-Target": "DynamoDB_20120810.CreateTable", "Content-Type": "application/x-amz-json-1.0"}),
    ("PUT", "/fuzz-bucket", {}),
    ("PUT", "/fuzz-bucket/key", {}),
    ("POST", "/fuzz-bucket?delete", {}),
    ("PUT", "/fuzz-bucket?cors", {}),
    ("POST", "/fuzz-bucket/key?uploads", {}),
    ("POST", "/2015-03-31/functions", {"Content-Type": "application/json"}),
    ("POST", "/2015-03-31/functions/f/invocations", {}),
    ("POST", "/restapis", {"Content-Type": "application/json"}),
    ("POST", "/v2/apis", {"Content-Type": "application/json"}),
    ("POST", "/", {"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam/aws4_request, "
                                    "SignedHeaders=host, Signature=0", "Content-Type": "application/x-www-form-urlencoded"}),
]


def bodies(rng):
    yield b""
    yield b"{"
    yield b"null"
    yield b"[]"
    yield b"<"
    yield b"<?xml version='1.0'?><Delete><Object><Key>"
    yield json.dumps({"TableName": "x" * 300, "Item": {"a": {"S": None}}}).encode()
    yield json.dumps({"TableName": "fuzz-table", "Key": {"k": {"N": "1e999999"}}, "UpdateExpression": "SET #a = :b (("}).encode()
    yield json.dumps({"FunctionName": "f", "Code": {"ZipFile": "!!notbase64"}, "Runtime": "nodejs20.x"}).encode()
    yield "Action=CreateRole&RoleName=\u2603&AssumeRolePolicyDocument=%7B".encode()
    for _ in range(12):
        n = rng.randint(1, 2000)
        yield bytes(rng.getrandbits(8) for _ in range(n))
    for _ in range(12):
        # JSON-ish noise: nested structures with odd types.
        def value(depth):
            kind = rng.randint(0, 6 if depth < 6 else 3)
            if kind == 0:
                return rng.choice([None, True, 1e308, -0.0, "", "\u0000", "\ud7ff"])
            if kind == 1:
                return rng.randint(-2**70, 2**70)
            if kind == 2:
                return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 20)))
            if kind == 3:
                return rng.choice(["S", "N", "B", "SS", "M", "L", "BOOL", "NULL"])
            if kind == 4:
                return [value(depth + 1) for _ in range(rng.randint(0, 4))]
            return {rng.choice(["S", "N", "M", "L", "TableName", "Key", "Item", "Runtime", "name", "x"]): value(depth + 1)
                    for _ in range(rng.randint(0, 4))}
        yield json.dumps(value(0)).encode()


def exchange(port, raw, timeout=10):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(raw)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer and close before the request is all sent
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            data += chunk
        return data


def test_malformed_bodies_get_error_answers_and_the_server_survives(bunker):
    rng = random.Random(SEED)
    for method, path, headers in TARGETS:
        for body in bodies(rng):
            head = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {len(body)}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            answer = exchange(bunker.port, head.encode() + b"Connection: close\r\n\r\n" + body)
            if answer:
                status = int(answer.split(b" ", 2)[1])
                assert 200 <= status < 600, answer[:200]
        assert bunker.health()["status"] == "running", f"after {method} {path}"


def test_truncated_and_lying_requests(bunker):
    cases = [
        b"PUT /fuzz-bucket/k HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nshort",
        b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n\r\nzz\r\n",
        b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n",
        b"GET /%ZZ%00/../..//? HTTP/1.1\r\nHost: localhost\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS ClientHello on the plain port
    ]
    for raw in cases:
        exchange(bunker.port, raw, timeout=5)
        assert bunker.health()["status"] == "running", raw[:40]


@pytest.mark.parametrize("target", ["DynamoDB_20120810.ListTables", "DynamoDB_20120810.GetItem"])
def test_random_headers(bunker, target):
    rng = random.Random(SEED)
    for _ in range(50):
        headers = "".join(
            f"X-{rng.randint(0, 99)}: {''.join(chr(rng.randint(32, 126)) for _ in range(rng.randint(0, 300)))}\r\n"
            for _ in range(rng.randint(0, 20)))
        auth = rng.choice(["", "Authorization: AWS4-HMAC-SHA256\r\n", "Authorization: AWS x\r\n",
                           "Authorization: AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=, Signature=\r\n"])
        raw = (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {target}\r\n{auth}{headers}"
               f"Content-Length: 2\r\nConnection: close\r\n\r\n{{}}").encode()
        answer = exchange(bunker.port, raw)
        assert answer.startswith(b"HTTP/1.1 "), answer[:100]
    assert bunker.health()["status"] == "running"
