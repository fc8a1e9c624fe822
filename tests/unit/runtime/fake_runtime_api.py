"""A scripted Lambda Runtime API (2018-06-01) for testing the bootstraps in runtimes/
without a Bunker server. It follows AWS's Runtime API documentation: GET
/runtime/invocation/next blocks until an event is queued and answers it with the
Lambda-Runtime-* headers; /response and /error answer 202 {"status":"OK"};
/init/error answers 202; an unknown request id answers 400."""
import json
import os
import queue
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


class Result:
    def __init__(self, kind, body, headers):
        self.kind = kind          # "response", "error" or "init_error"
        self.body = body          # raw bytes
        self.headers = headers    # dict of received headers

    def json(self):
        return json.loads(self.body)


class FakeRuntimeApi:
    def __init__(self):
        self._events = queue.Queue()
        self._results = {}
        self._result_ready = threading.Condition()
        self.init_errors = []
        self.next_calls = 0
        self.seen_paths = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _reply(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _strip_prefix(self):
                # Bunker names the worker in a path prefix (AWS_LAMBDA_RUNTIME_API=host:port/prefix).
                api.seen_paths.append(self.path)
                at = self.path.rfind(PREFIX)
                if at > 0:
                    self.path = self.path[at:]

            def do_GET(self):
                self._strip_prefix()
                if self.path != PREFIX + "/invocation/next":
                    return self._reply(404, {"errorType": "NotFound"})
                api.next_calls += 1
                event = api._events.get()
                body = event["body"]
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", event["id"])
                self.send_header("Lambda-Runtime-Deadline-Ms", str(event["deadline_ms"]))
                self.send_header("Lambda-Runtime-Invoked-Function-Arn", event["arn"])
                self.send_header("Lambda-Runtime-Trace-Id", event["trace"])
                if event.get("client_context") is not None:
                    self.send_header("Lambda-Runtime-Client-Context", event["client_context"])
                if event.get("identity") is not None:
                    self.send_header("Lambda-Runtime-Cognito-Identity", event["identity"])
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                self._strip_prefix()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                if self.path == PREFIX + "/init/error":
                    with api._result_ready:
                        api.init_errors.append(Result("init_error", body, headers))
                        api._result_ready.notify_all()
                    return self._reply(202, {"status": "OK"})
                parts = self.path[len(PREFIX):].split("/")
                # ['', 'invocation', '<id>', 'response' | 'error']
                if len(parts) != 4 or parts[1] != "invocation" or parts[3] not in ("response", "error"):
                    return self._reply(404, {"errorType": "NotFound"})
                with api._result_ready:
                    if parts[2] not in api._results or api._results[parts[2]] is not None:
                        return self._reply(400, {"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"})
                    api._results[parts[2]] = Result(parts[3], body, headers)
                    api._result_ready.notify_all()
                self._reply(202, {"status": "OK"})

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # workers that exit drop their connection; that is expected

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.address = "127.0.0.1:%d" % self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def queue(self, event, timeout_s=3.0, arn="arn:aws:lambda:us-east-1:000000000000:function:fn",
              client_context=None, identity=None, raw_body=None):
        request_id = str(uuid.uuid4())
        with self._result_ready:
            self._results[request_id] = None
        body = raw_body if raw_body is not None else json.dumps(event).encode()
        self._events.put({"id": request_id, "body": body, "arn": arn,
                          "deadline_ms": int(time.time() * 1000 + timeout_s * 1000),
                          "trace": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
                          "client_context": client_context, "identity": identity})
        return request_id

    def wait_result(self, request_id, timeout=15.0):
        deadline = time.time() + timeout
        with self._result_ready:
            while self._results.get(request_id) is None:
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise TimeoutError("no result for " + request_id)
                self._result_ready.wait(remaining)
            return self._results[request_id]

    def wait_init_error(self, timeout=15.0):
        deadline = time.time() + timeout
        with self._result_ready:
            while not self.init_errors:
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise TimeoutError("no init error")
                self._result_ready.wait(remaining)
            return self.init_errors[0]

    def close(self):
        self._server.shutdown()
        self._server.server_close()


def start_worker(api, runtime, task_root, handler, env=None):
    """Starts runtimes/<runtime>/bootstrap as Bunker's manager would (environment as on AWS)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AWS_LAMBDA_RUNTIME_API": api.address,
        "_HANDLER": handler,
        "LAMBDA_TASK_ROOT": task_root,
        "AWS_LAMBDA_FUNCTION_NAME": "fn",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/fn",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_SESSION_TOKEN": "test",
        "TZ": ":UTC",
        "PYTHONUNBUFFERED": "1",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
    }
    if runtime == "node":
        environment["NODE_PATH"] = ":".join([os.path.join(REPO, "runtimes", "node", "node_modules"), task_root])
        command = ["node", os.path.join(REPO, "runtimes", "node", "bootstrap")]
    else:
        environment["PYTHONPATH"] = os.path.join(REPO, "runtimes", "python", "site")
        command = ["/usr/bin/python3", os.path.join(REPO, "runtimes", "python", "bootstrap")]
    environment.update(env or {})
    return subprocess.Popen(command, cwd=task_root, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
