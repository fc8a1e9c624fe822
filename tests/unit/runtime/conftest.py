import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from fake_runtime_api import REPO, FakeRuntimeApi, start_worker  # noqa: E402

DATA = os.path.join(REPO, "tests", "data", "lambda", "runtime")


class Worker:
    """One bootstrap process with its own scripted Runtime API."""

    def __init__(self, runtime, task_root, handler, env=None):
        self.api = FakeRuntimeApi()
        env = {k: v.format(address=self.api.address) for k, v in (env or {}).items()}
        self.process = start_worker(self.api, runtime, task_root, handler, env)

    def invoke(self, event=None, **kwargs):
        request_id = self.api.queue(event if event is not None else {}, **kwargs)
        return request_id, self.api.wait_result(request_id)

    def output(self):
        self.stop()
        return self.process.stdout.read().decode()

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def close(self):
        self.stop()
        self.process.stdout.close()
        self.api.close()


@pytest.fixture
def worker():
    started = []

    def start(runtime, task_root, handler, env=None):
        w = Worker(runtime, os.path.join(DATA, task_root), handler, env)
        started.append(w)
        return w

    yield start
    for w in started:
        w.close()
