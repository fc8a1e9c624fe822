"""Worker scheduling through boto3: invocations that find no idle worker may wait for a
busy one instead of starting a new one, but never at the cost of AWS's contract:
invocations that block each still get their own worker (they overlap), throttling counts
invocations exactly as before, warm workers are reused. No timing is asserted: blocked
invocations are released by the test once all of them have started."""
import json
import pathlib
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

from bunker_process import Bunker
from conftest import make_client
from lambda_support import create_function, wait_for

ACCOUNT_LIMIT = 6
BUNKER_ARGS = ["--lambda-account-concurrency", str(ACCOUNT_LIMIT)]


@pytest.fixture(scope="module")
def lam(bunker):
    return make_client(bunker, "lambda", read_timeout=90)


@pytest.fixture
def gates():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="bunker-sched-"))
    folder.chmod(0o777)  # workers may run as nobody
    yield folder
    (folder / "release").write_text("go")  # never leave an invocation hanging
    shutil.rmtree(folder, ignore_errors=True)


def invoke(lam, name, payload):
    r = lam.invoke(FunctionName=name, Payload=json.dumps(payload).encode())
    return r, json.loads(r["Payload"].read())


def gate(folder, i):
    return {"started": str(folder / f"started-{i}"), "release": str(folder / "release")}


def hold_all(lam, name, folder, count):
    """Starts `count` invocations that each block until all have started, then releases
    them; returns their answers. Serialised invocations would never all start."""
    pool = ThreadPoolExecutor(count)
    futures = [pool.submit(invoke, lam, name, gate(folder, i)) for i in range(count)]
    try:
        wait_for(lambda: len(list(folder.glob("started-*"))) == count or any(f.done() for f in futures),
                 timeout=80, interval=0.05)
        assert len(list(folder.glob("started-*"))) == count, [f.result() for f in futures if f.done()]
    finally:
        (folder / "release").write_text("go")
        answers = [f.result()[1] for f in futures]
        pool.shutdown()
    return answers


def test_blocked_invocations_overlap_even_after_fast_ones(lam, gates):
    create_function(lam, "sched-gate", "node_app", "index.gate", Timeout=60)
    # Fast invocations first: the function is known to be quick, so a newcomer would
    # rather wait for a busy worker; when they all block, each still gets its own.
    (gates / "release").write_text("go")
    for i in range(5):
        assert invoke(lam, "sched-gate", gate(gates, f"warm{i}"))[1]["released"] is True
    (gates / "release").unlink()
    for f in gates.glob("started-*"):
        f.unlink()
    answers = hold_all(lam, "sched-gate", gates, 6)
    assert all(a["released"] for a in answers)
    assert len({a["pid"] for a in answers}) == 6  # six at once: six workers


def test_warm_workers_are_reused_after_a_burst(lam, gates):
    create_function(lam, "sched-reuse", "node_app", "index.gate", Timeout=60)
    burst = {a["pid"] for a in hold_all(lam, "sched-reuse", gates, 3)}
    assert len(burst) == 3
    after = {invoke(lam, "sched-reuse", gate(gates, f"again{i}"))[1]["pid"] for i in range(6)}
    assert after <= burst  # no new worker for sequential invocations


def test_account_limit_counts_invocations_across_functions(lam, gates):
    # (Reserved concurrency's throttling: test_lambda_invoke.py, on a server with the
    # default account limit; this one's is too small to reserve from.)
    create_function(lam, "sched-one", "node_app", "index.gate", Timeout=60)
    create_function(lam, "sched-two", "node_app", "index.gate", Timeout=60)
    with ThreadPoolExecutor(ACCOUNT_LIMIT) as pool:
        held = [pool.submit(invoke, lam, "sched-one" if i % 2 else "sched-two", gate(gates, i))
                for i in range(ACCOUNT_LIMIT)]
        wait_for(lambda: len(list(gates.glob("started-*"))) == ACCOUNT_LIMIT or any(f.done() for f in held),
                 timeout=80, interval=0.05)
        assert len(list(gates.glob("started-*"))) == ACCOUNT_LIMIT
        for name in ("sched-one", "sched-two"):
            with pytest.raises(ClientError) as e:
                invoke(lam, name, gate(gates, "over"))
            assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
            assert e.value.response["Error"]["Code"] == "TooManyRequestsException"
            assert e.value.response["Error"]["Message"] == "Rate Exceeded."
            assert e.value.response["Reason"] == "ConcurrentInvocationLimitExceeded"
        (gates / "release").write_text("go")
        assert all(f.result()[1]["released"] for f in held)
    # Every slot is free again.
    assert invoke(lam, "sched-one", gate(gates, "after"))[1]["released"] is True


def test_eager_workers_flag_keeps_one_worker_per_concurrent_invocation(gates):
    server = Bunker("test_lambda_scheduling_eager", env={"BUNKER_LAMBDA_EAGER_WORKERS": "true"}).start()
    try:
        lam = make_client(server, "lambda", read_timeout=90)
        create_function(lam, "eager-gate", "node_app", "index.gate", Timeout=60)
        answers = hold_all(lam, "eager-gate", gates, 3)
        assert len({a["pid"] for a in answers}) == 3
    finally:
        server.cleanup()
