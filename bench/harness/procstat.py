"""Resident memory of a server and its child processes (Lambda workers, node/python
children count too), on-disk size of a directory, the machine's load average."""
import os
import threading
import time


def _children(pid):
    # A child belongs to the thread that started it: read every thread's list (Lambda
    # workers are started from the server's I/O threads, not its main thread).
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(p) for p in f.read().split()]
        except OSError:
            pass
    return out


def process_tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def rss_mib(pid):
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def du_mib(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total / (1024 * 1024)


def cpu_seconds(pid):
    """User + system CPU time of a process tree, in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def wait_idle(pid, max_seconds=60, window=0.25, busy=0.1):
    """Waits until a process tree uses less than `busy` of a core over `window` seconds.
    wrk stops with requests in flight; a slow server goes on working through them after the
    connections close, and that work must not land in the next measured run."""
    deadline = time.monotonic() + max_seconds
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(window)
        now = cpu_seconds(pid)
        if now - last < busy * window:
            return True
        last = now
    return False


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class PeakRss:
    """Samples a process tree's RSS every 50 ms while in use; .peak is the highest seen."""

    def __init__(self, pid):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()

    def __enter__(self):
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            self._stop.wait(0.05)

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, rss_mib(self.pid))
