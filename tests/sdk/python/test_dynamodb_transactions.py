"""TransactWriteItems and TransactGetItems through boto3, the Table resource's batch of
conditions and the AWS CLI: all-or-nothing across tables, cancellation reasons in
order, ClientRequestToken idempotency, limits, doubled capacity."""
import json

import pytest
from botocore.exceptions import ClientError

from dynamodb_helpers import create_table, error_of


@pytest.fixture(scope="module")
def ddb(client):
    c = client("dynamodb")
    create_table(c, "tx_accounts", ("pk", "S"))
    create_table(c, "tx_log", ("pk", "S"), ("sk", "N"))
    return c


def account(pk, balance):
    return {"pk": {"S": pk}, "balance": {"N": str(balance)}}


def transfer(src, dst, amount, log_sk):
    return [
        {"Update": {"TableName": "tx_accounts", "Key": {"pk": {"S": src}},
                    "UpdateExpression": "SET balance = balance - :a", "ConditionExpression": "balance >= :a",
                    "ExpressionAttributeValues": {":a": {"N": str(amount)}},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        {"Update": {"TableName": "tx_accounts", "Key": {"pk": {"S": dst}},
                    "UpdateExpression": "SET balance = balance + :a",
                    "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
        {"Put": {"TableName": "tx_log", "Item": {"pk": {"S": src}, "sk": {"N": str(log_sk)}, "amount": {"N": str(amount)}},
                 "ConditionExpression": "attribute_not_exists(pk)"}},
    ]


def balance(ddb, pk):
    return int(ddb.get_item(TableName="tx_accounts", Key={"pk": {"S": pk}}, ConsistentRead=True)["Item"]["balance"]["N"])


def test_write_transaction_commits_across_tables(ddb):
    ddb.put_item(TableName="tx_accounts", Item=account("a", 100))
    ddb.put_item(TableName="tx_accounts", Item=account("b", 0))
    out = ddb.transact_write_items(TransactItems=transfer("a", "b", 40, 1), ReturnConsumedCapacity="INDEXES")
    assert balance(ddb, "a") == 60 and balance(ddb, "b") == 40
    assert ddb.get_item(TableName="tx_log", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})["Item"]["amount"] == {"N": "40"}
    by_table = {c["TableName"]: c for c in out["ConsumedCapacity"]}
    # Transactional writes cost two write units per 1 KB item.
    assert by_table["tx_accounts"]["WriteCapacityUnits"] == 4.0
    assert by_table["tx_log"]["Table"]["WriteCapacityUnits"] == 2.0


def test_cancellation_reasons_are_in_order_and_nothing_changes(ddb):
    ddb.put_item(TableName="tx_accounts", Item=account("c", 5))
    ddb.put_item(TableName="tx_accounts", Item=account("d", 0))
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=transfer("c", "d", 50, 1))
    err = e.value.response["Error"]
    assert err["Code"] == "TransactionCanceledException"
    assert err["Message"] == ("Transaction cancelled, please refer cancellation reasons for specific reasons "
                              "[ConditionalCheckFailed, None, None]")
    if "CancellationReasons" in e.value.response:  # parsed by newer botocore
        reasons = e.value.response["CancellationReasons"]
        assert reasons[0]["Code"] == "ConditionalCheckFailed"
        assert reasons[0]["Item"]["balance"] == {"N": "5"}
        assert reasons[1] == {"Code": "None"}
    assert balance(ddb, "c") == 5 and balance(ddb, "d") == 0
    assert "Item" not in ddb.get_item(TableName="tx_log", Key={"pk": {"S": "c"}, "sk": {"N": "1"}})


def test_client_request_token_is_idempotent(ddb):
    ddb.put_item(TableName="tx_accounts", Item=account("e", 10))
    ddb.put_item(TableName="tx_accounts", Item=account("f", 0))
    items = transfer("e", "f", 3, 7)
    ddb.transact_write_items(TransactItems=items, ClientRequestToken="same-request")
    # The same request again within 10 minutes succeeds without running twice.
    ddb.transact_write_items(TransactItems=items, ClientRequestToken="same-request")
    assert balance(ddb, "e") == 7 and balance(ddb, "f") == 3
    code, _ = error_of(ddb.transact_write_items, TransactItems=transfer("e", "f", 4, 8), ClientRequestToken="same-request")
    assert code == "IdempotentParameterMismatchException"


def test_request_validation(ddb):
    code, message = error_of(ddb.transact_write_items, TransactItems=[
        {"ConditionCheck": {"TableName": "tx_accounts", "Key": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_exists(pk)"}},
        {"Delete": {"TableName": "tx_accounts", "Key": {"pk": {"S": "a"}}}}])
    assert (code, message) == ("ValidationException", "Transaction request cannot include multiple operations on one item")
    code, message = error_of(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "tx_accounts", "Item": {"pk": {"S": str(i)}}}} for i in range(101)])
    assert code == "ValidationException" and "Member must have length less than or equal to 100" in message
    code, _ = error_of(ddb.transact_write_items, TransactItems=[{"Put": {"TableName": "missing", "Item": {"pk": {"S": "x"}}}}])
    assert code == "ResourceNotFoundException"
    code, message = error_of(ddb.transact_write_items, TransactItems=[
        {"Update": {"TableName": "tx_accounts", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET pk = :v",
                    "ExpressionAttributeValues": {":v": {"S": "x"}}}}])
    assert message == "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"


def test_transact_get_items(ddb):
    ddb.put_item(TableName="tx_accounts", Item=account("g", 1))
    out = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": "tx_accounts", "Key": {"pk": {"S": "g"}}, "ProjectionExpression": "#b",
                 "ExpressionAttributeNames": {"#b": "balance"}}},
        {"Get": {"TableName": "tx_accounts", "Key": {"pk": {"S": "nobody"}}}},
    ], ReturnConsumedCapacity="TOTAL")
    assert out["Responses"] == [{"Item": {"balance": {"N": "1"}}}, {}]
    assert out["ConsumedCapacity"] == [{"TableName": "tx_accounts", "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}]


def test_cli_transactions(aws, ddb):
    ddb.put_item(TableName="tx_accounts", Item=account("h", 9))
    ddb.put_item(TableName="tx_accounts", Item=account("i", 0))
    aws.run("dynamodb", "transact-write-items", "--transact-items", json.dumps(transfer("h", "i", 9, 1)))
    got = aws.json("dynamodb", "transact-get-items", "--transact-items", json.dumps([
        {"Get": {"TableName": "tx_accounts", "Key": {"pk": {"S": "h"}}}},
        {"Get": {"TableName": "tx_accounts", "Key": {"pk": {"S": "i"}}}}]))
    assert [r["Item"]["balance"]["N"] for r in got["Responses"]] == ["0", "9"]
    p = aws.run("dynamodb", "transact-write-items", "--transact-items", json.dumps(transfer("h", "i", 1, 2)), check=False)
    assert p.returncode != 0 and "TransactionCanceledException" in p.stderr and "ConditionalCheckFailed" in p.stderr
