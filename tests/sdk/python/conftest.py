"""Fixtures for real-client tests: one real bunker per test module (fresh data
directory), boto3 clients pointed at it, and the AWS CLI."""
import json
import os
import shutil
import subprocess

import boto3
import pytest
from botocore.config import Config

from bunker_process import Bunker

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


@pytest.fixture(scope="module")
def bunker(request):
    name = request.module.__name__.split(".")[-1]
    server = Bunker(name, extra_args=getattr(request.module, "BUNKER_ARGS", ()))
    server.start()
    yield server
    server.cleanup()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and "bunker" in item.fixturenames:
        server = item.funcargs.get("bunker")
        if server is not None:
            report.sections.append(("bunker log (tail)", server.log_tail()))


def make_client(bunker, service, **config):
    return boto3.client(
        service,
        endpoint_url=bunker.endpoint,
        region_name=REGION,
        config=Config(retries={"max_attempts": 1}, **config),
        **CREDENTIALS,
    )


@pytest.fixture(scope="module")
def client(bunker):
    """client('s3') -> a boto3 client for that service against this module's bunker."""
    return lambda service, **config: make_client(bunker, service, **config)


def aws_cli_path():
    # Debian's awscli (v2) when installed, else whatever `aws` is on PATH.
    return "/usr/bin/aws" if os.path.exists("/usr/bin/aws") else shutil.which("aws")


class AwsCli:
    def __init__(self, bunker):
        self.bunker = bunker
        self.path = aws_cli_path()

    def run(self, *args, check=True, input=None):
        env = dict(os.environ)
        env.update({
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_PAGER": "",
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        })
        cmd = [self.path, "--endpoint-url", self.bunker.endpoint, "--output", "json", *args]
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, input=input, timeout=120)
        if check and p.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
        return p

    def json(self, *args):
        out = self.run(*args).stdout
        return json.loads(out) if out.strip() else None


@pytest.fixture(scope="module")
def aws(bunker):
    if not aws_cli_path():
        pytest.fail("the AWS CLI is not installed (scripts/deps test installs it)")
    # scripts/test runs the suite twice (Debian's boto3, then the newest one); the CLI is
    # the same program both times, so its tests run in the first pass only.
    if os.environ.get("BUNKER_TEST_CLI") == "skip":
        pytest.skip("AWS CLI tests ran in the first pass")
    return AwsCli(bunker)
