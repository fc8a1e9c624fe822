"""BatchGetItem and BatchWriteItem with boto3: limits, duplicates, projections,
capacity, and the resource's batch_writer."""
import boto3
import pytest

from dynamodb_helpers import create_table, error_of


@pytest.fixture(scope="module")
def ddb(client):
    c = client("dynamodb")
    create_table(c, "left", ("pk", "S"))
    create_table(c, "right", ("pk", "S"), ("sk", "N"))
    return c


def test_write_then_get_across_tables(ddb):
    ddb.batch_write_item(RequestItems={
        "left": [{"PutRequest": {"Item": {"pk": {"S": f"l{i}"}, "v": {"N": str(i)}}}} for i in range(10)],
        "right": [{"PutRequest": {"Item": {"pk": {"S": "r"}, "sk": {"N": str(i)}, "x": {"S": "y"}}}} for i in range(5)],
    })
    r = ddb.batch_get_item(RequestItems={
        "left": {"Keys": [{"pk": {"S": f"l{i}"}} for i in range(0, 10, 2)] + [{"pk": {"S": "missing"}}],
                 "ProjectionExpression": "v"},
        "right": {"Keys": [{"pk": {"S": "r"}, "sk": {"N": "3"}}], "ConsistentRead": True},
    }, ReturnConsumedCapacity="TOTAL")
    assert sorted(int(i["v"]["N"]) for i in r["Responses"]["left"]) == [0, 2, 4, 6, 8]
    assert r["Responses"]["right"] == [{"pk": {"S": "r"}, "sk": {"N": "3"}, "x": {"S": "y"}}]
    assert r["UnprocessedKeys"] == {}
    assert {c["TableName"] for c in r["ConsumedCapacity"]} == {"left", "right"}
    ddb.batch_write_item(RequestItems={"left": [{"DeleteRequest": {"Key": {"pk": {"S": f"l{i}"}}}} for i in range(5)]})
    assert ddb.scan(TableName="left", Select="COUNT")["Count"] == 5


def test_limits_and_duplicates(ddb):
    code, msg = error_of(ddb.batch_write_item, RequestItems={
        "left": [{"PutRequest": {"Item": {"pk": {"S": f"x{i}"}}}} for i in range(26)]})
    assert code == "ValidationException" and "less than or equal to 25" in msg
    assert error_of(ddb.batch_write_item, RequestItems={
        "left": [{"PutRequest": {"Item": {"pk": {"S": "d"}}}}, {"DeleteRequest": {"Key": {"pk": {"S": "d"}}}}]}) == (
        "ValidationException", "Provided list of item keys contains duplicates")
    assert error_of(ddb.batch_get_item, RequestItems={
        "left": {"Keys": [{"pk": {"S": "d"}}, {"pk": {"S": "d"}}]}}) == (
        "ValidationException", "Provided list of item keys contains duplicates")
    assert error_of(ddb.batch_get_item, RequestItems={
        "left": {"Keys": [{"pk": {"S": f"k{i}"}} for i in range(101)]}}) == (
        "ValidationException", "Too many items requested for the BatchGetItem call")
    assert error_of(ddb.batch_get_item, RequestItems={"nope": {"Keys": [{"pk": {"S": "a"}}]}})[0] == (
        "ResourceNotFoundException")
    # A bad item anywhere refuses the whole batch before anything is written.
    code, _ = error_of(ddb.batch_write_item, RequestItems={
        "left": [{"PutRequest": {"Item": {"pk": {"S": "ok"}}}}, {"PutRequest": {"Item": {"other": {"S": "x"}}}}]})
    assert code == "ValidationException"
    assert "Item" not in ddb.get_item(TableName="left", Key={"pk": {"S": "ok"}})


def test_resource_batch_writer_and_batch_get(bunker, ddb):
    res = boto3.resource("dynamodb", endpoint_url=bunker.endpoint, region_name="us-east-1",
                         aws_access_key_id="t", aws_secret_access_key="t")
    with res.Table("left").batch_writer(overwrite_by_pkeys=["pk"]) as w:
        for i in range(60):
            w.put_item(Item={"pk": f"bw{i}", "n": i})
    got = res.batch_get_item(RequestItems={"left": {"Keys": [{"pk": f"bw{i}"} for i in range(60, 0, -7)]}})
    assert len(got["Responses"]["left"]) == 8
