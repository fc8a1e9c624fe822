"""With --dynamodb-table-delay, tables pass through CREATING/UPDATING/DELETING as on
DynamoDB, and boto3's waiters see them settle."""
import pytest

from dynamodb_helpers import create_table, error_of

BUNKER_ARGS = ("--dynamodb-table-delay", "1s")


@pytest.fixture(scope="module")
def ddb(client):
    return client("dynamodb")


def test_statuses_and_waiters(ddb):
    assert create_table(ddb, "slow")["TableStatus"] == "CREATING"
    assert ddb.describe_table(TableName="slow")["Table"]["TableStatus"] == "CREATING"
    code, msg = error_of(ddb.delete_table, TableName="slow")
    assert code == "ResourceInUseException"
    ddb.get_waiter("table_exists").wait(TableName="slow", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    assert ddb.describe_table(TableName="slow")["Table"]["TableStatus"] == "ACTIVE"
    d = ddb.update_table(TableName="slow", AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                         GlobalSecondaryIndexUpdates=[{"Create": {
                             "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "ALL"}}}])["TableDescription"]
    assert d["TableStatus"] == "UPDATING"
    assert d["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
    ddb.get_waiter("table_exists").wait(TableName="slow", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    d = ddb.describe_table(TableName="slow")["Table"]
    assert d["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    assert ddb.delete_table(TableName="slow")["TableDescription"]["TableStatus"] == "DELETING"
    assert ddb.describe_table(TableName="slow")["Table"]["TableStatus"] == "DELETING"
    ddb.get_waiter("table_not_exists").wait(TableName="slow", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
