"""Helpers for the API Gateway real-client tests: calling deployed stages over plain HTTP
(both the <api-id>.execute-api.localhost host form and the /restapis/…/_user_request_/
path form), a small local HTTP backend that echoes what it receives, and builders for
common API shapes."""
import http.client
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lowercased name -> value (last one)
        self.raw_headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    @property
    def text(self):
        return self.body.decode()


def call(bunker, api_id, stage, path="/", method="GET", headers=None, body=None, host_form=True, query=None,
         raw_path=None):
    """One request to a deployed stage; returns Answer (status, lowercased headers, bytes).
    raw_path sends that request-target as is (host form)."""
    port = bunker.endpoint.rsplit(":", 1)[1]
    target = path if path.startswith("/") else "/" + path
    if query:
        target += "?" + (query if isinstance(query, str) else urllib.parse.urlencode(query, doseq=True))
    hdrs = dict(headers or {})
    if host_form:
        url_path = f"/{stage}{target}" if stage else target
        hdrs.setdefault("Host", f"{api_id}.execute-api.localhost:{port}")
    else:
        url_path = f"/restapis/{api_id}/{stage}/_user_request_{target}"
    if raw_path is not None:
        url_path = raw_path
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
        hdrs.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
    try:
        conn.request(method, url_path, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        return Answer(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
    finally:
        conn.close()


class EchoBackend:
    """A local HTTP server: answers every request with JSON describing it. `?status=N`
    chooses the status; `/raw` answers the request body as sent."""

    def __init__(self):
        backend = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parsed = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
                status = int(query.get("status", ["200"])[0])
                if parsed.path == "/raw":
                    out = body
                    ctype = self.headers.get("Content-Type", "application/octet-stream")
                else:
                    out = json.dumps({"method": self.command, "path": parsed.path, "query": query,
                                      "headers": {k.lower(): v for k, v in self.headers.items()},
                                      "body": body.decode("utf-8", "replace")}).encode()
                    ctype = "application/json"
                backend.requests.append(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(out)))
                self.send_header("X-Backend", "echo")
                self.send_header("Server", "echo-backend")
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = handle_any

            def do_HEAD(self):
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def new_api(apigw, name="test-api", **kwargs):
    api = apigw.create_rest_api(name=name, **kwargs)
    root = api.get("rootResourceId")  # absent with Debian's older botocore
    if root is None:
        root = apigw.get_resources(restApiId=api["id"])["items"][0]["id"]
    return api["id"], root


def resource(apigw, api_id, parent, *parts):
    """Creates nested resources below parent; returns the last one's id."""
    for part in parts:
        parent = apigw.create_resource(restApiId=api_id, parentId=parent, pathPart=part)["id"]
    return parent


def mock_method(apigw, api_id, resource_id, method="GET", request_template='{"statusCode": 200}',
                response_template=None, status="200", **method_kwargs):
    """A MOCK method answering `status` with `response_template`."""
    method_kwargs.setdefault("authorizationType", "NONE")
    apigw.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=method, **method_kwargs)
    apigw.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=method, type="MOCK",
                          requestTemplates={"application/json": request_template})
    apigw.put_method_response(restApiId=api_id, resourceId=resource_id, httpMethod=method, statusCode=status)
    templates = {"application/json": response_template} if response_template is not None else {}
    apigw.put_integration_response(restApiId=api_id, resourceId=resource_id, httpMethod=method, statusCode=status,
                                   selectionPattern="", responseTemplates=templates)
