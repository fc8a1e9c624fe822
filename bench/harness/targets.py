"""The servers bench/run measures: how each starts on its own loopback port with a fresh
data directory, which services it offers, how it is stopped. Each start is timed from
process start to the first successful request of the target's own kind, and idle RSS is
read a moment later."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from . import procstat
from .requests import Credentials, Request, send, sign

BENCH = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ROOT = os.path.dirname(BENCH)
NODE_BIN = os.path.join(BENCH, "node_modules", ".bin")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dynamodb_list_tables(host, creds):
    return sign(Request("POST", "/", {"Content-Type": "application/x-amz-json-1.0",
                                      "X-Amz-Target": "DynamoDB_20120810.ListTables"}, b"{}"),
                "dynamodb", host, creds)


class Target:
    """One server. Subclasses set name, services and command()."""
    name = "?"
    label = "?"
    services = frozenset()
    on_disk = False
    creds = Credentials()
    idle_wait = 1.0  # seconds between the first answer and the idle RSS reading

    def __init__(self, workdir):
        self.workdir = workdir
        self.proc = None
        self.port = None
        self.data_dir = None
        self.start_ms = None
        self.idle_rss_mib = None
        self.log_path = None

    # -- to override --------------------------------------------------------------------
    def command(self):
        raise NotImplementedError

    def cwd(self):
        return None

    def env(self):
        return dict(os.environ)

    def ready_request(self):
        """The first request whose success counts as 'started'."""
        return dynamodb_list_tables(self.host, self.creds)

    def ready(self, resp):
        return 200 <= resp.status < 300

    def available(self):
        """None when the target can run here, else why not."""
        return None

    # -- common ---------------------------------------------------------------------------
    @property
    def host(self):
        return f"127.0.0.1:{self.port}"

    def start(self, timeout=60):
        self.port = free_port()
        self.data_dir = tempfile.mkdtemp(prefix=f"bench-{self.name}-", dir=self.workdir)
        self.log_path = os.path.join(self.workdir, f"{self.name}.log")
        log = open(self.log_path, "ab")
        cmd = self.command()
        log.write(f"--- {' '.join(cmd)}\n".encode())
        log.flush()
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=self.cwd(),
                                     env=self.env(), start_new_session=True)
        log.close()
        deadline = t0 + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} during start; see {self.log_path}")
            try:
                if self.ready(send(self.port, self.ready_request(), timeout=5)):
                    break
            except OSError:
                pass
            if time.perf_counter() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not answer within {timeout}s; see {self.log_path}")
            time.sleep(0.0005)
        self.start_ms = (time.perf_counter() - t0) * 1000
        time.sleep(self.idle_wait)
        self.idle_rss_mib = procstat.rss_mib(self.proc.pid)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.proc = None

    def cleanup(self):
        if self.data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def disk_mib(self):
        return round(procstat.du_mib(self.data_dir), 2) if self.on_disk else None


class Bunker(Target):
    services = frozenset({"dynamodb", "s3", "lambda", "apigateway"})

    def __init__(self, workdir, binary, in_memory=False):
        super().__init__(workdir)
        self.binary = binary
        self.in_memory = in_memory
        self.name = "bunker-mem" if in_memory else "bunker"
        self.label = "Bunker (in memory)" if in_memory else "Bunker (on disk)"
        self.on_disk = not in_memory

    def command(self):
        # Quiet like the peers (no access line per request); everything else at its defaults.
        store = ["--in-memory"] if self.in_memory else ["--data-dir", self.data_dir]
        return [self.binary, "--port", str(self.port), "--log-level", "warn", *store]

    def env(self):
        return {k: v for k, v in os.environ.items() if not k.startswith("BUNKER_")}


class Dynalite(Target):
    services = frozenset({"dynamodb"})

    def __init__(self, workdir, on_disk):
        super().__init__(workdir)
        self.on_disk = on_disk
        self.name = "dynalite" if on_disk else "dynalite-mem"
        self.label = "dynalite (LevelDB on disk)" if on_disk else "dynalite (in memory)"

    def available(self):
        return None if os.path.exists(os.path.join(NODE_BIN, "dynalite")) else "dynalite not installed (bench/node_modules)"

    def command(self):
        cmd = ["node", os.path.join(NODE_BIN, "dynalite"), "--host", "127.0.0.1", "--port", str(self.port),
               "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]
        return cmd + (["--path", self.data_dir] if self.on_disk else [])


class S3rver(Target):
    name, label = "s3rver", "s3rver"
    services = frozenset({"s3"})
    on_disk = True
    creds = Credentials("S3RVER", "S3RVER")  # the only key s3rver accepts

    def available(self):
        return None if os.path.exists(os.path.join(NODE_BIN, "s3rver")) else "s3rver not installed (bench/node_modules)"

    def command(self):
        # Node 20's OpenSSL 3 lacks the md5 digest s3rver's paginated listings use: without
        # the legacy provider every ListObjectsV2 with a continuation answers 500.
        return ["node", "--openssl-legacy-provider", os.path.join(NODE_BIN, "s3rver"), "--silent",
                "-a", "127.0.0.1", "-p", str(self.port), "-d", self.data_dir]

    def ready_request(self):
        return sign(Request("GET", "/"), "s3", self.host, self.creds)


class Moto(Target):
    name, label = "moto", "moto_server"
    services = frozenset({"dynamodb", "s3"})  # its Lambda needs Docker to run code

    @staticmethod
    def python():
        for py in ("python3", sys.executable):
            exe = shutil.which(py)
            if exe and subprocess.run([exe, "-c", "import moto.server"], capture_output=True).returncode == 0:
                return exe
        return None

    def available(self):
        return None if self.python() else "no Python with moto here"

    def command(self):
        return [self.python(), "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]


class ServerlessOffline(Target):
    name, label = "serverless-offline", "serverless-offline 13 (in-process)"
    services = frozenset({"lambda", "apigateway"})
    SERVICE = "bunker-bench"
    STAGE = "dev"

    def available(self):
        ok = os.path.exists(os.path.join(BENCH, "node_modules", "serverless", "bin", "serverless.js"))
        return None if ok else "serverless not installed (bench/node_modules)"

    def function_name(self, fn):
        return f"{self.SERVICE}-{self.STAGE}-{fn}"

    def start(self, timeout=90):
        self.lambda_port, self.ws_port = free_port(), free_port()
        return super().start(timeout)

    def cwd(self):
        return os.path.join(BENCH, "serverless")

    def env(self):
        env = dict(os.environ)
        # No telemetry, no update notices, no dashboard: this machine has no network.
        env.update(SLS_TELEMETRY_DISABLED="1", SLS_NOTIFICATIONS_MODE="off", SLS_DEPRECATION_DISABLE="*",
                   SLS_INTERACTIVE_SETUP_DISABLE="1", AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_REGION="us-east-1")
        return env

    def command(self):
        return ["node", os.path.join(BENCH, "node_modules", "serverless", "bin", "serverless.js"), "offline", "start",
                "--useInProcess", "--host", "127.0.0.1", "--httpPort", str(self.port),
                "--lambdaPort", str(self.lambda_port), "--websocketPort", str(self.ws_port), "--noTimeout"]

    def ready_request(self):
        return Request("GET", f"/{self.STAGE}/hello", {"Host": self.host})


class Nginx(Target):
    """The physical-limit reference: a static file server in C. Files: /200b, /1m."""
    name, label = "nginx", "nginx (static file)"
    services = frozenset({"static"})

    def available(self):
        return None if shutil.which("nginx") or os.path.exists("/usr/sbin/nginx") else "nginx not installed"

    def command(self):
        www = os.path.join(self.data_dir, "www")
        os.makedirs(www, exist_ok=True)
        with open(os.path.join(www, "200b"), "wb") as f:
            f.write(b"x" * 200)
        with open(os.path.join(www, "1m"), "wb") as f:
            f.write(os.urandom(1 << 20))
        os.chmod(self.data_dir, 0o755)
        conf = os.path.join(self.data_dir, "nginx.conf")
        user = "user root;\n" if os.geteuid() == 0 else ""
        with open(conf, "w") as f:
            f.write(f"""{user}daemon off;
worker_processes 2;
pid {self.data_dir}/nginx.pid;
error_log {self.data_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path {self.data_dir}/body;
  proxy_temp_path {self.data_dir}/proxy;
  fastcgi_temp_path {self.data_dir}/fastcgi;
  uwsgi_temp_path {self.data_dir}/uwsgi;
  scgi_temp_path {self.data_dir}/scgi;
  server {{ listen 127.0.0.1:{self.port}; root {www}; location / {{ }} }}
}}
""")
        return [shutil.which("nginx") or "/usr/sbin/nginx", "-p", self.data_dir, "-c", conf]

    def ready_request(self):
        return Request("GET", "/200b", {"Host": self.host})
