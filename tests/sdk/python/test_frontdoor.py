"""The front door through real clients: health, routing of each service (every SDK gets
a well-formed AWS error it can parse), error envelopes, keep-alive, pipelining,
chunked bodies, 100-continue, limits and timeouts, flags, clean shutdown."""
import json
import os
import socket
import subprocess
import time
import urllib.request
import zlib

import pytest
from botocore.exceptions import ClientError

from bunker_process import BIN, Bunker

BUNKER_ARGS = ["--idle-timeout", "2s", "--read-timeout", "1s", "--max-header-bytes", "8192"]


def raw_http(bunker, data, read_until_close=True, timeout=10):
    with socket.create_connection(("127.0.0.1", bunker.port), timeout=timeout) as s:
        s.sendall(data)
        if not read_until_close:
            return s.recv(65536)
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            if not b:
                break
            chunks.append(b)
        return b"".join(chunks)


def test_health_reports_version_storage_and_services(bunker):
    h = bunker.health()
    assert h["status"] == "running"
    assert h["storage"]["mode"] == "disk"
    assert set(h["services"]) >= {"s3", "dynamodb", "lambda", "apigateway"}
    assert all(state == "running" for state in h["services"].values())
    v = subprocess.run([BIN, "--version"], capture_output=True, text=True)
    assert v.stdout.strip() == "bunker " + h["version"]


def test_localstack_health_shape(bunker):
    with urllib.request.urlopen(bunker.endpoint + "/_localstack/health") as r:
        body = json.loads(r.read())
    assert set(body["services"]) >= {"s3", "dynamodb", "lambda", "apigateway"}


def test_each_sdk_service_gets_a_parseable_error(client):
    with pytest.raises(ClientError) as e:
        client("dynamodb").describe_table(TableName="no-such-table")
    assert e.value.response["Error"]["Code"] in ("ResourceNotFoundException", "UnknownOperationException")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    with pytest.raises(ClientError) as e:
        client("s3").list_objects_v2(Bucket="no-such-bucket")
    assert e.value.response["Error"]["Code"] in ("NoSuchBucket", "NotImplemented")
    assert e.value.response["ResponseMetadata"]["RequestId"]

    with pytest.raises(ClientError) as e:
        client("lambda").get_function(FunctionName="no-such-function")
    assert e.value.response["Error"]["Code"] in ("ResourceNotFoundException", "UnknownOperationException")

    with pytest.raises(ClientError) as e:
        client("apigateway").get_rest_api(restApiId="nosuchapi")
    assert e.value.response["Error"]["Code"] == "NotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_dynamodb_errors_carry_a_valid_crc32(bunker):
    req = urllib.request.Request(
        bunker.endpoint + "/",
        method="POST",
        data=b"{}",
        headers={"X-Amz-Target": "DynamoDB_20120810.NoSuchOperation", "Content-Type": "application/x-amz-json-1.0"},
    )
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    body = e.value.read()
    assert e.value.code == 400
    assert int(e.value.headers["x-amz-crc32"]) == zlib.crc32(body)
    assert json.loads(body)["__type"] == "com.amazon.coral.service#UnknownOperationException"
    assert len(e.value.headers["x-amzn-RequestId"]) == 52


def test_s3_error_envelope_and_head_without_body(bunker):
    req = urllib.request.Request(bunker.endpoint + "/no-such-bucket/key", method="GET")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    body = e.value.read().decode()
    assert "<Error><Code>" in body and "<RequestId>" in body and "<HostId>" in body
    assert e.value.headers["x-amz-request-id"] and e.value.headers["x-amz-id-2"]

    raw = raw_http(bunker, b"HEAD /no-such-bucket/key HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 4") or head.startswith(b"HTTP/1.1 5")
    assert rest == b""


def test_virtual_host_names_route_to_their_service(bunker):
    # <bucket>.s3.localhost is S3 (an XML error), <id>.execute-api.localhost is API Gateway.
    raw = raw_http(bunker, b"GET /key HTTP/1.1\r\nHost: mybucket.s3.localhost:4566\r\nConnection: close\r\n\r\n")
    assert b"<Error>" in raw
    raw = raw_http(bunker, b"GET /dev/x HTTP/1.1\r\nHost: abc123.execute-api.localhost\r\nConnection: close\r\n\r\n")
    assert b"HTTP/1.1 403" in raw or b"HTTP/1.1 404" in raw
    assert b'"message"' in raw


def test_lambda_error_names_its_type_in_a_header(bunker):
    req = urllib.request.Request(bunker.endpoint + "/2015-03-31/functions/no-such-function", method="GET")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.headers["x-amzn-ErrorType"]
    body = json.loads(e.value.read())
    assert body["Type"] == "User" and body["message"]


def test_keep_alive_and_pipelined_requests_answered_in_order(bunker):
    one = b"GET /_bunker/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
    last = b"GET /_localstack/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    raw = raw_http(bunker, one + one + last)
    responses = raw.split(b"HTTP/1.1 200 OK")
    assert len(responses) == 4  # three answers on one connection
    assert b'"uptime_seconds"' in responses[1] and b'"uptime_seconds"' in responses[2]
    assert b'"edition"' in responses[3]


def test_connection_header_and_version_decide_keep_alive(bunker):
    health = b"GET /_bunker/health HTTP/1.%d\r\nHost: localhost\r\n%s\r\n"
    # HTTP/1.0 closes unless it asks to keep alive; then the answer says it is kept.
    raw = raw_http(bunker, health % (0, b"") + health % (0, b""))
    assert raw.count(b"HTTP/1.1 200 OK") == 1 and b"Connection: close\r\n" in raw
    raw = raw_http(bunker, health % (0, b"Connection: Keep-Alive\r\n") + health % (0, b"connection: close\r\n"))
    first, _, second = raw.partition(b"HTTP/1.1 200 OK")[2].partition(b"HTTP/1.1 200 OK")
    assert b"Connection: keep-alive\r\n" in first and b"Connection: close\r\n" in second
    # HTTP/1.1 keeps the connection unless a Connection field lists "close" (any case,
    # among other tokens); only the first Connection field counts, as in Beast's message.
    raw = raw_http(bunker, health % (1, b"Connection: TE, Close\r\n") + health % (1, b""))
    assert raw.count(b"HTTP/1.1 200 OK") == 1 and b"Connection: close\r\n" in raw
    raw = raw_http(bunker, health % (1, b"Connection: keep-alive\r\nConnection: close\r\n")
                   + health % (1, b"Connection: close\r\n"))
    assert raw.count(b"HTTP/1.1 200 OK") == 2


def test_chunked_request_body_is_decoded(bunker):
    body = b'{"service": "dynamodb"}'
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:5], body[5:])) + b"0\r\n\r\n"
    raw = raw_http(bunker, b"POST /_bunker/reset HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                           b"Connection: close\r\n\r\n" + chunked)
    assert raw.startswith(b"HTTP/1.1 200")
    assert json.loads(raw.partition(b"\r\n\r\n")[2]) == {"reset": ["dynamodb"]}


def test_expect_100_continue(bunker):
    body = b'{"service": "s3"}'
    with socket.create_connection(("127.0.0.1", bunker.port), timeout=10) as s:
        s.sendall(b"POST /_bunker/reset HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
        interim = s.recv(4096)
        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        rest = interim[len(b"HTTP/1.1 100 Continue\r\n\r\n"):]
        s.sendall(body)
        while b"\r\n\r\n" not in rest or not rest.endswith(b"}"):
            b = s.recv(4096)
            if not b:
                break
            rest += b
    assert rest.startswith(b"HTTP/1.1 200")
    assert json.loads(rest.partition(b"\r\n\r\n")[2]) == {"reset": ["s3"]}


def test_oversized_header_block_is_refused(bunker):
    raw = raw_http(bunker, b"GET /_bunker/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 400")
    assert b"RequestHeaderSectionTooLarge" in raw
    assert bunker.health()["status"] == "running"


def test_silent_client_is_disconnected(bunker):
    with socket.create_connection(("127.0.0.1", bunker.port), timeout=30) as s:
        s.sendall(b"GET /_bunker/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
        # --idle-timeout 2s: the server closes the idle keep-alive connection.
        assert s.recv(65536) == b""


def test_idle_timeout_counts_from_the_last_request(bunker):
    # Each request restarts the 2 s idle clock (the connection's one deadline moves), so a
    # client that keeps asking outlives several idle periods; a silent one is then closed.
    ask = b"GET /_bunker/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
    with socket.create_connection(("127.0.0.1", bunker.port), timeout=30) as s:
        for _ in range(3):
            s.sendall(ask)
            assert s.recv(65536).startswith(b"HTTP/1.1 200")
            time.sleep(1.2)
        # A body read (1 s read timeout) and the next idle wait share the same deadline.
        s.sendall(b'POST /_bunker/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: 17\r\n\r\n{"service": "s3"}')
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
        time.sleep(1.2)
        s.sendall(ask)
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
        assert s.recv(65536) == b""


def test_stalled_body_gets_request_timeout(bunker):
    with socket.create_connection(("127.0.0.1", bunker.port), timeout=30) as s:
        s.sendall(b"POST /_bunker/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\n{\"serv")
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
    assert data.startswith(b"HTTP/1.1 400")
    assert b"RequestTimeout" in data


def test_malformed_request_line_gets_400_and_server_lives(bunker):
    raw = raw_http(bunker, b"NONSENSE\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 400")
    assert bunker.health()["status"] == "running"


def test_reset_of_unknown_service_is_404(bunker):
    req = urllib.request.Request(bunker.endpoint + "/_bunker/reset?service=nope", method="POST", data=b"")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 404


def test_aws_cli_reports_service_errors_cleanly(aws):
    p = aws.run("dynamodb", "describe-table", "--table-name", "nope", check=False)
    assert p.returncode != 0
    assert "An error occurred (" in p.stderr
    p = aws.run("lambda", "get-function", "--function-name", "nope", check=False)
    assert "An error occurred (" in p.stderr
    p = aws.run("apigateway", "get-rest-api", "--rest-api-id", "nope", check=False)
    assert "An error occurred (NotFoundException)" in p.stderr


def test_bad_flag_values_exit_2_with_one_line():
    for args in (["--port", "abc"], ["--port", "70000"], ["--region", "US EAST"], ["--nope"], ["--log-level", "loud"],
                 ["--account-id", "12"], ["--credentials", "nokey"], ["--credentials", "AK:SK:123"]):
        p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=10)
        assert p.returncode == 2, args
        assert len(p.stderr.strip().splitlines()) == 1, p.stderr
        assert p.stderr.startswith("bunker: ")


def test_environment_variables_set_flags():
    p = subprocess.run([BIN, "--help"], capture_output=True, text=True, timeout=10)
    assert p.returncode == 0
    for var in ("BUNKER_PORT", "BUNKER_HOST", "BUNKER_DATA_DIR", "BUNKER_IN_MEMORY", "BUNKER_REGION", "BUNKER_LOG_LEVEL"):
        assert var in p.stdout
    env = dict(os.environ, BUNKER_PORT="notaport")
    p = subprocess.run([BIN], capture_output=True, text=True, env=env, timeout=10)
    assert p.returncode == 2 and "BUNKER_PORT" in p.stderr


def test_second_server_on_the_same_data_dir_refuses(bunker):
    p = subprocess.run([BIN, "--port", "0", "--data-dir", bunker.data_dir], capture_output=True, text=True, timeout=10)
    assert p.returncode == 1
    assert "in use by another bunker process" in p.stderr


def test_sigterm_stops_cleanly_with_exit_0():
    b = Bunker("frontdoor-sigterm").start()
    try:
        assert b.stop() == 0
        assert "stopped" in b.log_tail()
    finally:
        b.cleanup()


def test_in_memory_mode():
    b = Bunker("frontdoor-memory", in_memory=True).start()
    try:
        assert b.health()["storage"]["mode"] == "memory"
        assert not os.listdir(b.data_dir)
    finally:
        b.cleanup()
