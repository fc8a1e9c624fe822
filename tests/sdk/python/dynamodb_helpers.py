"""Shared helpers of the DynamoDB real-client tests."""
from aws_errors import error_of  # noqa: F401 (the DynamoDB tests take it from here)


def create_table(ddb, name, hash_key=("pk", "S"), range_key=None, **extra):
    attrs = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
    schema = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
    if range_key:
        attrs.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
        schema.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
    for a in extra.pop("extra_attributes", []):
        attrs.append({"AttributeName": a[0], "AttributeType": a[1]})
    kwargs = {"BillingMode": "PAY_PER_REQUEST"}
    kwargs.update(extra)
    return ddb.create_table(TableName=name, KeySchema=schema, AttributeDefinitions=attrs, **kwargs)["TableDescription"]


