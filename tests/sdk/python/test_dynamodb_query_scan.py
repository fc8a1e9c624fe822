"""Query and Scan with boto3: sort order both ways, key conditions, filters,
projections, Select COUNT, pagination by Limit and by the 1 MB page, parallel scan,
paginators, and the errors DynamoDB gives for bad key conditions."""
from decimal import Decimal

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key

from dynamodb_helpers import create_table, error_of


@pytest.fixture(scope="module")
def ddb(client):
    c = client("dynamodb")
    create_table(c, "events", ("pk", "S"), ("ts", "N"))
    create_table(c, "words", ("pk", "S"), ("w", "S"))
    create_table(c, "bulk", ("pk", "S"))
    with boto3.resource("dynamodb", endpoint_url=c.meta.endpoint_url, region_name="us-east-1",
                        aws_access_key_id="t", aws_secret_access_key="t").Table("events").batch_writer() as w:
        for ts in [-5, 0, 2, 10, 100, 7.5, 1e3]:
            w.put_item(Item={"pk": "a", "ts": Decimal(str(ts)), "odd": int(ts) % 2 == 1, "data": f"v{ts}"})
        w.put_item(Item={"pk": "b", "ts": 1})
    for word in ["apple", "Apple", "apricot", "banana", "b", "\u00e9clair", "a\u0000b", "ab"]:
        c.put_item(TableName="words", Item={"pk": {"S": "w"}, "w": {"S": word}})
    return c


def numbers(items):
    return [Decimal(i["ts"]["N"]) for i in items]


def test_sort_order_and_direction(ddb):
    r = ddb.query(TableName="events", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}})
    assert numbers(r["Items"]) == sorted(numbers(r["Items"])) and r["Count"] == 7
    r = ddb.query(TableName="events", KeyConditionExpression="pk = :p", ScanIndexForward=False,
                  ExpressionAttributeValues={":p": {"S": "a"}})
    assert numbers(r["Items"]) == [1000, 100, 10, 7.5, 2, 0, -5]
    words = [i["w"]["S"] for i in ddb.query(TableName="words", KeyConditionExpression="pk = :p",
                                              ExpressionAttributeValues={":p": {"S": "w"}})["Items"]]
    assert words == sorted(words, key=lambda s: s.encode("utf-8"))


def test_key_conditions(ddb):
    def q(expr, **values):
        vals = {":p": {"S": "a"}, **{k: {"N": str(v)} for k, v in values.items()}}
        return numbers(ddb.query(TableName="events", KeyConditionExpression=expr, ExpressionAttributeValues=vals)["Items"])
    assert q("pk = :p AND ts BETWEEN :lo AND :hi", **{":lo": 0, ":hi": 10}) == [0, 2, 7.5, 10]
    assert q("pk = :p AND ts > :v", **{":v": 10}) == [100, 1000]
    assert q("pk = :p AND ts <= :v", **{":v": 0}) == [-5, 0]
    assert q("pk = :p AND :v < ts", **{":v": 100}) == [1000]
    r = ddb.query(TableName="words", KeyConditionExpression="pk = :p AND begins_with(w, :b)",
                  ExpressionAttributeValues={":p": {"S": "w"}, ":b": {"S": "ap"}})
    assert [i["w"]["S"] for i in r["Items"]] == ["apple", "apricot"]
    r = ddb.query(TableName="events", KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]},
                                                     "ts": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "100"}]}})
    assert numbers(r["Items"]) == [100, 1000]


def test_key_condition_errors(ddb):
    def err(expr, values):
        return error_of(ddb.query, TableName="events", KeyConditionExpression=expr, ExpressionAttributeValues=values)[1]
    assert err("pk = :p AND ts > :a AND ts < :b", {":p": {"S": "a"}, ":a": {"N": "1"}, ":b": {"N": "5"}}) == (
        "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key")
    assert err("ts = :a", {":a": {"N": "1"}}) == "Query condition missed key schema element: pk"
    assert err("pk = :p AND ts = :a", {":p": {"S": "a"}, ":a": {"S": "x"}}) == (
        "One or more parameter values were invalid: Condition parameter type does not match schema type")
    assert err("pk = :p AND begins_with(ts, :a)", {":p": {"S": "a"}, ":a": {"N": "1"}}) == (
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: "
        "begins_with, operand type: N")
    assert err("pk = :p OR ts = :a", {":p": {"S": "a"}, ":a": {"N": "1"}}) == (
        "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR")
    assert error_of(ddb.query, TableName="events")[1] == (
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")


def test_filters_projection_select(ddb):
    r = ddb.query(TableName="events", KeyConditionExpression="pk = :p", FilterExpression="odd = :t",
                  ExpressionAttributeValues={":p": {"S": "a"}, ":t": {"BOOL": True}}, ProjectionExpression="ts, #d",
                  ExpressionAttributeNames={"#d": "data"})
    assert r["ScannedCount"] == 7 and r["Count"] == 2  # -5 and 7.5 were written with odd = True
    assert r["Items"] == [{"ts": {"N": "-5"}, "data": {"S": "v-5"}}, {"ts": {"N": "7.5"}, "data": {"S": "v7.5"}}]
    r = ddb.query(TableName="events", KeyConditionExpression="pk = :p", Select="COUNT",
                  ExpressionAttributeValues={":p": {"S": "a"}})
    assert r["Count"] == 7 and "Items" not in r
    r = ddb.scan(TableName="events", ScanFilter={"odd": {"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": False}]}})
    assert r["Count"] == 5 and r["ScannedCount"] == 8


def test_limit_pagination_and_paginator(ddb):
    seen, start = [], None
    while True:
        kw = {"ExclusiveStartKey": start} if start else {}
        r = ddb.query(TableName="events", KeyConditionExpression="pk = :p", Limit=3,
                      ExpressionAttributeValues={":p": {"S": "a"}}, **kw)
        seen += numbers(r["Items"])
        start = r.get("LastEvaluatedKey")
        if not start:
            break
        assert set(start) == {"pk", "ts"}
    assert seen == [-5, 0, 2, 7.5, 10, 100, 1000]
    pages = list(ddb.get_paginator("scan").paginate(TableName="events", PaginationConfig={"PageSize": 2}))
    assert sum(p["Count"] for p in pages) == 8
    table = boto3.resource("dynamodb", endpoint_url=ddb.meta.endpoint_url, region_name="us-east-1",
                           aws_access_key_id="t", aws_secret_access_key="t").Table("events")
    r = table.query(KeyConditionExpression=Key("pk").eq("a") & Key("ts").gt(5), FilterExpression=Attr("odd").eq(False))
    assert [i["ts"] for i in r["Items"]] == [10, 100, 1000]  # 7.5 has odd = True


def test_one_megabyte_pages(ddb):
    blob = "x" * 100_000
    for i in range(25):
        ddb.put_item(TableName="bulk", Item={"pk": {"S": f"k{i:02}"}, "blob": {"S": blob}})
    r = ddb.scan(TableName="bulk")
    assert 10 <= r["Count"] <= 11 and "LastEvaluatedKey" in r
    total, start = 0, None
    while True:
        r = ddb.scan(TableName="bulk", **({"ExclusiveStartKey": start} if start else {}))
        total += r["Count"]
        start = r.get("LastEvaluatedKey")
        if not start:
            break
    assert total == 25
    r = ddb.scan(TableName="bulk", ReturnConsumedCapacity="TOTAL", Select="COUNT")
    assert r["ConsumedCapacity"]["CapacityUnits"] > 100


def test_parallel_scan_segments_partition_the_table(ddb):
    for i in range(200):
        ddb.put_item(TableName="bulk", Item={"pk": {"S": f"p{i}"}})
    keys = []
    for seg in range(4):
        pages = ddb.get_paginator("scan").paginate(TableName="bulk", Segment=seg, TotalSegments=4,
                                                    ProjectionExpression="pk")
        keys += [i["pk"]["S"] for p in pages for i in p["Items"]]
    assert len(keys) == len(set(keys)) == 225
    assert error_of(ddb.scan, TableName="bulk", Segment=4, TotalSegments=4)[1] == (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less "
        "than TotalSegments: 4")
