"""Helpers for the Lambda real-client tests: zips of the functions under
tests/data/lambda/functions, and function creation."""
import io
import os
import stat
import time
import zipfile

from bunker_process import ROOT

FUNCTIONS = os.path.join(ROOT, "tests", "data", "lambda", "functions")
ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def zip_folder(name):
    """The folder tests/data/lambda/functions/<name> as a zip, Unix modes kept."""
    base = os.path.join(FUNCTIONS, name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for folder, _, files in os.walk(base):
            for f in sorted(files):
                full = os.path.join(folder, f)
                info = zipfile.ZipInfo(os.path.relpath(full, base))
                info.external_attr = (stat.S_IFREG | os.stat(full).st_mode & 0o777) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(full, "rb") as fh:
                    z.writestr(info, fh.read())
    return buf.getvalue()


def zip_entries(entries):
    """A zip from {name: text}."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in entries.items():
            z.writestr(name, text)
    return buf.getvalue()


def create_function(lam, name, folder, handler, runtime="nodejs20.x", **extra):
    params = dict(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                  Code={"ZipFile": zip_folder(folder)})
    params.update(extra)
    return lam.create_function(**params)


def wait_for(predicate, timeout=20.0, interval=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in %.0f s" % timeout)
