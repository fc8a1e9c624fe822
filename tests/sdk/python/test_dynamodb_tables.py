"""Table lifecycle with boto3: create, describe, list (paginated), update, delete,
tags, and DynamoDB's errors for each."""
import pytest

from dynamodb_helpers import create_table, error_of


@pytest.fixture(scope="module")
def ddb(client):
    return client("dynamodb")


def test_create_describe_list_delete(ddb):
    desc = create_table(ddb, "books", ("isbn", "S"), ("edition", "N"), BillingMode="PROVISIONED",
                        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3})
    assert desc["TableStatus"] == "ACTIVE"
    assert desc["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/books"
    assert desc["KeySchema"] == [{"AttributeName": "isbn", "KeyType": "HASH"},
                                 {"AttributeName": "edition", "KeyType": "RANGE"}]
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert desc["ItemCount"] == 0 and desc["TableSizeBytes"] == 0
    assert len(desc["TableId"]) == 36
    table = ddb.describe_table(TableName="books")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["CreationDateTime"].year >= 2024
    assert "books" in ddb.list_tables()["TableNames"]
    ddb.get_waiter("table_exists").wait(TableName="books")
    gone = ddb.delete_table(TableName="books")["TableDescription"]
    assert gone["TableStatus"] == "DELETING"
    ddb.get_waiter("table_not_exists").wait(TableName="books")
    assert error_of(ddb.describe_table, TableName="books") == (
        "ResourceNotFoundException", "Requested resource not found: Table: books not found")


def test_create_errors(ddb):
    create_table(ddb, "dupe")
    assert error_of(create_table, ddb, "dupe") == ("ResourceInUseException", "Table already exists: dupe")
    code, msg = error_of(ddb.create_table, TableName="bad", KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "b", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    assert code == "ValidationException"
    assert msg == ("One or more parameter values were invalid: Some index key attributes are not defined in "
                   "AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]")
    code, msg = error_of(ddb.create_table, TableName="bad", KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                               {"AttributeName": "b", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    assert msg == ("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly "
                   "match number of attributes defined in AttributeDefinitions")
    code, msg = error_of(ddb.create_table, TableName="bad", KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}])
    assert msg == ("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
                   "specified when BillingMode is PROVISIONED")
    code, msg = error_of(ddb.create_table, TableName="bad", KeySchema=[{"AttributeName": "a", "KeyType": "RANGE"}],
                         AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    assert msg == "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
    code, msg = error_of(ddb.describe_table, TableName="x" * 256)
    assert msg == ("1 validation error detected: Value '" + "x" * 256 + "' at 'tableName' failed to satisfy "
                   "constraint: Member must have length less than or equal to 255")
    code, msg = error_of(ddb.describe_table, TableName="bad table!")
    assert msg == ("1 validation error detected: Value 'bad table!' at 'tableName' failed to satisfy constraint: "
                   "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    assert error_of(ddb.delete_table, TableName="nope") == (
        "ResourceNotFoundException", "Requested resource not found: Table: nope not found")


def test_list_tables_pagination(ddb):
    for i in range(7):
        create_table(ddb, f"page{i}")
    first = ddb.list_tables(Limit=3)
    assert len(first["TableNames"]) == 3 and "LastEvaluatedTableName" in first
    names = [n for page in ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2})
             for n in page["TableNames"]]
    assert [n for n in names if n.startswith("page")] == [f"page{i}" for i in range(7)]
    assert names == sorted(names)
    rest = ddb.list_tables(ExclusiveStartTableName="page3")["TableNames"]
    assert "page3" not in rest and "page4" in rest


def test_update_table_throughput_billing_and_stream(ddb):
    create_table(ddb, "tuning", BillingMode="PROVISIONED",
                 ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    d = ddb.update_table(TableName="tuning",
                         ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 2})["TableDescription"]
    assert d["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    code, msg = error_of(ddb.update_table, TableName="tuning",
                         ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 2})
    assert msg.startswith("The provisioned throughput for the table will not change.")
    d = ddb.update_table(TableName="tuning", BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    d = ddb.update_table(TableName="tuning", StreamSpecification={"StreamEnabled": True,
                                                                  "StreamViewType": "NEW_AND_OLD_IMAGES"})
    d = ddb.describe_table(TableName="tuning")["Table"]
    assert d["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert d["LatestStreamArn"].startswith(d["TableArn"] + "/stream/")
    code, msg = error_of(ddb.update_table, TableName="tuning")
    assert code == "ValidationException"


def test_tags(ddb):
    arn = create_table(ddb, "tagged", Tags=[{"Key": "team", "Value": "a"}])["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "b"}])
    tags = {t["Key"]: t["Value"] for t in ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]}
    assert tags == {"team": "b", "env": "dev"}
    ddb.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]
    code, _ = error_of(ddb.list_tags_of_resource, ResourceArn=arn.replace("tagged", "missing"))
    assert code == "ResourceNotFoundException"


def test_account_level_and_disabled_features(ddb):
    limits = ddb.describe_limits()
    assert limits["TableMaxReadCapacityUnits"] == 40000
    assert ddb.describe_endpoints()["Endpoints"][0]["CachePeriodInMinutes"] == 1440
    create_table(ddb, "settings")
    assert ddb.describe_time_to_live(TableName="settings")["TimeToLiveDescription"]["TimeToLiveStatus"] == "DISABLED"
    backups = ddb.describe_continuous_backups(TableName="settings")["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    assert error_of(ddb.describe_continuous_backups, TableName="nothere")[0] == "TableNotFoundException"


def test_point_in_time_recovery_switch(ddb, bunker, client):
    """UpdateContinuousBackups switches point-in-time recovery on and off (as Terraform's
    point_in_time_recovery does); the switch and its window survive a restart."""
    import datetime
    create_table(ddb, "pitr")
    before = datetime.datetime.now(datetime.timezone.utc)
    out = ddb.update_continuous_backups(TableName="pitr", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    pitr = out["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert out["ContinuousBackupsDescription"]["ContinuousBackupsStatus"] == "ENABLED"
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    earliest = pitr["EarliestRestorableDateTime"]
    assert before - datetime.timedelta(seconds=2) <= earliest <= datetime.datetime.now(datetime.timezone.utc)
    assert pitr["LatestRestorableDateTime"] >= earliest
    assert pitr.get("RecoveryPeriodInDays", 35) == 35  # older SDKs do not know the member
    assert error_of(ddb.update_continuous_backups, TableName="nothere",
                    PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}) == (
        "TableNotFoundException", "Table not found: nothere")
    bunker.restart()
    ddb = client("dynamodb")
    pitr = ddb.describe_continuous_backups(TableName="pitr")["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED" and pitr["EarliestRestorableDateTime"] == earliest
    ddb.update_continuous_backups(TableName="pitr", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    pitr = ddb.describe_continuous_backups(TableName="pitr")["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert pitr == {"PointInTimeRecoveryStatus": "DISABLED"}


def test_missing_table_name_envelope(ddb):
    # botocore validates required members client-side; send the raw request instead.
    import json
    import urllib.request
    req = urllib.request.Request(ddb.meta.endpoint_url, method="POST", data=json.dumps({"Item": {}}).encode(),
                                 headers={"X-Amz-Target": "DynamoDB_20120810.PutItem",
                                          "Content-Type": "application/x-amz-json-1.0"})
    try:
        urllib.request.urlopen(req)
        assert False, "accepted"
    except urllib.error.HTTPError as e:
        body = json.loads(e.read())
        assert e.code == 400
        assert body["__type"] == "com.amazon.coral.validate#ValidationException"
        assert body["message"] == ("1 validation error detected: Value null at 'tableName' failed to satisfy "
                                   "constraint: Member must not be null")
