"""A real bunker process for a test module: free port, fresh data directory, health
wait, restart / kill -9, and its log kept for failures."""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.environ.get("BUNKER_ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN = os.environ.get("BUNKER_BIN") or os.path.join(ROOT, "build", "src", "bunker")
ARTIFACTS = os.path.join(ROOT, "tests", "artifacts")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Bunker:
    def __init__(self, name, extra_args=(), env=None, in_memory=False):
        self.name = name
        self.extra_args = list(extra_args)
        self.env = dict(env or {})
        self.in_memory = in_memory
        self.data_dir = tempfile.mkdtemp(prefix=f"bunker-{name}-")
        os.makedirs(ARTIFACTS, exist_ok=True)
        self.log_path = os.path.join(ARTIFACTS, f"{name}.log")
        self.port = free_port()
        self.proc = None
        self._log = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=15):
        args = [BIN, "--port", str(self.port), "--log-level", "info"]
        args += ["--in-memory"] if self.in_memory else ["--data-dir", self.data_dir]
        args += self.extra_args
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUNKER_") or k in ("BUNKER_ROOT",)}
        env.update(self.env)
        self._log = open(self.log_path, "ab")
        self._log.write(f"\n--- start {' '.join(args)}\n".encode())
        self._log.flush()
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bunker exited with {self.proc.returncode} during start:\n{self.log_tail()}")
            try:
                self.health()
                return self
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"bunker did not become healthy in {timeout}s:\n{self.log_tail()}")

    def health(self):
        with urllib.request.urlopen(self.endpoint + "/_bunker/health", timeout=2) as r:
            return json.loads(r.read())

    def stop(self, timeout=15):
        """SIGTERM and wait: a clean stop. Returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None
        return code

    def kill9(self):
        """SIGKILL: what survives is what was durably acknowledged."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None

    def restart(self, kill=False):
        self.kill9() if kill else self.stop()
        return self.start()

    def reset(self, service=None):
        url = self.endpoint + "/_bunker/reset" + (f"?service={service}" if service else "")
        req = urllib.request.Request(url, method="POST", data=b"")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def log_tail(self, lines=60):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-lines:]).decode(errors="replace")
        except OSError:
            return "(no log)"

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
