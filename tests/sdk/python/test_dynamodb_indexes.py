"""Local and global secondary indexes with boto3: creation with the table and later
(with backfill), projections, sparse indexes, Query/Scan on indexes, pagination keys,
index key type checks, ConsistentRead on a GSI refused."""
import pytest

from dynamodb_helpers import create_table, error_of


@pytest.fixture(scope="module")
def ddb(client):
    c = client("dynamodb")
    create_table(c, "orders", ("customer", "S"), ("order_id", "S"),
                 extra_attributes=[("placed", "N"), ("status", "S"), ("total", "N")],
                 LocalSecondaryIndexes=[{"IndexName": "by_placed",
                                         "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                                                       {"AttributeName": "placed", "KeyType": "RANGE"}],
                                         "Projection": {"ProjectionType": "KEYS_ONLY"}}],
                 GlobalSecondaryIndexes=[{"IndexName": "by_status",
                                          "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                                        {"AttributeName": "total", "KeyType": "RANGE"}],
                                          "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]}}])
    for i in range(10):
        item = {"customer": {"S": f"c{i % 2}"}, "order_id": {"S": f"o{i}"}, "placed": {"N": str(100 - i)},
                "total": {"N": str(i * 10)}, "note": {"S": f"n{i}"}, "secret": {"S": "s"}}
        if i != 9:
            item["status"] = {"S": "open" if i % 3 else "shipped"}
        c.put_item(TableName="orders", Item=item)
    return c


def test_gsi_query_projection_and_sparseness(ddb):
    r = ddb.query(TableName="orders", IndexName="by_status", KeyConditionExpression="#s = :s",
                  ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "shipped"}})
    assert [i["total"]["N"] for i in r["Items"]] == ["0", "30", "60"]
    assert set(r["Items"][0]) == {"customer", "order_id", "status", "total", "note"}
    assert ddb.scan(TableName="orders", IndexName="by_status")["Count"] == 9  # o9 has no status
    d = ddb.describe_table(TableName="orders")["Table"]
    assert d["GlobalSecondaryIndexes"][0]["ItemCount"] == 9
    assert d["LocalSecondaryIndexes"][0]["ItemCount"] == 10


def test_lsi_query_and_fetch_of_unprojected_attributes(ddb):
    r = ddb.query(TableName="orders", IndexName="by_placed", KeyConditionExpression="customer = :c AND placed > :p",
                  ExpressionAttributeValues={":c": {"S": "c0"}, ":p": {"N": "93"}})
    assert [i["placed"]["N"] for i in r["Items"]] == ["94", "96", "98", "100"]
    assert set(r["Items"][0]) == {"customer", "order_id", "placed"}
    r = ddb.query(TableName="orders", IndexName="by_placed", KeyConditionExpression="customer = :c",
                  Select="ALL_ATTRIBUTES", ExpressionAttributeValues={":c": {"S": "c0"}}, ConsistentRead=True)
    assert r["Items"][0]["secret"] == {"S": "s"}


def test_index_pagination_keys(ddb):
    r = ddb.query(TableName="orders", IndexName="by_status", KeyConditionExpression="#s = :s", Limit=2,
                  ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}})
    assert set(r["LastEvaluatedKey"]) == {"customer", "order_id", "status", "total"}
    r2 = ddb.query(TableName="orders", IndexName="by_status", KeyConditionExpression="#s = :s",
                   ExclusiveStartKey=r["LastEvaluatedKey"], ExpressionAttributeNames={"#s": "status"},
                   ExpressionAttributeValues={":s": {"S": "open"}})
    assert len(r["Items"]) + len(r2["Items"]) == 6


def test_index_errors(ddb):
    assert error_of(ddb.query, TableName="orders", IndexName="by_status", ConsistentRead=True,
                    KeyConditionExpression="#s = :s", ExpressionAttributeNames={"#s": "status"},
                    ExpressionAttributeValues={":s": {"S": "open"}})[1] == (
        "Consistent reads are not supported on global secondary indexes")
    assert error_of(ddb.query, TableName="orders", IndexName="nope", KeyConditionExpression="customer = :c",
                    ExpressionAttributeValues={":c": {"S": "c0"}})[1] == (
        "The table does not have the specified index: nope")
    code, msg = error_of(ddb.put_item, TableName="orders",
                         Item={"customer": {"S": "c"}, "order_id": {"S": "x"}, "status": {"N": "1"}})
    assert code == "ValidationException" and "Type mismatch for Index Key status Expected: S Actual: N" in msg
    assert error_of(ddb.query, TableName="orders", IndexName="by_status", Select="ALL_ATTRIBUTES",
                    KeyConditionExpression="#s = :s", ExpressionAttributeNames={"#s": "status"},
                    ExpressionAttributeValues={":s": {"S": "open"}})[1] == (
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary "
        "index by_status because its projection type is not ALL")


def test_index_entries_follow_updates_and_deletes(ddb):
    ddb.update_item(TableName="orders", Key={"customer": {"S": "c0"}, "order_id": {"S": "o0"}},
                    UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "status"},
                    ExpressionAttributeValues={":s": {"S": "returned"}})
    q = lambda s: ddb.query(TableName="orders", IndexName="by_status", KeyConditionExpression="#s = :s",
                            ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": s}})["Count"]
    assert q("returned") == 1 and q("shipped") == 2
    ddb.delete_item(TableName="orders", Key={"customer": {"S": "c0"}, "order_id": {"S": "o0"}})
    assert q("returned") == 0


def test_gsi_added_later_is_backfilled_and_can_be_removed(ddb):
    d = ddb.update_table(TableName="orders", AttributeDefinitions=[{"AttributeName": "note", "AttributeType": "S"}],
                         GlobalSecondaryIndexUpdates=[{"Create": {
                             "IndexName": "by_note", "KeySchema": [{"AttributeName": "note", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "ALL"}}}])["TableDescription"]
    assert {i["IndexName"] for i in d["GlobalSecondaryIndexes"]} == {"by_status", "by_note"}
    r = ddb.query(TableName="orders", IndexName="by_note", KeyConditionExpression="note = :n",
                  ExpressionAttributeValues={":n": {"S": "n5"}})
    assert r["Items"][0]["order_id"] == {"S": "o5"} and r["Items"][0]["secret"] == {"S": "s"}
    ddb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_note"}}])
    assert error_of(ddb.query, TableName="orders", IndexName="by_note", KeyConditionExpression="note = :n",
                    ExpressionAttributeValues={":n": {"S": "n5"}})[0] == "ValidationException"


def test_index_capacity_with_indexes_mode(ddb):
    r = ddb.put_item(TableName="orders", Item={"customer": {"S": "c9"}, "order_id": {"S": "cap"}, "placed": {"N": "1"},
                                               "status": {"S": "open"}, "total": {"N": "1"}},
                     ReturnConsumedCapacity="INDEXES")
    cc = r["ConsumedCapacity"]
    assert cc["Table"]["CapacityUnits"] == 1.0
    assert cc["GlobalSecondaryIndexes"]["by_status"]["CapacityUnits"] == 1.0
    assert cc["LocalSecondaryIndexes"]["by_placed"]["CapacityUnits"] == 1.0
    assert cc["CapacityUnits"] == 3.0
