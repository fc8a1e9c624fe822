"""Lambda's scratch folder (bunker-lambda-… under the server's TMPDIR): a server killed
with -9 cannot remove it, so the next server that starts removes it — and never the
folder of a server that still runs."""
import json
import pathlib
import shutil
import tempfile

from bunker_process import Bunker
from conftest import make_client
from lambda_support import create_function


def scratch_folders(tmp):
    return {p.name for p in tmp.glob("bunker-lambda-*")}


def test_killed_servers_folder_is_swept_at_the_next_start():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="bunker-scratch-"))
    first = Bunker("test_lambda_scratch", env={"TMPDIR": str(tmp)})
    neighbour = Bunker("test_lambda_scratch_neighbour", env={"TMPDIR": str(tmp)})
    try:
        neighbour.start()
        first.start()
        lam = make_client(first, "lambda", read_timeout=60)
        create_function(lam, "scratch-fn", "node_app", "index.echo")
        body = json.loads(lam.invoke(FunctionName="scratch-fn", Payload=b"{}")["Payload"].read())
        assert body["event"] == {}
        both = scratch_folders(tmp)
        assert len(both) == 2

        first.kill9()
        assert scratch_folders(tmp) == both  # left behind: nobody could remove it

        first.start()
        after = scratch_folders(tmp)
        assert len(after) == 2
        survivors = after & both
        assert len(survivors) == 1  # the neighbour's, still in use
        assert str(neighbour.proc.pid) in survivors.pop().split("-")
        # The restarted server works from its new folder.
        lam = make_client(first, "lambda", read_timeout=60)
        create_function(lam, "scratch-fn2", "node_app", "index.echo")
        assert json.loads(lam.invoke(FunctionName="scratch-fn2", Payload=b"{}")["Payload"].read())["event"] == {}

        first.stop()
        neighbour.stop()
        assert scratch_folders(tmp) == set()  # clean exits remove their own
    finally:
        first.cleanup()
        neighbour.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
