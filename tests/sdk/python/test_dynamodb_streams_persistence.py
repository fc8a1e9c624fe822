"""Stream records, stream and TTL settings and transaction tokens survive a clean
restart and a kill -9: every acknowledged change has its record, sequence numbers keep
increasing, and a ClientRequestToken retried after the crash is still recognised."""
import pytest

from dynamodb_helpers import create_table


def records(client, arn):
    streams = client("dynamodbstreams")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = []
    while it:
        page = streams.get_records(ShardIterator=it)
        if not page["Records"]:
            break
        out += page["Records"]
        it = page.get("NextShardIterator")
    return out


def test_streams_ttl_and_tokens_survive_crashes(bunker, client):
    ddb = client("dynamodb")
    d = create_table(ddb, "durable_s", ("pk", "S"), StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    arn = d["LatestStreamArn"]
    ddb.update_time_to_live(TableName="durable_s", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    for i in range(20):
        ddb.put_item(TableName="durable_s", Item={"pk": {"S": f"k{i}"}, "v": {"N": str(i)}})
    tx = [{"Put": {"TableName": "durable_s", "Item": {"pk": {"S": "tx1"}}}},
          {"Update": {"TableName": "durable_s", "Key": {"pk": {"S": "k0"}}, "UpdateExpression": "ADD v :one",
                      "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    ddb.transact_write_items(TransactItems=tx, ClientRequestToken="before-crash")
    bunker.restart(kill=True)

    ddb = client("dynamodb")
    before = records(client, arn)
    assert len(before) == 22
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in before[-2:]] == ["tx1", "k0"]
    # The retried transaction is recognised: k0 is incremented once.
    ddb.transact_write_items(TransactItems=tx, ClientRequestToken="before-crash")
    assert ddb.get_item(TableName="durable_s", Key={"pk": {"S": "k0"}})["Item"]["v"] == {"N": "1"}
    assert ddb.describe_time_to_live(TableName="durable_s")["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"
    assert ddb.describe_table(TableName="durable_s")["Table"]["LatestStreamArn"] == arn

    ddb.put_item(TableName="durable_s", Item={"pk": {"S": "after"}})
    bunker.restart()
    after = records(client, arn)
    assert len(after) == 23 and after[-1]["dynamodb"]["Keys"]["pk"]["S"] == "after"
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in after]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
