"""Transactions under concurrency: clients move money between accounts with
TransactWriteItems while others deposit with plain UpdateItem and audit with
TransactGetItems. Whatever interleaving happens, no update is lost, no transfer is half
applied, and every snapshot a read transaction returns balances. Conflicts are
answered as DynamoDB answers them (TransactionCanceledException with a
TransactionConflict reason, TransactionConflictException for single-item writes) and
retried, as an application would."""
import random
import threading

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from dynamodb_helpers import create_table

ACCOUNTS, START = 6, 1000
MOVERS, MOVES = 4, 25
DEPOSITORS, DEPOSITS = 2, 25


@pytest.fixture(scope="module")
def ddb(client):
    c = client("dynamodb")
    create_table(c, "bank", ("pk", "S"))
    for i in range(ACCOUNTS):
        c.put_item(TableName="bank", Item={"pk": {"S": f"acct{i}"}, "balance": {"N": str(START)}})
    return c


def new_client(bunker):
    return boto3.client("dynamodb", endpoint_url=bunker.endpoint, region_name="us-east-1", aws_access_key_id="t",
                        aws_secret_access_key="t", config=Config(retries={"max_attempts": 1}))


def retried(call, conflicts):
    while True:
        try:
            return call()
        except ClientError as e:
            err = e.response["Error"]
            if err["Code"] == "TransactionConflictException" or (
                    err["Code"] == "TransactionCanceledException" and "TransactionConflict" in err["Message"]):
                conflicts.append(err["Code"])
                continue
            raise


def test_transfers_deposits_and_audits_stay_consistent(bunker, ddb):
    conflicts, errors, audits = [], [], []
    stop = threading.Event()

    def mover(seed):
        c, rnd = new_client(bunker), random.Random(seed)
        for _ in range(MOVES):
            a, b = rnd.sample(range(ACCOUNTS), 2)
            items = [
                {"Update": {"TableName": "bank", "Key": {"pk": {"S": f"acct{a}"}}, "UpdateExpression": "SET balance = balance - :x",
                            "ExpressionAttributeValues": {":x": {"N": "7"}}}},
                {"Update": {"TableName": "bank", "Key": {"pk": {"S": f"acct{b}"}}, "UpdateExpression": "SET balance = balance + :x",
                            "ExpressionAttributeValues": {":x": {"N": "7"}}}},
            ]
            try:
                retried(lambda: c.transact_write_items(TransactItems=items), conflicts)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))

    def depositor(seed):
        c, rnd = new_client(bunker), random.Random(seed)
        for _ in range(DEPOSITS):
            key = {"pk": {"S": f"acct{rnd.randrange(ACCOUNTS)}"}}
            try:
                retried(lambda: c.update_item(TableName="bank", Key=key, UpdateExpression="ADD deposits :one, balance :one",
                                              ExpressionAttributeValues={":one": {"N": "1"}}), conflicts)
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

    def auditor():
        c = new_client(bunker)
        keys = [{"Get": {"TableName": "bank", "Key": {"pk": {"S": f"acct{i}"}}}} for i in range(ACCOUNTS)]
        while not stop.is_set():
            try:
                out = retried(lambda: c.transact_get_items(TransactItems=keys), conflicts)
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))
                return
            items = [r["Item"] for r in out["Responses"]]
            total = sum(int(i["balance"]["N"]) for i in items)
            deposits = sum(int(i.get("deposits", {"N": "0"})["N"]) for i in items)
            audits.append(total - deposits)

    workers = [threading.Thread(target=mover, args=(i,)) for i in range(MOVERS)]
    workers += [threading.Thread(target=depositor, args=(100 + i,)) for i in range(DEPOSITORS)]
    watcher = threading.Thread(target=auditor)
    watcher.start()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    stop.set()
    watcher.join()

    assert errors == []
    items = ddb.scan(TableName="bank", ConsistentRead=True)["Items"]
    total = sum(int(i["balance"]["N"]) for i in items)
    deposits = sum(int(i.get("deposits", {"N": "0"})["N"]) for i in items)
    assert deposits == DEPOSITORS * DEPOSITS
    assert total == ACCOUNTS * START + deposits
    # Every snapshot a read transaction saw was a consistent one.
    assert audits and set(audits) == {ACCOUNTS * START}
