"""Lambda event source mappings from DynamoDB streams, through boto3 and the AWS CLI:
the mapping API's shapes and errors (compared with AWS's recorded answers), records
delivered in order with the exact event shape, filters, batching, retries,
ReportBatchItemFailures, bisection, the OnFailure invocation record, and checkpoints
that survive restarts without losing or repeating a record."""
import json
import urllib.request

import pytest

from conftest import make_client
from dynamodb_helpers import create_table, error_of
from lambda_support import create_function, wait_for

# The order AWS writes a stream record's members in a Lambda event (recorded events).
RECORD_KEYS = ["eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "eventSourceARN"]
DYNAMODB_KEYS = ["ApproximateCreationDateTime", "Keys", "NewImage", "SequenceNumber", "SizeBytes", "StreamViewType"]


@pytest.fixture(scope="module")
def lam(bunker):
    return make_client(bunker, "lambda", read_timeout=70)


@pytest.fixture(scope="module")
def ddb(client):
    return client("dynamodb")


def sink_function(lam, ddb, name, mode=""):
    create_table(ddb, f"{name}-sink", ("seq", "S"))
    create_function(lam, name, "stream_sink", "app.handler", runtime="python3.12", Timeout=30,
                    Environment={"Variables": {"SINK": f"{name}-sink", "MODE": mode}})
    return f"{name}-sink"


def source_table(ddb, name, view="NEW_IMAGE", key="pk"):
    return create_table(ddb, name, (key, "S"), StreamSpecification={"StreamEnabled": True, "StreamViewType": view})[
        "LatestStreamArn"]


def delivered(ddb, sink):
    items = ddb.scan(TableName=sink, ConsistentRead=True)["Items"]
    return sorted(({"seq": i["seq"]["S"], "deliveries": int(i["deliveries"]["N"]), "body": json.loads(i["body"]["S"]),
                    "batch_size": int(i["batch_size"]["N"]), "first": i["first_in_batch"]["S"]} for i in items),
                  key=lambda d: d["seq"])


def wait_delivered(ddb, sink, count, timeout=60):
    return wait_for(lambda: (lambda d: d if len(d) >= count else None)(delivered(ddb, sink)), timeout=timeout)


def failures(bunker, uuid):
    with urllib.request.urlopen(f"{bunker.endpoint}/_bunker/event-sources/{uuid}/failures", timeout=10) as r:
        return json.loads(r.read())["Failures"]


def test_mapping_api_shapes_and_errors(lam, ddb, aws):
    sink_function(lam, ddb, "esm-api")
    arn = source_table(ddb, "esm-api-src")
    m = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="esm-api", StartingPosition="TRIM_HORIZON")
    assert m["ResponseMetadata"]["HTTPStatusCode"] == 202
    uuid = m["UUID"]
    expected = {"BatchSize": 100, "BisectBatchOnFunctionError": False, "DestinationConfig": {"OnFailure": {}},
                "EventSourceArn": arn, "FunctionResponseTypes": [], "LastProcessingResult": "No records processed",
                "MaximumBatchingWindowInSeconds": 0, "MaximumRecordAgeInSeconds": -1, "MaximumRetryAttempts": -1,
                "ParallelizationFactor": 1, "StartingPosition": "TRIM_HORIZON", "State": "Creating",
                "StateTransitionReason": "User action", "TumblingWindowInSeconds": 0, "UUID": uuid}
    assert {k: m[k] for k in expected} == expected
    assert m["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:esm-api"
    if "EventSourceMappingArn" in m:  # a member older botocore does not know
        assert m["EventSourceMappingArn"] == f"arn:aws:lambda:us-east-1:000000000000:event-source-mapping:{uuid}"
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled")
    listed = lam.list_event_source_mappings(FunctionName="esm-api")["EventSourceMappings"]
    assert [x["UUID"] for x in listed] == [uuid]
    assert [x["UUID"] for x in lam.list_event_source_mappings(EventSourceArn=arn)["EventSourceMappings"]] == [uuid]

    code, message = error_of(lam.create_event_source_mapping, EventSourceArn=arn, FunctionName="esm-api",
                             StartingPosition="LATEST")
    assert code == "ResourceConflictException"
    assert message == (f'The event source arn (" {arn} ") and function (" esm-api ") provided mapping already exists. '
                       f"Please update or delete the existing mapping with UUID {uuid}")
    missing = arn.replace("esm-api-src", "nope")
    assert error_of(lam.create_event_source_mapping, EventSourceArn=missing, FunctionName="esm-api",
                    StartingPosition="LATEST") == ("InvalidParameterValueException", f"Stream not found: {missing}")
    for pattern in ['"single-string"', '[{"eventName": ["INSERT"=123}]']:
        assert error_of(lam.create_event_source_mapping, EventSourceArn=arn, FunctionName="esm-api",
                        StartingPosition="LATEST", FilterCriteria={"Filters": [{"Pattern": pattern}]}) == (
            "InvalidParameterValueException", "Invalid filter pattern definition.")
    code, _ = error_of(lam.create_event_source_mapping, EventSourceArn=arn, FunctionName="no-such-function",
                       StartingPosition="LATEST")
    assert code == "ResourceNotFoundException"
    code, _ = error_of(lam.create_event_source_mapping, EventSourceArn=arn, FunctionName="esm-api",
                       StartingPosition="LATEST", MaximumRecordAgeInSeconds=30)
    assert code == "ValidationException"

    updated = lam.update_event_source_mapping(UUID=uuid, Enabled=False, BatchSize=7)
    assert updated["State"] == "Disabling" and updated["BatchSize"] == 7
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled")
    got = aws.json("lambda", "get-event-source-mapping", "--uuid", uuid)
    assert got["BatchSize"] == 7 and got["State"] == "Disabled"
    assert lam.delete_event_source_mapping(UUID=uuid)["State"] == "Deleting"
    def gone():
        try:
            lam.get_event_source_mapping(UUID=uuid)
            return False
        except lam.exceptions.ResourceNotFoundException:
            return True

    wait_for(gone)
    assert error_of(lam.get_event_source_mapping, UUID=uuid) == (
        "ResourceNotFoundException", "The resource you requested does not exist.")


def test_records_arrive_in_order_with_aws_event_shape(lam, ddb):
    sink = sink_function(lam, ddb, "esm-order")
    arn = source_table(ddb, "esm-order-src", key="my_partition_key")
    # The item of AWS's recorded event: its record is 70 bytes (Keys and NEW_IMAGE).
    ddb.put_item(TableName="esm-order-src", Item={"my_partition_key": {"S": "hello world"}, "binary_key": {"B": b"foobar"}})
    for i in range(24):
        ddb.put_item(TableName="esm-order-src", Item={"my_partition_key": {"S": f"k{i % 4}"}, "v": {"N": str(i)}})
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="esm-order", StartingPosition="TRIM_HORIZON",
                                    BatchSize=10)
    got = wait_delivered(ddb, sink, 25)
    assert len(got) == 25 and all(d["deliveries"] == 1 for d in got)
    assert all(d["batch_size"] <= 10 for d in got)
    first = got[0]["body"]
    assert list(first.keys()) == RECORD_KEYS
    assert list(first["dynamodb"].keys()) == DYNAMODB_KEYS
    assert first["eventName"] == "INSERT" and first["eventVersion"] == "1.1" and first["eventSource"] == "aws:dynamodb"
    assert first["eventSourceARN"] == arn and first["awsRegion"] == "us-east-1"
    assert first["dynamodb"]["SizeBytes"] == 70 and first["dynamodb"]["StreamViewType"] == "NEW_IMAGE"
    assert first["dynamodb"]["NewImage"] == {"binary_key": {"B": "Zm9vYmFy"}, "my_partition_key": {"S": "hello world"}}
    assert isinstance(first["dynamodb"]["ApproximateCreationDateTime"], (int, float))
    # Per item, the values arrive in the order they were written.
    for k in range(4):
        values = [int(d["body"]["dynamodb"]["NewImage"]["v"]["N"]) for d in got
                  if d["body"]["dynamodb"]["Keys"]["my_partition_key"]["S"] == f"k{k}"]
        assert values == list(range(k, 24, 4))


def test_filters_and_latest(lam, ddb):
    sink = sink_function(lam, ddb, "esm-filter")
    arn = source_table(ddb, "esm-filter-src", "NEW_AND_OLD_IMAGES")
    ddb.put_item(TableName="esm-filter-src", Item={"pk": {"S": "before-mapping"}})  # LATEST skips it
    m = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName="esm-filter", StartingPosition="LATEST",
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"eventName": ["INSERT"]})},
                                    {"Pattern": json.dumps({"dynamodb": {"NewImage": {"v": {"S": [{"prefix": "keep"}]}}}})}]})
    wait_for(lambda: lam.get_event_source_mapping(UUID=m["UUID"])["State"] == "Enabled")
    ddb.put_item(TableName="esm-filter-src", Item={"pk": {"S": "a"}, "v": {"S": "x"}})       # INSERT: delivered
    ddb.put_item(TableName="esm-filter-src", Item={"pk": {"S": "a"}, "v": {"S": "drop"}})    # MODIFY: filtered out
    ddb.put_item(TableName="esm-filter-src", Item={"pk": {"S": "a"}, "v": {"S": "keep-1"}})  # MODIFY with prefix
    ddb.delete_item(TableName="esm-filter-src", Key={"pk": {"S": "a"}})                       # REMOVE: filtered out
    ddb.put_item(TableName="esm-filter-src", Item={"pk": {"S": "z"}})                         # a marker, delivered
    got = wait_delivered(ddb, sink, 3)
    assert [(d["body"]["eventName"], d["body"]["dynamodb"]["Keys"]["pk"]["S"]) for d in got] == [
        ("INSERT", "a"), ("MODIFY", "a"), ("INSERT", "z")]
    assert got[1]["body"]["dynamodb"]["OldImage"]["v"] == {"S": "drop"}


def test_report_batch_item_failures_retries_then_gives_up(bunker, lam, ddb):
    sink = sink_function(lam, ddb, "esm-report", mode="report")
    arn = source_table(ddb, "esm-report-src")
    for i in range(5):
        ddb.put_item(TableName="esm-report-src", Item={"pk": {"S": f"r{i}"}, "fail": {"BOOL": i == 3}})
    m = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName="esm-report", StartingPosition="TRIM_HORIZON", BatchSize=5,
        MaximumRetryAttempts=2, FunctionResponseTypes=["ReportBatchItemFailures"],
        DestinationConfig={"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:dlq"}})
    assert m["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert m["DestinationConfig"] == {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:dlq"}}
    fail = wait_for(lambda: failures(bunker, m["UUID"]))
    got = {d["body"]["dynamodb"]["Keys"]["pk"]["S"]: d["deliveries"] for d in delivered(ddb, sink)}
    # r0-r2 succeed once; r3 (and r4 behind it) are retried from r3 until the retries run out.
    assert got == {"r0": 1, "r1": 1, "r2": 1, "r3": 3, "r4": 3}
    record = fail[0]
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestContext"]["functionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:esm-report"
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": None}
    assert record["version"] == "1.0"
    info = record["DDBStreamBatchInfo"]
    assert info["batchSize"] == 2 and info["streamArn"] == arn and info["shardId"].startswith("shardId-")
    assert list(record.keys()) == ["requestContext", "responseContext", "version", "timestamp", "DDBStreamBatchInfo"]


def test_bisect_isolates_the_failing_record_and_s3_gets_the_record(client, lam, ddb):
    s3 = client("s3")
    s3.create_bucket(Bucket="esm-failures")
    sink = sink_function(lam, ddb, "esm-bisect", mode="raise")
    arn = source_table(ddb, "esm-bisect-src")
    for name, bad in [("a", False), ("b", False), ("c", True), ("d", False)]:
        ddb.put_item(TableName="esm-bisect-src", Item={"pk": {"S": name}, "fail": {"BOOL": bad}})
    m = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="esm-bisect", StartingPosition="TRIM_HORIZON",
                                        BatchSize=4, BisectBatchOnFunctionError=True, MaximumRetryAttempts=2,
                                        DestinationConfig={"OnFailure": {"Destination": "arn:aws:s3:::esm-failures"}})
    keys = wait_for(lambda: [o["Key"] for o in s3.list_objects_v2(Bucket="esm-failures").get("Contents", [])])
    assert len(keys) == 1 and keys[0].startswith(f"aws/lambda/{m['UUID']}/shardId-")
    record = json.loads(s3.get_object(Bucket="esm-failures", Key=keys[0])["Body"].read())
    assert list(record.keys()) == ["requestContext", "responseContext", "version", "timestamp", "DDBStreamBatchInfo",
                                   "payload"]
    assert record["DDBStreamBatchInfo"]["batchSize"] == 1
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in record["payload"]["Records"]] == ["c"]
    # d, after the poison record, is delivered too: bisection let it through.
    wait_for(lambda: any(d["body"]["dynamodb"]["Keys"]["pk"]["S"] == "d" and d["batch_size"] == 1
                         for d in delivered(ddb, sink)))


def test_checkpoints_survive_restarts(bunker, lam, ddb):
    sink = sink_function(lam, ddb, "esm-durable")
    arn = source_table(ddb, "esm-durable-src")
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="esm-durable", StartingPosition="TRIM_HORIZON",
                                    BatchSize=3)
    for i in range(10):
        ddb.put_item(TableName="esm-durable-src", Item={"pk": {"S": f"a{i}"}})
    wait_delivered(ddb, sink, 10)
    bunker.restart()
    ddb = make_client(bunker, "dynamodb")
    for i in range(10):
        ddb.put_item(TableName="esm-durable-src", Item={"pk": {"S": f"b{i}"}})
    wait_delivered(ddb, sink, 20)
    bunker.restart(kill=True)
    ddb = make_client(bunker, "dynamodb")
    for i in range(5):
        ddb.put_item(TableName="esm-durable-src", Item={"pk": {"S": f"c{i}"}})
    got = wait_delivered(ddb, sink, 25)
    assert len(got) == 25
    assert all(d["deliveries"] == 1 for d in got), [d for d in got if d["deliveries"] != 1]
