"""Client of the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API.

The runtime talks to it over one keep-alive connection, one exchange at a time except that
a result and the request for the next invocation go out together (HTTP/1.1 pipelining: a
syscall and a wake-up fewer per invocation on each side), so a few lines of HTTP/1.1 over
a socket replace http.client, whose per-request cost (header parsing through the email
package) and import time were most of the runtime's own."""
import json
import socket

API_PREFIX = "/2018-06-01/runtime"


class Invocation:
    __slots__ = ("request_id", "deadline_ms", "invoked_function_arn", "trace_id",
                 "client_context", "cognito_identity", "body")

    def __init__(self, headers, body):
        self.request_id = headers.get("lambda-runtime-aws-request-id", "")
        self.deadline_ms = int(headers.get("lambda-runtime-deadline-ms") or 0)
        self.invoked_function_arn = headers.get("lambda-runtime-invoked-function-arn")
        self.trace_id = headers.get("lambda-runtime-trace-id")
        self.client_context = headers.get("lambda-runtime-client-context")
        self.cognito_identity = headers.get("lambda-runtime-cognito-identity")
        self.body = body


class _Response:
    __slots__ = ("status", "headers")

    def __init__(self, status, headers):
        self.status = status
        self.headers = headers  # lower-case names


class _Connection:
    def __init__(self, host, port):
        self._sock = socket.create_connection((host, port))
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = b""
        self.reusable = True

    def close(self):
        self._sock.close()

    def _fill(self):
        data = self._sock.recv(65536)
        if not data:
            raise ConnectionResetError("Runtime API connection closed")
        self._buffer += data

    def _take(self, n):
        while len(self._buffer) < n:
            self._fill()
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data

    def _line(self):
        while True:
            end = self._buffer.find(b"\r\n")
            if end >= 0:
                line, self._buffer = self._buffer[:end], self._buffer[end + 2:]
                return line
            self._fill()

    def exchange(self, message):
        """Sends one request; returns (response, body). Raises ConnectionError before an
        answer when the server had closed the connection."""
        self._sock.sendall(message)
        return self.read_response()

    def send(self, message):
        self._sock.sendall(message)

    def read_response(self):
        """The next answer on the connection: (response, body)."""
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end >= 0:
                break
            self._fill()
        head, self._buffer = self._buffer[:end].decode("latin-1"), self._buffer[end + 4:]
        lines = head.split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            parts = []
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():  # trailers, then the empty line
                        pass
                    break
                parts.append(self._take(size))
                self._take(2)
            body = b"".join(parts)
        elif "content-length" in headers:
            body = self._take(int(headers["content-length"]))
        else:  # the body ends with the connection
            while True:
                try:
                    self._fill()
                except ConnectionError:
                    break
            body, self._buffer = self._buffer, b""
            self.reusable = False
        if "close" in headers.get("connection", "").lower():
            self.reusable = False
        return _Response(status, headers), body


class RuntimeApi:
    def __init__(self, address):
        # host:port as on AWS; Bunker may append a path naming the worker (host:port/prefix),
        # which goes in front of every Runtime API path, as for a curl-based bootstrap.
        host_port, slash, prefix = address.partition("/")
        host, _, port = host_port.rpartition(":")
        self._host = host.strip("[]")
        self._port = int(port)
        self._prefix = (slash + prefix).rstrip("/") + API_PREFIX
        self._host_header = ("Host: %s\r\n" % host_port).encode("latin-1")
        self._conn = None

    def _message(self, method, path, body=None, headers=None):
        head = ["%s %s HTTP/1.1\r\n" % (method, path)]
        for name, value in (headers or {}).items():
            head.append("%s: %s\r\n" % (name, value))
        if body is not None:
            if isinstance(body, str):
                body = body.encode("utf-8")
            head.append("Content-Length: %d\r\n" % len(body))
        head.append("\r\n")
        message = head[0].encode("latin-1") + self._host_header + "".join(head[1:]).encode("latin-1")
        if body:
            message += body
        return message

    def _request(self, method, path, body=None, headers=None):
        message = self._message(method, path, body, headers)
        for attempt in (0, 1):
            fresh = self._conn is None
            if fresh:
                self._conn = _Connection(self._host, self._port)
            try:
                response, data = self._conn.exchange(message)
            except ConnectionError:
                # The server closed an idle keep-alive connection; one fresh retry.
                self._conn.close()
                self._conn = None
                if fresh or attempt == 1:
                    raise
                continue
            if not self._conn.reusable:
                self._conn.close()
                self._conn = None
            return response, data
        raise AssertionError("unreachable")

    def _drop(self):
        self._conn.close()
        self._conn = None

    def _report_and_next(self, report):
        """Sends a result and the request for the next invocation in one write; returns the
        next invocation."""
        message = report + self._message("GET", self._prefix + "/invocation/next")
        for attempt in (0, 1):
            fresh = self._conn is None
            if fresh:
                self._conn = _Connection(self._host, self._port)
            try:
                self._conn.send(message)
                self._conn.read_response()
                break
            except ConnectionError:
                # The server closed an idle keep-alive connection; one fresh retry.
                self._drop()
                if fresh or attempt == 1:
                    raise
        if not self._conn.reusable:
            # The server ended the connection after answering the result (e.g. a response
            # too large): the request for the next invocation was never read; ask again.
            self._drop()
            return self.next_invocation()
        try:
            response, data = self._conn.read_response()
        except ConnectionError:
            self._drop()
            return self.next_invocation()
        if not self._conn.reusable:
            self._drop()
        return _invocation(response, data)

    def next_invocation(self):
        return _invocation(*self._request("GET", self._prefix + "/invocation/next"))

    def post_response_and_next(self, request_id, body):
        return self._report_and_next(self._message(
            "POST", "%s/invocation/%s/response" % (self._prefix, request_id), body,
            {"Content-Type": "application/json"}))

    def post_error_and_next(self, request_id, error):
        return self._report_and_next(self._message(
            "POST", "%s/invocation/%s/error" % (self._prefix, request_id),
            json.dumps(error).encode("utf-8"), _error_headers(error)))

    def post_init_error(self, error):
        self._request("POST", self._prefix + "/init/error", json.dumps(error).encode("utf-8"),
                      _error_headers(error))


def _invocation(response, data):
    if response.status != 200:
        raise RuntimeError("Runtime API /invocation/next answered %d: %r" % (response.status, data))
    return Invocation(response.headers, data)


def _error_headers(error):
    error_type = str(error.get("errorType") or "Unknown").encode("ascii", "ignore").decode()
    return {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error_type}
