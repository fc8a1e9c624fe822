"""DynamoDB Streams through boto3's dynamodbstreams client (the AWS CLI's turn is in
test_dynamodb_streams_cli.py): stream settings on tables, ListStreams / DescribeStream / GetShardIterator / GetRecords, the
record shapes, ordering, no record for a no-op write, closing and re-enabling, and
expired iterators (the server runs with short-lived iterators for that)."""
import time

import pytest

from dynamodb_helpers import create_table, error_of

BUNKER_ARGS = ("--dynamodb-iterator-lifetime", "3s")


@pytest.fixture(scope="module")
def ddb(client):
    return client("dynamodb")


@pytest.fixture(scope="module")
def streams(client):
    return client("dynamodbstreams")


def shard_iterator(streams, arn, kind="TRIM_HORIZON", **extra):
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    return streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind, **extra)["ShardIterator"]


def all_records(streams, arn):
    out = streams.get_records(ShardIterator=shard_iterator(streams, arn))
    return out["Records"]


def test_stream_lifecycle_and_records(ddb, streams):
    d = create_table(ddb, "orders", ("pk", "S"), ("sk", "N"),
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    arn, label = d["LatestStreamArn"], d["LatestStreamLabel"]
    assert arn == f"{d['TableArn']}/stream/{label}"
    assert d["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}

    key = {"pk": {"S": "o1"}, "sk": {"N": "1"}}
    ddb.put_item(TableName="orders", Item={**key, "state": {"S": "new"}, "blob": {"B": b"foobar"}})
    ddb.put_item(TableName="orders", Item={**key, "state": {"S": "new"}, "blob": {"B": b"foobar"}})  # no change
    ddb.update_item(TableName="orders", Key=key, UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "state"},
                    ExpressionAttributeValues={":s": {"S": "paid"}})
    ddb.update_item(TableName="orders", Key=key, UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "state"},
                    ExpressionAttributeValues={":s": {"S": "paid"}})  # no change
    ddb.delete_item(TableName="orders", Key=key)
    ddb.delete_item(TableName="orders", Key=key)  # nothing to delete

    listed = streams.list_streams(TableName="orders")["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": "orders", "StreamLabel": label}]
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert desc["StreamStatus"] == "ENABLED" and desc["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert desc["TableName"] == "orders" and desc["StreamLabel"] == label
    assert desc["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    shard = desc["Shards"][0]
    assert shard["ShardId"].startswith("shardId-") and "EndingSequenceNumber" not in shard["SequenceNumberRange"]

    records = all_records(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    first = records[0]
    assert first["eventVersion"] == "1.1" and first["eventSource"] == "aws:dynamodb" and first["awsRegion"] == "us-east-1"
    assert first["dynamodb"]["Keys"] == key
    assert first["dynamodb"]["NewImage"]["blob"] == {"B": b"foobar"}
    assert "OldImage" not in first["dynamodb"]
    assert first["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    # Keys (pk o1 + sk 1) and the new image (the keys, state new, blob foobar).
    assert first["dynamodb"]["SizeBytes"] == (4 + 4) + (4 + 4 + 8 + 10)
    assert records[1]["dynamodb"]["OldImage"]["state"] == {"S": "new"}
    assert records[1]["dynamodb"]["NewImage"]["state"] == {"S": "paid"}
    assert "NewImage" not in records[2]["dynamodb"] and records[2]["dynamodb"]["OldImage"]["state"] == {"S": "paid"}
    seqs = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3 and all(len(s) >= 21 for s in seqs)
    created = first["dynamodb"]["ApproximateCreationDateTime"]
    assert abs(created.timestamp() - time.time()) < 300

    # Iterator types.
    at = streams.get_records(ShardIterator=shard_iterator(streams, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=seqs[1]))
    assert [r["eventName"] for r in at["Records"]] == ["MODIFY", "REMOVE"]
    after = streams.get_records(ShardIterator=shard_iterator(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=seqs[1]))
    assert [r["eventName"] for r in after["Records"]] == ["REMOVE"]
    latest = shard_iterator(streams, arn, "LATEST")
    assert streams.get_records(ShardIterator=latest)["Records"] == []
    ddb.put_item(TableName="orders", Item={"pk": {"S": "o2"}, "sk": {"N": "1"}})
    page = streams.get_records(ShardIterator=latest)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]] == ["o2"]
    assert streams.get_records(ShardIterator=page["NextShardIterator"])["Records"] == []


def test_per_item_order_and_limit(ddb, streams):
    d = create_table(ddb, "counters_s", ("pk", "S"), StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    for i in range(12):
        ddb.update_item(TableName="counters_s", Key={"pk": {"S": f"k{i % 3}"}}, UpdateExpression="ADD n :one",
                        ExpressionAttributeValues={":one": {"N": "1"}})
    it, seen = shard_iterator(streams, d["LatestStreamArn"]), []
    while it:
        out = streams.get_records(ShardIterator=it, Limit=5)
        assert len(out["Records"]) <= 5
        seen += out["Records"]
        if not out["Records"]:
            break
        it = out.get("NextShardIterator")
    for k in ("k0", "k1", "k2"):
        values = [int(r["dynamodb"]["NewImage"]["n"]["N"]) for r in seen if r["dynamodb"]["Keys"]["pk"]["S"] == k]
        assert values == [1, 2, 3, 4]


def test_disable_and_reenable(ddb, streams):
    d = create_table(ddb, "toggled", ("pk", "S"), StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    first = d["LatestStreamArn"]
    ddb.put_item(TableName="toggled", Item={"pk": {"S": "a"}, "x": {"S": "1"}})
    code, message = error_of(ddb.update_table, TableName="toggled",
                             StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    assert code == "ValidationException" and message == f"Table already has an enabled stream: {first}"
    ddb.update_table(TableName="toggled", StreamSpecification={"StreamEnabled": False})
    ddb.put_item(TableName="toggled", Item={"pk": {"S": "b"}})
    closed = streams.describe_stream(StreamArn=first)["StreamDescription"]
    assert closed["StreamStatus"] == "DISABLED"
    assert "EndingSequenceNumber" in closed["Shards"][0]["SequenceNumberRange"]
    out = streams.get_records(ShardIterator=shard_iterator(streams, first))
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in out["Records"]] == ["a"]
    assert "NewImage" not in out["Records"][0]["dynamodb"]
    assert "NextShardIterator" not in out  # the closed shard is read to its end

    again = ddb.update_table(TableName="toggled",
                             StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})["TableDescription"]
    assert again["LatestStreamArn"] != first
    assert {s["StreamArn"] for s in streams.list_streams(TableName="toggled")["Streams"]} == {first, again["LatestStreamArn"]}


def test_errors(ddb, streams):
    missing = "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2020-01-01T00:00:00.000"
    assert error_of(streams.describe_stream, StreamArn=missing) == (
        "ResourceNotFoundException", f"Requested resource not found: Stream: {missing} not found")
    code, _ = error_of(streams.get_shard_iterator, StreamArn=missing, ShardId="shardId-00000000000000000000-00000000",
                       ShardIteratorType="LATEST")
    assert code == "ResourceNotFoundException"
    d = create_table(ddb, "expiring", ("pk", "S"), StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    code, message = error_of(streams.get_shard_iterator, StreamArn=d["LatestStreamArn"],
                             ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="BOGUS")
    assert code == "ValidationException" and "Member must satisfy enum value set" in message
    it = shard_iterator(streams, d["LatestStreamArn"])
    deadline = time.time() + 30
    while True:  # the iterator lives 3 s on this server (15 min on AWS)
        try:
            streams.get_records(ShardIterator=it)
        except streams.exceptions.ExpiredIteratorException as e:
            assert "Iterator expired" in str(e)
            break
        assert time.time() < deadline
        time.sleep(0.5)
