"""Tables, items and index entries survive a clean restart and a kill -9 after the
write was acknowledged."""
import pytest

from dynamodb_helpers import create_table


@pytest.fixture(scope="module")
def ddb(client):
    return client("dynamodb")


def test_survives_restart_and_kill9(bunker, client, ddb):
    create_table(ddb, "durable", ("pk", "S"), ("sk", "N"), extra_attributes=[("g", "S")],
                 GlobalSecondaryIndexes=[{"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                          "Projection": {"ProjectionType": "KEYS_ONLY"}}],
                 Tags=[{"Key": "k", "Value": "v"}])
    for i in range(50):
        ddb.put_item(TableName="durable", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "g": {"S": f"g{i % 5}"}})
    bunker.restart()
    ddb = client("dynamodb")
    assert ddb.query(TableName="durable", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}})["Count"] == 50
    ddb.update_item(TableName="durable", Key={"pk": {"S": "p"}, "sk": {"N": "7"}}, UpdateExpression="SET x = :x",
                    ExpressionAttributeValues={":x": {"S": "after-restart"}})
    ddb.delete_item(TableName="durable", Key={"pk": {"S": "p"}, "sk": {"N": "8"}})
    bunker.restart(kill=True)
    ddb = client("dynamodb")
    d = ddb.describe_table(TableName="durable")["Table"]
    assert d["ItemCount"] == 49 and d["GlobalSecondaryIndexes"][0]["IndexName"] == "by_g"
    assert ddb.get_item(TableName="durable", Key={"pk": {"S": "p"}, "sk": {"N": "7"}})["Item"]["x"] == {"S": "after-restart"}
    assert ddb.query(TableName="durable", IndexName="by_g", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": "g3"}})["Count"] == 9
    assert ddb.list_tags_of_resource(ResourceArn=d["TableArn"])["Tags"] == [{"Key": "k", "Value": "v"}]
    ddb.delete_table(TableName="durable")
    bunker.restart(kill=True)
    assert "durable" not in client("dynamodb").list_tables()["TableNames"]
