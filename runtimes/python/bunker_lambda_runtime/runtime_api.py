"""Client of the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API."""
import http.client
import json

API_PREFIX = "/2018-06-01/runtime"


class Invocation:
    __slots__ = ("request_id", "deadline_ms", "invoked_function_arn", "trace_id",
                 "client_context", "cognito_identity", "body")

    def __init__(self, headers, body):
        self.request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        self.deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.trace_id = headers.get("Lambda-Runtime-Trace-Id")
        self.client_context = headers.get("Lambda-Runtime-Client-Context")
        self.cognito_identity = headers.get("Lambda-Runtime-Cognito-Identity")
        self.body = body


class RuntimeApi:
    """One keep-alive connection: the runtime only ever has one request in flight."""

    def __init__(self, address):
        # host:port as on AWS; Bunker may append a path naming the worker (host:port/prefix),
        # which goes in front of every Runtime API path, as for a curl-based bootstrap.
        host_port, slash, prefix = address.partition("/")
        host, _, port = host_port.rpartition(":")
        self._host = host.strip("[]")
        self._port = int(port)
        self._prefix = (slash + prefix).rstrip("/") + API_PREFIX
        self._conn = None

    def _request(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self._host, self._port)
            try:
                self._conn.request(method, path, body=body, headers=headers or {})
                response = self._conn.getresponse()
                data = response.read()
                return response, data
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle keep-alive connection; one fresh retry.
                self._conn.close()
                self._conn = None
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")

    def next_invocation(self):
        response, data = self._request("GET", self._prefix + "/invocation/next")
        if response.status != 200:
            raise RuntimeError("Runtime API /invocation/next answered %d: %r" % (response.status, data))
        return Invocation(response.headers, data)

    def post_response(self, request_id, body):
        self._request("POST", "%s/invocation/%s/response" % (self._prefix, request_id), body,
                      {"Content-Type": "application/json"})

    def post_error(self, request_id, error):
        self._request("POST", "%s/invocation/%s/error" % (self._prefix, request_id),
                      json.dumps(error).encode("utf-8"), _error_headers(error))

    def post_init_error(self, error):
        self._request("POST", self._prefix + "/init/error", json.dumps(error).encode("utf-8"),
                      _error_headers(error))


def _error_headers(error):
    error_type = str(error.get("errorType") or "Unknown").encode("ascii", "ignore").decode()
    return {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error_type}
