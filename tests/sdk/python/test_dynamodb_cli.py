"""The AWS CLI against DynamoDB: JSON in and out, --query, errors on stderr."""
import json

import pytest


def test_cli_table_and_items(aws):
    aws.run("dynamodb", "create-table", "--table-name", "cli-table",
            "--attribute-definitions", "AttributeName=id,AttributeType=S",
            "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    aws.run("dynamodb", "wait", "table-exists", "--table-name", "cli-table")
    aws.run("dynamodb", "put-item", "--table-name", "cli-table", "--item", json.dumps({"id": {"S": "1"}, "n": {"N": "1.50"}}))
    out = aws.json("dynamodb", "get-item", "--table-name", "cli-table", "--key", json.dumps({"id": {"S": "1"}}))
    assert out["Item"]["n"] == {"N": "1.5"}
    status = aws.run("dynamodb", "describe-table", "--table-name", "cli-table", "--query", "Table.TableStatus",
                     "--output", "text").stdout.strip()
    assert status == "ACTIVE"
    out = aws.json("dynamodb", "update-item", "--table-name", "cli-table", "--key", json.dumps({"id": {"S": "1"}}),
                   "--update-expression", "SET n = n + :d", "--expression-attribute-values", json.dumps({":d": {"N": "1"}}),
                   "--return-values", "UPDATED_NEW")
    assert out["Attributes"]["n"] == {"N": "2.5"}
    count = aws.run("dynamodb", "scan", "--table-name", "cli-table", "--select", "COUNT", "--query", "Count",
                    "--output", "text").stdout.strip()
    assert count == "1"


def test_cli_errors(aws):
    p = aws.run("dynamodb", "describe-table", "--table-name", "no-such-table", check=False)
    assert p.returncode != 0
    assert "ResourceNotFoundException" in p.stderr and "Requested resource not found" in p.stderr
    p = aws.run("dynamodb", "put-item", "--table-name", "cli-table", "--item", json.dumps({"nope": {"S": "1"}}),
                check=False)
    assert "ValidationException" in p.stderr and "Missing the key id in the item" in p.stderr
