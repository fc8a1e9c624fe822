"""Time to Live through boto3 and the AWS CLI: the settings, and the sweeper deleting
expired items (run at once with POST /_bunker/dynamodb/ttl-sweep), with the deletions
in the table's stream as the DynamoDB service's own REMOVE records."""
import json
import time
import urllib.request

import pytest

from dynamodb_helpers import create_table, error_of


@pytest.fixture(scope="module")
def ddb(client):
    return client("dynamodb")


def sweep(bunker):
    req = urllib.request.Request(bunker.endpoint + "/_bunker/dynamodb/ttl-sweep", method="POST", data=b"")
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())["deleted"]


def test_ttl_settings(ddb, aws):
    create_table(ddb, "ttl_settings", ("pk", "S"))
    assert ddb.describe_time_to_live(TableName="ttl_settings")["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    out = ddb.update_time_to_live(TableName="ttl_settings", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    assert out["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "exp"}
    assert aws.json("dynamodb", "describe-time-to-live", "--table-name", "ttl_settings")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    assert error_of(ddb.update_time_to_live, TableName="ttl_settings",
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"}) == (
        "ValidationException", "TimeToLive is already enabled")
    aws.run("dynamodb", "update-time-to-live", "--table-name", "ttl_settings",
            "--time-to-live-specification", "Enabled=false,AttributeName=exp")
    assert ddb.describe_time_to_live(TableName="ttl_settings")["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    code, _ = error_of(ddb.describe_time_to_live, TableName="no_such_table")
    assert code == "ResourceNotFoundException"


def test_sweeper_deletes_expired_items_with_service_identity(bunker, client, ddb):
    d = create_table(ddb, "ttl_items", ("pk", "S"), StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"})
    ddb.update_time_to_live(TableName="ttl_items", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    now = int(time.time())
    ddb.put_item(TableName="ttl_items", Item={"pk": {"S": "gone"}, "exp": {"N": str(now - 30)}})
    ddb.put_item(TableName="ttl_items", Item={"pk": {"S": "stays"}, "exp": {"N": str(now + 3600)}})
    ddb.put_item(TableName="ttl_items", Item={"pk": {"S": "no-ttl"}})
    # Expired but not yet swept: still there, as on AWS.
    assert "Item" in ddb.get_item(TableName="ttl_items", Key={"pk": {"S": "gone"}})
    assert sweep(bunker) == 1
    assert "Item" not in ddb.get_item(TableName="ttl_items", Key={"pk": {"S": "gone"}})
    assert ddb.scan(TableName="ttl_items", Select="COUNT")["Count"] == 2
    assert sweep(bunker) == 0

    streams = client("dynamodbstreams")
    arn = d["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=it)["Records"]
    removes = [r for r in records if r["eventName"] == "REMOVE"]
    assert len(removes) == 1
    assert removes[0]["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
    assert removes[0]["dynamodb"]["OldImage"]["pk"] == {"S": "gone"}
    assert all("userIdentity" not in r for r in records if r["eventName"] != "REMOVE")
