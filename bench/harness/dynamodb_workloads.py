"""DynamoDB workloads on a table of `items` items (pk = 'user#NNNN' with 10 sort keys
each, so a Query returns 10 items): GetItem and PutItem on random keys, Query of one
partition, UpdateItem with a condition, BatchWriteItem of 25 puts."""
import json
import random

from .common import SetupFailed, describe, measure_cell, refusal
from .requests import Request, send, send_all, sign

TABLE = "bench"
PER_PARTITION = 10
PAYLOAD = "x" * 200
BATCH = 25
PREPARED = 10_000  # distinct prepared requests per workload (the load generator cycles them)


def _req(target, op, body):
    return sign(Request("POST", "/", {"Content-Type": "application/x-amz-json-1.0",
                                      "X-Amz-Target": f"DynamoDB_20120810.{op}"},
                        json.dumps(body, separators=(",", ":")).encode()),
                "dynamodb", target.host, target.creds)


def _key(i):
    return {"pk": {"S": f"user#{i // PER_PARTITION:05d}"}, "sk": {"N": str(i % PER_PARTITION)}}


def _item(i, version=0):
    return {**_key(i), "payload": {"S": PAYLOAD}, "counter": {"N": "0"}, "version": {"N": str(version)}}


def _ok(check=None):
    def validate(r):
        if r.status != 200:
            return describe(r)
        if check:
            try:
                doc = json.loads(r.body)
            except ValueError:
                return f"not JSON: {describe(r)}"
            if not check(doc):
                return f"unexpected answer: {describe(r)}"
        return None
    return validate


def setup(settings, target):
    """Creates the table and loads the items; raises NotAvailable when DynamoDB is not there."""
    r = send(target.port, _req(target, "CreateTable", {
        "TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]}))
    if r.status != 200:
        raise refusal("CreateTable", r)
    for _ in range(600):
        d = json.loads(send(target.port, _req(target, "DescribeTable", {"TableName": TABLE})).body)
        if d.get("Table", {}).get("TableStatus") == "ACTIVE":
            break
    n = settings.items
    batches = (n + BATCH - 1) // BATCH
    failures = send_all(target.port, lambda b: _req(target, "BatchWriteItem", {"RequestItems": {TABLE: [
        {"PutRequest": {"Item": _item(i)}} for i in range(b * BATCH, min(n, (b + 1) * BATCH))]}}), batches)
    if failures:
        raise RuntimeError(f"{target.name}: loading failed: {failures[0][1]}")
    # The loaded table is checked whole: Scan pages of at most 1 MB, counted.
    count, start = 0, None
    while True:
        body = {"TableName": TABLE, "Select": "COUNT", **({"ExclusiveStartKey": start} if start else {})}
        page = json.loads(send(target.port, _req(target, "Scan", body)).body)
        count += page.get("Count", 0)
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    if count != n:
        raise SetupFailed(f"loaded {n} items but a Scan counts {count}")
    settings.log(f"  loaded {n} items into {target.name} (Scan counts {count})")


def run(settings, results, target):
    n = settings.items
    rnd = random.Random(42)
    partitions = n // PER_PARTITION
    prepared = min(PREPARED, n)

    def gets():
        return [_req(target, "GetItem", {"TableName": TABLE, "Key": _key(rnd.randrange(n))}) for _ in range(prepared)]

    def queries():
        return [_req(target, "Query", {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                                       "ExpressionAttributeValues": {":p": {"S": f"user#{rnd.randrange(partitions):05d}"}}})
                for _ in range(prepared)]

    def puts():
        return [_req(target, "PutItem", {"TableName": TABLE, "Item": _item(rnd.randrange(n), 1)}) for _ in range(prepared)]

    def updates():
        return [_req(target, "UpdateItem", {
            "TableName": TABLE, "Key": _key(rnd.randrange(n)),
            "UpdateExpression": "SET #c = #c + :one", "ConditionExpression": "attribute_exists(pk)",
            "ExpressionAttributeNames": {"#c": "counter"}, "ExpressionAttributeValues": {":one": {"N": "1"}}})
            for _ in range(prepared)]

    def batches():
        out = []
        for _ in range(prepared // 5):
            keys = rnd.sample(range(n), BATCH)  # distinct: a batch may not name a key twice
            out.append(_req(target, "BatchWriteItem", {"RequestItems": {TABLE: [
                {"PutRequest": {"Item": _item(i, 2)}} for i in keys]}}))
        return out

    workloads = [
        ("dynamodb.GetItem", gets, _ok(lambda d: "Item" in d)),
        ("dynamodb.Query(10 items)", queries, _ok(lambda d: d.get("Count") == PER_PARTITION)),
        ("dynamodb.PutItem", puts, _ok()),
        ("dynamodb.UpdateItem(condition)", updates, _ok()),
        ("dynamodb.BatchWriteItem(25)", batches, _ok(lambda d: not d.get("UnprocessedItems"))),
    ]
    for name, make, validate in workloads:
        if settings.wants(name):
            measure_cell(settings, results, target, "dynamodb", name, make, validate)
