"""EventBridge through boto3 and the AWS CLI: rules with event patterns and schedules,
Lambda targets (with Input, InputPath and InputTransformer), PutEvents and the event
envelope a function receives, scheduled events, custom event buses, validation errors,
persistence."""
import json
import urllib.request

import pytest

from conftest import make_client
from dynamodb_helpers import create_table, error_of
from lambda_support import create_function, wait_for

# S3 lifecycle rules see the clock three days ahead: a 1-day expiration is due at once.
BUNKER_ARGS = ("--s3-lifecycle-days-ahead", "3")
ENVELOPE_KEYS = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]


@pytest.fixture(scope="module")
def events(client):
    return client("events")


@pytest.fixture(scope="module")
def sink(bunker, client):
    lam = make_client(bunker, "lambda", read_timeout=70)
    ddb = client("dynamodb")
    create_table(ddb, "events-sink", ("pk", "S"))
    fn = create_function(lam, "event-sink", "event_sink", "app.handler", runtime="python3.12", Timeout=30,
                         Environment={"Variables": {"SINK": "events-sink"}})
    # As a real deploy does: EventBridge may invoke the function for this account's rules
    # (except "unpermitted", which shows what happens without it).
    lam.add_permission(FunctionName="event-sink", StatementId="events", Action="lambda:InvokeFunction",
                       Principal="events.amazonaws.com", SourceArn="arn:aws:events:us-east-1:000000000000:rule/*")
    return ddb, fn["FunctionArn"]


def received(ddb):
    return [json.loads(i["event"]["S"]) for i in ddb.scan(TableName="events-sink", ConsistentRead=True)["Items"]]


def test_pattern_rules_deliver_matching_events(events, sink):
    ddb, fn = sink
    pattern = {"source": ["orders"], "detail": {"amount": [{"numeric": [">", 100]}]}}
    arn = events.put_rule(Name="big-orders", EventPattern=json.dumps(pattern))["RuleArn"]
    assert arn == "arn:aws:events:us-east-1:000000000000:rule/big-orders"
    d = events.describe_rule(Name="big-orders")
    assert d["State"] == "ENABLED" and json.loads(d["EventPattern"]) == pattern and d["EventBusName"] == "default"
    out = events.put_targets(Rule="big-orders", Targets=[
        {"Id": "whole", "Arn": fn},
        {"Id": "detail", "Arn": fn, "InputPath": "$.detail"},
        {"Id": "shaped", "Arn": fn, "InputTransformer": {"InputPathsMap": {"amt": "$.detail.amount", "src": "$.source"},
                                                         "InputTemplate": '{"total": <amt>, "from": "<src>"}'}},
    ])
    assert out == {"FailedEntryCount": 0, "FailedEntries": [], "ResponseMetadata": out["ResponseMetadata"]}
    assert [t["Id"] for t in events.list_targets_by_rule(Rule="big-orders")["Targets"]] == ["whole", "detail", "shaped"]
    put = events.put_events(Entries=[
        {"Source": "orders", "DetailType": "Order Placed", "Detail": json.dumps({"amount": 250}), "Resources": ["r1"]},
        {"Source": "orders", "DetailType": "Order Placed", "Detail": json.dumps({"amount": 5})},
        {"Source": "other", "DetailType": "x", "Detail": "{}"},
    ])
    assert put["FailedEntryCount"] == 0 and all("EventId" in e for e in put["Entries"])
    got = wait_for(lambda: (lambda r: r if len(r) >= 3 else None)(received(ddb)))
    whole = next(e for e in got if "version" in e)
    assert list(whole.keys()) == ENVELOPE_KEYS
    assert whole["detail-type"] == "Order Placed" and whole["source"] == "orders" and whole["resources"] == ["r1"]
    assert whole["account"] == "000000000000" and whole["region"] == "us-east-1" and whole["version"] == "0"
    assert whole["id"] == put["Entries"][0]["EventId"]
    assert {"amount": 250} in got
    assert {"total": 250, "from": "orders"} in got
    assert len(got) == 3  # the unmatched events went nowhere


def test_errors(events):
    assert error_of(events.describe_rule, Name="missing") == (
        "ResourceNotFoundException", "Rule missing does not exist on EventBus default.")
    code, message = error_of(events.put_rule, Name="bad", EventPattern='{"source": "not-a-list"}')
    assert code == "InvalidEventPatternException" and message.startswith("Event pattern is not valid. Reason: ")
    for expression in ["rate(1 minutes)", "rate(0 minutes)", "cron(0 12 * * * *)", "every day"]:
        assert error_of(events.put_rule, Name="bad", ScheduleExpression=expression) == (
            "ValidationException", "Parameter ScheduleExpression is not valid.")
    events.put_rule(Name="has-target", ScheduleExpression="rate(5 minutes)")
    events.put_targets(Rule="has-target", Targets=[{"Id": "t", "Arn": "arn:aws:lambda:us-east-1:000000000000:function:x"}])
    assert error_of(events.delete_rule, Name="has-target") == (
        "ValidationException", "Rule can't be deleted since it has targets.")
    events.remove_targets(Rule="has-target", Ids=["t"])
    events.delete_rule(Name="has-target")
    out = events.put_events(Entries=[{"Source": "s", "DetailType": "d", "Detail": "not json"},
                                     {"DetailType": "d", "Detail": "{}"}])
    assert out["FailedEntryCount"] == 2
    assert out["Entries"][0] == {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
    assert out["Entries"][1] == {"ErrorCode": "InvalidArgument",
                                 "ErrorMessage": "Parameter Source is not valid. Reason: Source is a required argument."}
    assert events.test_event_pattern(EventPattern='{"source": ["a"]}', Event=json.dumps(
        {"id": "1", "source": "a", "detail-type": "x", "account": "000000000000", "time": "2024-01-01T00:00:00Z",
         "region": "us-east-1", "resources": [], "detail": {}}))["Result"] is True


def test_schedules_fire_scheduled_events(bunker, events, sink, aws):
    ddb, fn = sink
    arn = events.put_rule(Name="nightly", ScheduleExpression="cron(0 3 * * ? *)")["RuleArn"]
    aws.run("events", "put-rule", "--name", "every-minute", "--schedule-expression", "rate(1 minute)")
    rules = {r["Name"]: r for r in aws.json("events", "list-rules")["Rules"]}
    assert rules["every-minute"]["ScheduleExpression"] == "rate(1 minute)"
    events.put_targets(Rule="nightly", Targets=[{"Id": "fn", "Arn": fn, "Input": '{"job": "nightly"}'},
                                               {"Id": "raw", "Arn": fn}])
    before = len(received(ddb))
    req = urllib.request.Request(f"{bunker.endpoint}/_bunker/events/rules/nightly/trigger", method="POST", data=b"")
    with urllib.request.urlopen(req, timeout=10) as r:
        assert json.loads(r.read()) == {"targets": 2}
    got = wait_for(lambda: (lambda r: r if len(r) >= before + 2 else None)(received(ddb)))
    assert {"job": "nightly"} in got
    scheduled = next(e for e in got if e.get("detail-type") == "Scheduled Event")
    assert scheduled["source"] == "aws.events" and scheduled["resources"] == [arn] and scheduled["detail"] == {}
    events.disable_rule(Name="nightly")
    assert events.describe_rule(Name="nightly")["State"] == "DISABLED"


def test_enabling_a_schedule_wakes_the_scheduler(events, sink):
    """With no enabled schedule the scheduler sleeps; enabling a cron rule wakes it, and the
    rule fires by itself at the start of the next minute (so this waits up to a minute)."""
    ddb, fn = sink
    for r in events.list_rules()["Rules"]:
        if r.get("ScheduleExpression") and r["State"] == "ENABLED":
            events.disable_rule(Name=r["Name"])
    arn = events.put_rule(Name="wakes-up", ScheduleExpression="cron(* * * * ? *)", State="DISABLED")["RuleArn"]
    events.put_targets(Rule="wakes-up", Targets=[{"Id": "fn", "Arn": fn, "Input": '{"job": "woken"}'}])
    assert {"job": "woken"} not in received(ddb)
    events.enable_rule(Name="wakes-up")
    assert wait_for(lambda: {"job": "woken"} in received(ddb), timeout=75, interval=0.5)
    events.remove_targets(Rule="wakes-up", Ids=["fn"])
    events.delete_rule(Name="wakes-up")


def test_targets_need_the_functions_permission(bunker, events, sink, client):
    """EventBridge accepts a target whose function does not let it invoke (PutTargets
    succeeds, as on AWS), but no invocation is delivered; a permission for the rule's ARN
    makes it deliver."""
    _, fn = sink
    lam = client("lambda")
    lam.remove_permission(FunctionName="event-sink", StatementId="events")
    try:
        events.put_rule(Name="unpermitted", ScheduleExpression="rate(1 hour)")
        assert events.put_targets(Rule="unpermitted", Targets=[{"Id": "fn", "Arn": fn}])["FailedEntryCount"] == 0

        def trigger():
            req = urllib.request.Request(f"{bunker.endpoint}/_bunker/events/rules/unpermitted/trigger",
                                         method="POST", data=b"")
            with urllib.request.urlopen(req, timeout=10) as r:
                return json.loads(r.read())["targets"]

        assert trigger() == 0
        lam.add_permission(FunctionName="event-sink", StatementId="unpermitted", Action="lambda:InvokeFunction",
                           Principal="events.amazonaws.com",
                           SourceArn="arn:aws:events:us-east-1:000000000000:rule/unpermitted")
        assert trigger() == 1
    finally:
        lam.add_permission(FunctionName="event-sink", StatementId="events", Action="lambda:InvokeFunction",
                           Principal="events.amazonaws.com", SourceArn="arn:aws:events:us-east-1:000000000000:rule/*")


def has_bus_settings(events):
    """Descriptions and UpdateEventBus came to the API in 2024: older SDKs cannot send them."""
    return "Description" in events.meta.service_model.operation_model("CreateEventBus").input_shape.members


def test_custom_event_buses(events, sink, aws):
    ddb, fn = sink
    described = has_bus_settings(events)
    created = events.create_event_bus(Name="shop", **({"Description": "shop events"} if described else {}))
    arn = created["EventBusArn"]
    assert arn == "arn:aws:events:us-east-1:000000000000:event-bus/shop"
    assert created.get("Description") == ("shop events" if described else None)
    for name in ("shop", "default"):
        assert error_of(events.create_event_bus, Name=name) == (
            "ResourceAlreadyExistsException", f"Event bus {name} already exists.")
    assert error_of(events.create_event_bus, Name="bad name") == (
        "ValidationException", "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+")
    d = events.describe_event_bus(Name=arn)
    assert (d["Name"], d["Arn"]) == ("shop", arn) and d.get("Description") == created.get("Description")
    if described:
        assert d["CreationTime"] == d["LastModifiedTime"]
    assert events.describe_event_bus()["Arn"] == "arn:aws:events:us-east-1:000000000000:event-bus/default"
    assert error_of(events.describe_event_bus, Name="missing") == (
        "ResourceNotFoundException", "Event bus missing does not exist.")
    aws.run("events", "create-event-bus", "--name", "shop-audit")
    assert [b["Name"] for b in aws.json("events", "list-event-buses")["EventBuses"]] == ["default", "shop", "shop-audit"]
    assert [b["Name"] for b in events.list_event_buses(NamePrefix="shop")["EventBuses"]] == ["shop", "shop-audit"]
    first = events.list_event_buses(Limit=2)
    rest = events.list_event_buses(Limit=2, NextToken=first["NextToken"])
    assert [b["Name"] for b in first["EventBuses"] + rest["EventBuses"]] == ["default", "shop", "shop-audit"]
    assert "NextToken" not in rest
    if described:
        assert events.update_event_bus(Name="shop-audit", Description="audit")["Description"] == "audit"
        assert events.describe_event_bus(Name="shop-audit")["Description"] == "audit"

    # Rules live on their bus: events sent to another bus do not reach them.
    pattern = {"source": ["shop"], "detail": {"total": [{"numeric": [">", 100]}]}}
    rule = events.put_rule(Name="big-orders", EventBusName="shop", EventPattern=json.dumps(pattern))["RuleArn"]
    assert rule == "arn:aws:events:us-east-1:000000000000:rule/shop/big-orders"
    assert error_of(events.put_rule, Name="r", EventBusName="missing", EventPattern=json.dumps(pattern)) == (
        "ResourceNotFoundException", "Event bus missing does not exist.")
    events.put_targets(Rule="big-orders", EventBusName=arn, Targets=[{"Id": "fn", "Arn": fn, "InputPath": "$.detail"}])
    assert [r["Name"] for r in events.list_rules(EventBusName="shop")["Rules"]] == ["big-orders"]
    assert all(r["EventBusName"] == "default" for r in events.list_rules()["Rules"])
    out = events.put_events(Entries=[
        {"Source": "shop", "DetailType": "order", "Detail": json.dumps({"total": 150, "via": "bus-arn"}), "EventBusName": arn},
        {"Source": "shop", "DetailType": "order", "Detail": json.dumps({"total": 200, "via": "bus-name"}), "EventBusName": "shop"},
        {"Source": "shop", "DetailType": "order", "Detail": json.dumps({"total": 5, "via": "too-small"}), "EventBusName": "shop"},
        {"Source": "shop", "DetailType": "order", "Detail": json.dumps({"total": 500, "via": "default-bus"})},
        # As EventBridge does: an event for a bus that does not exist is accepted, then dropped.
        {"Source": "shop", "DetailType": "order", "Detail": json.dumps({"total": 900, "via": "no-bus"}), "EventBusName": "nope"},
    ])
    assert out["FailedEntryCount"] == 0 and all("EventId" in e for e in out["Entries"])
    wait_for(lambda: {"total": 200, "via": "bus-name"} in received(ddb) and {"total": 150, "via": "bus-arn"} in received(ddb))
    vias = {e.get("via") for e in received(ddb)}
    assert not vias & {"too-small", "default-bus", "no-bus"}

    assert error_of(events.delete_event_bus, Name="shop") == (
        "ValidationException", "EventBus can't be deleted since it has rules.")
    assert error_of(events.delete_event_bus, Name="default") == ("ValidationException", "Cannot delete event bus default.")
    events.remove_targets(Rule="big-orders", EventBusName="shop", Ids=["fn"])
    events.delete_rule(Name="big-orders", EventBusName="shop")
    events.delete_event_bus(Name="shop")
    events.delete_event_bus(Name="shop")  # deleting a missing bus succeeds
    assert error_of(events.describe_event_bus, Name="shop") == ("ResourceNotFoundException", "Event bus shop does not exist.")


def test_s3_sends_object_events_to_the_default_bus(events, sink, client):
    """A bucket whose notification configuration turns EventBridge on sends every object
    event to the default bus, in S3's EventBridge form; rules there pick what they want."""
    ddb, fn = sink
    s3 = client("s3")
    s3.create_bucket(Bucket="eb-bucket")
    s3.put_bucket_notification_configuration(Bucket="eb-bucket", NotificationConfiguration={"EventBridgeConfiguration": {}})
    assert "EventBridgeConfiguration" in s3.get_bucket_notification_configuration(Bucket="eb-bucket")
    pattern = {"source": ["aws.s3"], "detail-type": ["Object Created", "Object Deleted"],
               "detail": {"bucket": {"name": ["eb-bucket"]}}}
    events.put_rule(Name="s3-objects", EventPattern=json.dumps(pattern))
    events.put_targets(Rule="s3-objects", Targets=[{"Id": "fn", "Arn": fn}])
    put = s3.put_object(Bucket="eb-bucket", Key="photos/cat one.jpg", Body=b"hello")
    s3.delete_object(Bucket="eb-bucket", Key="photos/cat one.jpg")

    def s3_events():
        got = [e for e in received(ddb) if e.get("source") == "aws.s3"]
        return got if len(got) >= 2 else None
    got = {e["detail-type"]: e for e in wait_for(s3_events)}
    created, deleted = got["Object Created"], got["Object Deleted"]
    assert list(created.keys()) == ENVELOPE_KEYS
    assert created["resources"] == ["arn:aws:s3:::eb-bucket"] and created["account"] == "000000000000"
    d = created["detail"]
    assert d["version"] == "0" and d["bucket"] == {"name": "eb-bucket"} and d["reason"] == "PutObject"
    assert d["object"]["key"] == "photos/cat one.jpg" and d["object"]["size"] == 5
    assert d["object"]["etag"] == put["ETag"].strip('"') and d["object"]["sequencer"]
    assert d["request-id"] and d["source-ip-address"] == "127.0.0.1" and d["requester"] == "000000000000"
    d = deleted["detail"]
    assert d["reason"] == "DeleteObject" and d["deletion-type"] == "Permanently Deleted"
    assert d["object"]["key"] == "photos/cat one.jpg" and "size" not in d["object"]
    assert d["object"]["sequencer"] > created["detail"]["object"]["sequencer"]
    # A lifecycle expiration is an "Object Deleted" event too, with its own reason.
    s3.put_object(Bucket="eb-bucket", Key="old/report.csv", Body=b"x")
    s3.put_bucket_lifecycle_configuration(Bucket="eb-bucket", LifecycleConfiguration={"Rules": [
        {"ID": "expire-old", "Status": "Enabled", "Filter": {"Prefix": "old/"}, "Expiration": {"Days": 1}}]})

    def expired():
        return [e for e in received(ddb) if e.get("source") == "aws.s3" and e["detail"]["reason"] == "Lifecycle Expiration"]
    gone = wait_for(expired)[0]
    assert gone["detail-type"] == "Object Deleted" and gone["detail"]["object"]["key"] == "old/report.csv"
    assert gone["detail"]["deletion-type"] == "Permanently Deleted" and gone["detail"]["requester"] == "s3.amazonaws.com"
    events.remove_targets(Rule="s3-objects", Ids=["fn"])
    events.delete_rule(Name="s3-objects")


def test_rules_forward_to_other_buses(events, sink):
    """An event bus is a target too: the event goes on unchanged to that bus's rules."""
    ddb, fn = sink
    audit = events.create_event_bus(Name="audit")["EventBusArn"]
    events.put_rule(Name="to-audit", EventPattern='{"source": ["billing"]}')
    events.put_targets(Rule="to-audit", Targets=[{"Id": "bus", "Arn": audit}])
    events.put_rule(Name="audit-log", EventBusName="audit", EventPattern='{"source": ["billing"]}')
    events.put_targets(Rule="audit-log", EventBusName="audit", Targets=[{"Id": "fn", "Arn": fn}])
    out = events.put_events(Entries=[{"Source": "billing", "DetailType": "Invoice", "Detail": '{"invoice": "forwarded"}'}])
    assert out["FailedEntryCount"] == 0
    got = wait_for(lambda: [e for e in received(ddb) if e.get("detail") == {"invoice": "forwarded"}])
    assert len(got) == 1 and got[0]["detail-type"] == "Invoice" and got[0]["source"] == "billing"
    assert list(got[0].keys()) == ENVELOPE_KEYS


def test_tags_of_rules_and_buses(events):
    rule = events.put_rule(Name="tagged", EventPattern='{"source": ["t"]}', Tags=[{"Key": "team", "Value": "a"}])["RuleArn"]
    bus = events.create_event_bus(Name="tagged-bus", Tags=[{"Key": "env", "Value": "dev"}])["EventBusArn"]
    default = events.describe_event_bus()["Arn"]
    assert events.list_tags_for_resource(ResourceARN=rule)["Tags"] == [{"Key": "team", "Value": "a"}]
    assert events.list_tags_for_resource(ResourceARN=bus)["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert events.list_tags_for_resource(ResourceARN=default)["Tags"] == []
    events.tag_resource(ResourceARN=rule, Tags=[{"Key": "team", "Value": "b"}, {"Key": "cost", "Value": "1"}])
    assert events.list_tags_for_resource(ResourceARN=rule)["Tags"] == [{"Key": "team", "Value": "b"}, {"Key": "cost", "Value": "1"}]
    events.untag_resource(ResourceARN=rule, TagKeys=["team"])
    assert events.list_tags_for_resource(ResourceARN=rule)["Tags"] == [{"Key": "cost", "Value": "1"}]
    events.tag_resource(ResourceARN=default, Tags=[{"Key": "k", "Value": "v"}])
    assert events.list_tags_for_resource(ResourceARN=default)["Tags"] == [{"Key": "k", "Value": "v"}]
    assert error_of(events.list_tags_for_resource, ResourceARN=rule.replace("tagged", "untagged")) == (
        "ResourceNotFoundException", "Rule untagged does not exist on EventBus default.")
    assert error_of(events.tag_resource, ResourceARN=bus.replace("tagged-bus", "nobus"), Tags=[]) == (
        "ResourceNotFoundException", "Event bus nobus does not exist.")


def test_rules_survive_restart(bunker, events, client):
    events.put_rule(Name="durable-rule", EventPattern='{"source": ["x"]}', Description="kept")
    events.create_event_bus(Name="durable-bus", **({"Description": "kept too"} if has_bus_settings(events) else {}))
    rule = events.put_rule(Name="on-durable-bus", EventBusName="durable-bus", EventPattern='{"source": ["y"]}',
                           Tags=[{"Key": "kept", "Value": "yes"}])["RuleArn"]
    bunker.restart()
    events = client("events")
    d = events.describe_rule(Name="durable-rule")
    assert d["Description"] == "kept" and d["State"] == "ENABLED"
    assert events.describe_event_bus(Name="durable-bus").get("Description", "kept too") == "kept too"
    assert events.describe_rule(Name="on-durable-bus", EventBusName="durable-bus")["EventBusName"] == "durable-bus"
    assert events.list_tags_for_resource(ResourceARN=rule)["Tags"] == [{"Key": "kept", "Value": "yes"}]
