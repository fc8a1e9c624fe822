"""Single-item operations with boto3's client and Table resource: types and number
exactness, conditions, updates, return values, capacity, and DynamoDB's errors."""
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr, Key
from boto3.dynamodb.types import Binary

from dynamodb_helpers import create_table, error_of


@pytest.fixture(scope="module")
def ddb(client):
    c = client("dynamodb")
    create_table(c, "items", ("pk", "S"))
    create_table(c, "pairs", ("pk", "S"), ("sk", "N"))
    create_table(c, "blobs", ("pk", "B"))
    return c


@pytest.fixture(scope="module")
def table(bunker, ddb):
    import boto3
    res = boto3.resource("dynamodb", endpoint_url=bunker.endpoint, region_name="us-east-1",
                         aws_access_key_id="test", aws_secret_access_key="test")
    return res.Table("items")


def test_every_type_round_trips(ddb):
    item = {"pk": {"S": "all"}, "s": {"S": "héllo"}, "n": {"N": "-12.50"}, "b": {"B": b"\x00\xff"},
            "t": {"BOOL": True}, "z": {"NULL": True}, "m": {"M": {"x": {"L": [{"N": "1"}, {"S": ""}]}}},
            "ss": {"SS": ["b", "a"]}, "ns": {"NS": ["10", "2", "1.0"]}, "bs": {"BS": [b"\x02", b"\x01"]}}
    ddb.put_item(TableName="items", Item=item)
    got = ddb.get_item(TableName="items", Key={"pk": {"S": "all"}}, ConsistentRead=True)["Item"]
    assert got["n"] == {"N": "-12.5"}
    assert got["m"] == item["m"]
    assert sorted(got["ss"]["SS"]) == ["a", "b"]
    assert sorted(got["ns"]["NS"], key=Decimal) == ["1", "2", "10"]
    assert sorted(got["bs"]["BS"]) == [b"\x01", b"\x02"]
    assert got["b"] == {"B": b"\x00\xff"}


def test_resource_decimals_are_exact(table):
    table.put_item(Item={"pk": "money", "amount": Decimal("0.1"), "big": Decimal("12345678901234567890123456789012345678")})
    for _ in range(2):
        table.update_item(Key={"pk": "money"}, UpdateExpression="SET amount = amount + :a, big = big - :one",
                          ExpressionAttributeValues={":a": Decimal("0.1"), ":one": 1})
    item = table.get_item(Key={"pk": "money"})["Item"]
    assert item["amount"] == Decimal("0.3")
    assert item["big"] == Decimal("12345678901234567890123456789012345676")


def test_number_validation(ddb):
    for bad, msg in [("1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
                     ("1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
                     ("abc", "The parameter cannot be converted to a numeric value: abc"),
                     ("1" * 39, "Attempting to store more than 38 significant digits in a Number")]:
        code, m = error_of(ddb.put_item, TableName="items", Item={"pk": {"S": "n"}, "v": {"N": bad}})
        assert code == "ValidationException" and msg in m


def test_value_validation_errors(ddb):
    cases = [
        ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
        ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
        ({"SS": ["a", "a"]}, 'One or more parameter values were invalid: Input collection ["a", "a"] contains duplicates.'),
        ({"NULL": False}, "One or more parameter values were invalid: Null attribute value types must have the value of true"),
        ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"),
    ]
    for value, msg in cases:
        assert error_of(ddb.put_item, TableName="items", Item={"pk": {"S": "v"}, "x": value}) == ("ValidationException", msg)


def test_key_errors(ddb):
    assert error_of(ddb.put_item, TableName="items", Item={"id": {"S": "x"}}) == (
        "ValidationException", "One or more parameter values were invalid: Missing the key pk in the item")
    assert error_of(ddb.put_item, TableName="items", Item={"pk": {"N": "1"}}) == (
        "ValidationException", "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
    assert error_of(ddb.get_item, TableName="items", Key={"pk": {"S": "a"}, "sk": {"S": "b"}}) == (
        "ValidationException", "The provided key element does not match the schema")
    assert error_of(ddb.get_item, TableName="pairs", Key={"pk": {"S": "a"}}) == (
        "ValidationException", "The provided key element does not match the schema")
    assert error_of(ddb.put_item, TableName="items", Item={"pk": {"S": ""}}) == (
        "ValidationException", "One or more parameter values are not valid. The AttributeValue for a key attribute "
                               "cannot contain an empty string value. Key: pk")
    assert error_of(ddb.put_item, TableName="blobs", Item={"pk": {"B": b""}}) == (
        "ValidationException", "One or more parameter values are not valid. The AttributeValue for a key attribute "
                               "cannot contain an empty binary value. Key: pk")
    assert error_of(ddb.put_item, TableName="items", Item={"pk": {"S": "x" * 2049}}) == (
        "ValidationException", "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
                               "size limit of2048 bytes")
    assert error_of(ddb.put_item, TableName="missing", Item={"pk": {"S": "x"}}) == (
        "ResourceNotFoundException", "Requested resource not found")
    assert error_of(ddb.update_item, TableName="items", Key={"pk": {"S": "k"}}, UpdateExpression="SET pk = :v",
                    ExpressionAttributeValues={":v": {"S": "new"}}) == (
        "ValidationException", "One or more parameter values were invalid: Cannot update attribute pk. This attribute "
                               "is part of the key")


def test_item_size_limit(ddb):
    # 400 KB exactly is accepted (name bytes + value bytes); one byte more is not.
    fill = 400 * 1024 - len("pk") - len("big") - len("p")
    ddb.put_item(TableName="items", Item={"pk": {"S": "p"}, "big": {"S": "x" * fill}})
    assert error_of(ddb.put_item, TableName="items", Item={"pk": {"S": "p"}, "big": {"S": "x" * (fill + 1)}}) == (
        "ValidationException", "Item size has exceeded the maximum allowed size")


def test_conditions_and_return_values(ddb, table):
    table.put_item(Item={"pk": "c", "n": 1, "tags": {"a"}})
    code, msg = error_of(table.put_item, Item={"pk": "c"}, ConditionExpression="attribute_not_exists(pk)")
    assert (code, msg) == ("ConditionalCheckFailedException", "The conditional request failed")
    members = ddb.meta.service_model.operation_model("DeleteItem").input_shape.members
    if "ReturnValuesOnConditionCheckFailure" in members:  # newer botocore only
        try:
            ddb.delete_item(TableName="items", Key={"pk": {"S": "c"}}, ConditionExpression="n = :two",
                            ExpressionAttributeValues={":two": {"N": "2"}}, ReturnValuesOnConditionCheckFailure="ALL_OLD")
            assert False
        except ddb.exceptions.ConditionalCheckFailedException as e:
            assert e.response["Item"]["n"] == {"N": "1"}
    r = table.update_item(Key={"pk": "c"}, UpdateExpression="SET n = n + :i ADD tags :t",
                          ConditionExpression=Attr("n").eq(1), ExpressionAttributeValues={":i": 5, ":t": {"b"}},
                          ReturnValues="UPDATED_NEW")
    assert r["Attributes"] == {"n": Decimal(6), "tags": {"a", "b"}}
    r = table.update_item(Key={"pk": "c"}, UpdateExpression="REMOVE tags", ReturnValues="UPDATED_OLD")
    assert r["Attributes"] == {"tags": {"a", "b"}}
    r = table.put_item(Item={"pk": "c", "v": "new"}, ReturnValues="ALL_OLD")
    assert r["Attributes"] == {"pk": "c", "n": Decimal(6)}
    r = table.delete_item(Key={"pk": "c"}, ReturnValues="ALL_OLD")
    assert r["Attributes"] == {"pk": "c", "v": "new"}
    assert "Item" not in table.get_item(Key={"pk": "c"})
    assert error_of(table.put_item, Item={"pk": "c"}, ReturnValues="ALL_NEW") == (
        "ValidationException", "One or more parameter values were invalid: Return values set to invalid value")


def test_update_creates_and_nested_paths(table):
    r = table.update_item(Key={"pk": "doc"}, UpdateExpression="SET #p = :m, cnt = if_not_exists(cnt, :z) + :one",
                          ExpressionAttributeNames={"#p": "profile"},
                          ExpressionAttributeValues={":m": {"tags": ["x"], "age": 30}, ":z": 0, ":one": 1},
                          ReturnValues="ALL_NEW")
    assert r["Attributes"]["cnt"] == 1
    table.update_item(Key={"pk": "doc"}, UpdateExpression="SET profile.tags = list_append(profile.tags, :t), "
                      "profile.age = profile.age + :one", ExpressionAttributeValues={":t": ["y"], ":one": 1})
    code, msg = error_of(table.update_item, Key={"pk": "doc"},
                         UpdateExpression="SET profile.tags = :t REMOVE profile.tags[0]",
                         ExpressionAttributeValues={":t": ["z"]})
    assert msg == ("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite "
                   "one of these paths; path one: [profile, tags], path two: [profile, tags, [0]]")
    table.update_item(Key={"pk": "doc"}, UpdateExpression="REMOVE profile.tags[0]")
    item = table.get_item(Key={"pk": "doc"}, ProjectionExpression="profile.tags, cnt")["Item"]
    assert item == {"profile": {"tags": ["y"]}, "cnt": 1}
    code, msg = error_of(table.update_item, Key={"pk": "doc"}, UpdateExpression="SET nope.deep = :v",
                         ExpressionAttributeValues={":v": 1})
    assert msg == "The document path provided in the update expression is invalid for update"
    code, msg = error_of(table.update_item, Key={"pk": "doc"}, UpdateExpression="SET cnt = profile + :v",
                         ExpressionAttributeValues={":v": 1})
    assert msg == "An operand in the update expression has an incorrect data type"


def test_expression_errors(ddb):
    def upd(**kw):
        return ddb.update_item(TableName="items", Key={"pk": {"S": "e"}}, **kw)
    assert error_of(upd, UpdateExpression="SET name = :v", ExpressionAttributeValues={":v": {"S": "x"}})[1] == (
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name")
    assert error_of(upd, UpdateExpression="SET a = :v")[1] == (
        "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v")
    assert error_of(upd, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"S": "x"}, ":w": {"S": "y"}})[1] == (
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}")
    assert error_of(upd, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"S": "x"}},
                    ExpressionAttributeNames={"#unused": "b"})[1] == (
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}")
    assert error_of(upd, UpdateExpression="INVALID SYNTAX HERE")[1] == (
        'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"')
    assert error_of(upd, UpdateExpression="SET a = :v, a.b = :v", ExpressionAttributeValues={":v": {"S": "x"}})[1] == (
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
        "paths; path one: [a], path two: [a, b]")
    assert error_of(upd, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"S": "x"}},
                    AttributeUpdates={"a": {"Value": {"S": "x"}}})[1] == (
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: "
        "{AttributeUpdates} Expression parameters: {UpdateExpression}")
    assert error_of(ddb.put_item, TableName="items", Item={"pk": {"S": "e"}},
                    ExpressionAttributeValues={":v": {"S": "x"}})[1] == (
        "ExpressionAttributeValues can only be specified when using expressions")
    assert error_of(ddb.put_item, TableName="items", Item={"pk": {"S": "e"}},
                    ConditionExpression="((attribute_not_exists(pk)))")[1] == (
        "Invalid ConditionExpression: The expression has redundant parentheses;")


def test_legacy_parameters(ddb):
    ddb.put_item(TableName="items", Item={"pk": {"S": "old"}, "n": {"N": "1"}}, Expected={"pk": {"Exists": False}})
    assert error_of(ddb.put_item, TableName="items", Item={"pk": {"S": "old"}},
                    Expected={"n": {"Value": {"N": "2"}}})[0] == "ConditionalCheckFailedException"
    ddb.update_item(TableName="items", Key={"pk": {"S": "old"}},
                    AttributeUpdates={"n": {"Action": "ADD", "Value": {"N": "4"}}, "s": {"Value": {"S": "v"}}},
                    Expected={"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}})
    got = ddb.get_item(TableName="items", Key={"pk": {"S": "old"}}, AttributesToGet=["n", "s"])["Item"]
    assert got == {"n": {"N": "5"}, "s": {"S": "v"}}


def test_consumed_capacity(ddb):
    r = ddb.put_item(TableName="items", Item={"pk": {"S": "cap"}, "v": {"S": "x" * 3000}}, ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"]["TableName"] == "items" and r["ConsumedCapacity"]["CapacityUnits"] == 3.0
    r = ddb.get_item(TableName="items", Key={"pk": {"S": "cap"}}, ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"]["CapacityUnits"] == 0.5
    r = ddb.get_item(TableName="items", Key={"pk": {"S": "cap"}}, ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
    assert r["ConsumedCapacity"]["CapacityUnits"] == 1.0 and r["ConsumedCapacity"]["Table"]["CapacityUnits"] == 1.0
