"""Conditional writes are atomic per item: 8 clients doing optimistic conditional
increments on one item lose no update."""
import threading

import boto3
import pytest
from botocore.config import Config

from dynamodb_helpers import create_table

WORKERS, INCREMENTS = 8, 40


@pytest.fixture(scope="module")
def ddb(client):
    c = client("dynamodb")
    create_table(c, "counters", ("pk", "S"))
    return c


def test_conditional_increments_lose_nothing(bunker, ddb):
    ddb.put_item(TableName="counters", Item={"pk": {"S": "c"}, "n": {"N": "0"}})
    failures = []

    def worker():
        c = boto3.client("dynamodb", endpoint_url=bunker.endpoint, region_name="us-east-1", aws_access_key_id="t",
                         aws_secret_access_key="t", config=Config(retries={"max_attempts": 1}))
        done = 0
        while done < INCREMENTS:
            n = c.get_item(TableName="counters", Key={"pk": {"S": "c"}}, ConsistentRead=True)["Item"]["n"]["N"]
            try:
                c.put_item(TableName="counters", Item={"pk": {"S": "c"}, "n": {"N": str(int(n) + 1)}},
                           ConditionExpression="n = :old", ExpressionAttributeValues={":old": {"N": n}})
                done += 1
            except c.exceptions.ConditionalCheckFailedException:
                failures.append(1)

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = ddb.get_item(TableName="counters", Key={"pk": {"S": "c"}}, ConsistentRead=True)["Item"]["n"]["N"]
    assert int(final) == WORKERS * INCREMENTS


def test_atomic_counter_updates(bunker, ddb):
    def worker():
        c = boto3.client("dynamodb", endpoint_url=bunker.endpoint, region_name="us-east-1", aws_access_key_id="t",
                         aws_secret_access_key="t")
        for _ in range(INCREMENTS):
            c.update_item(TableName="counters", Key={"pk": {"S": "u"}}, UpdateExpression="ADD n :one",
                          ExpressionAttributeValues={":one": {"N": "1"}})

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ddb.get_item(TableName="counters", Key={"pk": {"S": "u"}})["Item"]["n"]["N"] == str(WORKERS * INCREMENTS)
