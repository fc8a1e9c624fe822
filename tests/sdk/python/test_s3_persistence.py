"""S3 state survives a clean restart and a kill -9 once acknowledged; an upload cut off
mid-body leaves no object, and a server killed mid-upload leaves none after restart; a stop
while answers stream lets them finish within the grace time and still exits cleanly."""
import hashlib
import os
import signal
import socket
import time

import pytest

MiB = 1024 * 1024
BUNKER_ARGS = ("--shutdown-timeout", "2s")


def test_survives_restart_and_kill9(bunker, client):
    s3 = client("s3")
    s3.create_bucket(Bucket="durable-bucket")
    s3.put_bucket_cors(Bucket="durable-bucket", CORSConfiguration={"CORSRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}]})
    big = os.urandom(3 * MiB + 17)
    s3.put_object(Bucket="durable-bucket", Key="big", Body=big, Metadata={"a": "1"})
    s3.put_object(Bucket="durable-bucket", Key="small", Body=b"small")
    uid = s3.create_multipart_upload(Bucket="durable-bucket", Key="mp")["UploadId"]
    etag = s3.upload_part(Bucket="durable-bucket", Key="mp", UploadId=uid, PartNumber=1, Body=b"part")["ETag"]
    bunker.restart()
    s3 = client("s3")
    assert hashlib.sha256(s3.get_object(Bucket="durable-bucket", Key="big")["Body"].read()).digest() == hashlib.sha256(big).digest()
    assert s3.head_object(Bucket="durable-bucket", Key="big")["Metadata"] == {"a": "1"}
    assert s3.get_bucket_cors(Bucket="durable-bucket")["CORSRules"][0]["AllowedMethods"] == ["GET"]
    s3.put_object(Bucket="durable-bucket", Key="after", Body=b"after restart")
    s3.delete_object(Bucket="durable-bucket", Key="small")
    bunker.restart(kill=True)
    s3 = client("s3")
    assert s3.get_object(Bucket="durable-bucket", Key="after")["Body"].read() == b"after restart"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="durable-bucket")["Contents"]] == ["after", "big"]
    s3.complete_multipart_upload(Bucket="durable-bucket", Key="mp", UploadId=uid,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert s3.get_object(Bucket="durable-bucket", Key="mp")["Body"].read() == b"part"


def start_partial_put(bunker, key, declared, sent):
    sock = socket.create_connection(("127.0.0.1", bunker.port))
    sock.sendall((f"PUT /durable-bucket/{key} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {declared}\r\n\r\n").encode())
    chunk = os.urandom(MiB)
    left = sent
    while left > 0:
        n = min(left, len(chunk))
        sock.sendall(chunk[:n])
        left -= n
    return sock


def wait_for_log(bunker, text, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if text in bunker.log_tail(200):
            return True
        time.sleep(0.05)
    return False


def test_interrupted_upload_leaves_nothing(bunker, client):
    s3 = client("s3")
    # The client disconnects half way: no object appears.
    sock = start_partial_put(bunker, "cut-off", 8 * MiB, 4 * MiB)
    sock.close()
    assert wait_for_log(bunker, "PutObject 4")  # the server answered (an error) for that request
    with pytest.raises(Exception):
        s3.head_object(Bucket="durable-bucket", Key="cut-off")
    # The server dies half way through another upload: after restart there is no object,
    # and the start-up discards the partial data.
    sock = start_partial_put(bunker, "killed", 8 * MiB, 5 * MiB)
    time.sleep(0.3)  # let the server write the first chunks
    bunker.kill9()
    sock.close()
    bunker.start()
    assert "discarded 1 interrupted upload" in bunker.log_tail(50)
    s3 = client("s3")
    with pytest.raises(Exception):
        s3.head_object(Bucket="durable-bucket", Key="killed")
    assert "killed" not in [o["Key"] for o in s3.list_objects_v2(Bucket="durable-bucket").get("Contents", [])]


def start_download(bunker, path, rcvbuf=None):
    sock = socket.socket()
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)  # before connect: a small window
    sock.connect(("127.0.0.1", bunker.port))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


def read_answer(sock, data=b""):
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")))
    while len(body) < length:
        piece = sock.recv(1 << 20)
        if not piece:
            break
        body += piece
    return head.split(b"\r\n")[0], body, length


def test_stop_lets_streaming_answers_finish(bunker, client):
    s3 = client("s3")
    s3.create_bucket(Bucket="stop-bucket")
    body = os.urandom(16 * MiB)
    s3.put_object(Bucket="stop-bucket", Key="big", Body=body)
    # One client stops reading after the first bytes; another reads at its own pace.
    stalled = start_download(bunker, "/stop-bucket/big", rcvbuf=4096)
    stalled.recv(1024)
    reader = start_download(bunker, "/stop-bucket/big")
    first = reader.recv(1)  # the answer has started
    proc = bunker.proc
    proc.send_signal(signal.SIGTERM)
    # The answer under way is written to the end, not cut off at the signal.
    status, got, length = read_answer(reader, first)
    assert status == b"HTTP/1.1 200 OK" and length == len(body)
    assert hashlib.sha256(got).digest() == hashlib.sha256(body).digest()
    # The stalled one holds the stop for the grace time only; then the server stops cleanly,
    # releasing what the cut-off stream held before it closes storage.
    assert proc.wait(timeout=20) == 0
    assert "1 request(s) still running after 2000 ms" in bunker.log_tail(20)
    stalled.close()
    reader.close()
    bunker.stop()
    bunker.start()
    got = client("s3").get_object(Bucket="stop-bucket", Key="big")["Body"].read()
    assert hashlib.sha256(got).digest() == hashlib.sha256(body).digest()
