"""PartiQL through boto3 and the AWS CLI: ExecuteStatement (SELECT as query or scan with
paging, INSERT, UPDATE, DELETE, RETURNING), BatchExecuteStatement and
ExecuteTransaction, with DynamoDB's errors."""
import json

import pytest
from botocore.exceptions import ClientError

from dynamodb_helpers import create_table, error_of


@pytest.fixture(scope="module")
def ddb(client):
    c = client("dynamodb")
    create_table(c, "songs", ("artist", "S"), ("n", "N"))
    for i in range(1, 8):
        c.put_item(TableName="songs", Item={"artist": {"S": "ada"}, "n": {"N": str(i)}, "plays": {"N": str(i * 100)},
                                            "tags": {"SS": ["x", f"t{i}"]}})
    c.put_item(TableName="songs", Item={"artist": {"S": "bob"}, "n": {"N": "1"}, "plays": {"N": "5"}})
    return c


def test_select(ddb):
    out = ddb.execute_statement(Statement='SELECT n, plays FROM "songs" WHERE artist = ? AND n BETWEEN ? AND ? ORDER BY n DESC',
                                Parameters=[{"S": "ada"}, {"N": "2"}, {"N": "4"}])
    assert out["Items"] == [{"n": {"N": str(i)}, "plays": {"N": str(i * 100)}} for i in (4, 3, 2)]
    scan = ddb.execute_statement(Statement="SELECT artist FROM songs WHERE plays < 150")["Items"]
    assert sorted(i["artist"]["S"] for i in scan) == ["ada", "bob"]
    assert len(ddb.execute_statement(Statement="SELECT * FROM songs WHERE contains(tags, 't3')")["Items"]) == 1
    # Paging: Limit items evaluated per call, NextToken to continue.
    pages, token, seen = 0, None, []
    while True:
        kwargs = {"NextToken": token} if token else {}
        out = ddb.execute_statement(Statement="SELECT n FROM songs WHERE artist = 'ada'", Limit=3, **kwargs)
        seen += [int(i["n"]["N"]) for i in out["Items"]]
        pages += 1
        token = out.get("NextToken")
        if not token:
            break
    assert seen == list(range(1, 8)) and pages == 3


def test_writes(ddb):
    ddb.execute_statement(Statement="INSERT INTO songs VALUE {'artist': ?, 'n': ?, 'title': 'Hello'}",
                          Parameters=[{"S": "cy"}, {"N": "1"}])
    code, message = error_of(ddb.execute_statement, Statement="INSERT INTO songs VALUE {'artist': 'cy', 'n': 1}")
    assert (code, message) == ("DuplicateItemException", "Duplicate primary key exists in table")
    out = ddb.execute_statement(Statement="UPDATE songs SET plays = 1 SET title = 'Hi' WHERE artist = 'cy' AND n = 1 "
                                          "RETURNING ALL NEW *")
    assert out["Items"] == [{"artist": {"S": "cy"}, "n": {"N": "1"}, "plays": {"N": "1"}, "title": {"S": "Hi"}}]
    code, _ = error_of(ddb.execute_statement, Statement="UPDATE songs SET plays = 1 WHERE artist = 'zed' AND n = 1")
    assert code == "ConditionalCheckFailedException"
    assert error_of(ddb.execute_statement, Statement="UPDATE songs SET plays = 1 WHERE artist = 'cy'") == (
        "ValidationException", "Where clause does not contain a mandatory equality on all key attributes")
    out = ddb.execute_statement(Statement="DELETE FROM songs WHERE artist = 'cy' AND n = 1 RETURNING ALL OLD *")
    assert out["Items"][0]["title"] == {"S": "Hi"}
    assert "Item" not in ddb.get_item(TableName="songs", Key={"artist": {"S": "cy"}, "n": {"N": "1"}})


def test_errors(ddb):
    code, message = error_of(ddb.execute_statement, Statement="SELEC * FROM songs")
    assert code == "ValidationException" and message.startswith("Statement wasn't well formed, can't be processed:")
    assert error_of(ddb.execute_statement, Statement="SELECT * FROM songs WHERE artist = ?") == (
        "ValidationException", "Number of parameters in request and statement don't match.")
    code, _ = error_of(ddb.execute_statement, Statement="SELECT * FROM nothing")
    assert code == "ResourceNotFoundException"


def test_batch_execute_statement(ddb):
    out = ddb.batch_execute_statement(Statements=[
        {"Statement": "UPDATE songs SET plays = plays + 1 WHERE artist = 'bob' AND n = 1"},
        {"Statement": "INSERT INTO songs VALUE {'artist': 'bob', 'n': 1}"},
        {"Statement": "INSERT INTO songs VALUE {'artist': 'dee', 'n': 1}"},
    ])["Responses"]
    assert out[0] == {"TableName": "songs"}
    assert out[1]["Error"]["Code"] == "DuplicateItem"
    assert out[2] == {"TableName": "songs"}
    reads = ddb.batch_execute_statement(Statements=[
        {"Statement": "SELECT plays FROM songs WHERE artist = ? AND n = ?", "Parameters": [{"S": "bob"}, {"N": "1"}]},
        {"Statement": "SELECT * FROM songs WHERE artist = 'nobody' AND n = 1"},
    ])["Responses"]
    assert reads[0]["Item"] == {"plays": {"N": "6"}} and "Item" not in reads[1]


def test_execute_transaction(ddb, aws):
    with pytest.raises(ClientError) as e:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": "UPDATE songs SET plays = 0 WHERE artist = 'bob' AND n = 1"},
            {"Statement": "INSERT INTO songs VALUE {'artist': 'dee', 'n': 1}"}])
    assert e.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert "[None, DuplicateItem]" in e.value.response["Error"]["Message"]
    assert ddb.get_item(TableName="songs", Key={"artist": {"S": "bob"}, "n": {"N": "1"}})["Item"]["plays"] == {"N": "6"}
    ddb.execute_transaction(TransactStatements=[
        {"Statement": "UPDATE songs SET plays = 0 WHERE artist = 'bob' AND n = 1"},
        {"Statement": "DELETE FROM songs WHERE artist = 'dee' AND n = 1"}], ClientRequestToken="pq-1")
    out = aws.json("dynamodb", "execute-transaction", "--transact-statements", json.dumps([
        {"Statement": "SELECT plays FROM songs WHERE artist = 'bob' AND n = 1"},
        {"Statement": "SELECT * FROM songs WHERE artist = 'dee' AND n = 1"}]))
    assert out["Responses"] == [{"Item": {"plays": {"N": "0"}}}, {}]
    out = aws.json("dynamodb", "execute-statement", "--statement", "SELECT n FROM songs WHERE artist = ? AND n = ?",
                   "--parameters", json.dumps([{"S": "ada"}, {"N": "7"}]))
    assert out["Items"] == [{"n": {"N": "7"}}]
