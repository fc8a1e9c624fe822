"""DynamoDB Streams through the AWS CLI. Its own server: the CLI takes seconds per call,
longer than the short iterator lifetime test_dynamodb_streams.py runs with."""
import json

import pytest

from dynamodb_helpers import create_table


@pytest.fixture(scope="module")
def ddb(client):
    return client("dynamodb")


def test_cli_streams(aws, ddb):
    d = create_table(ddb, "cli_stream", ("pk", "S"), StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    ddb.put_item(TableName="cli_stream", Item={"pk": {"S": "x"}})
    arn = aws.json("dynamodbstreams", "list-streams", "--table-name", "cli_stream")["Streams"][0]["StreamArn"]
    assert arn == d["LatestStreamArn"]
    shard = aws.json("dynamodbstreams", "describe-stream", "--stream-arn", arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = aws.json("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn, "--shard-id", shard,
                  "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
    out = aws.json("dynamodbstreams", "get-records", "--shard-iterator", it)
    assert [r["dynamodb"]["NewImage"] for r in out["Records"]] == [{"pk": {"S": "x"}}]
    ttl = aws.json("dynamodb", "describe-table", "--table-name", "cli_stream")["Table"]["StreamSpecification"]
    assert json.dumps(ttl, sort_keys=True) == json.dumps({"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}, sort_keys=True)
