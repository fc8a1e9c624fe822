"""EventBridge through boto3 and the AWS CLI: rules with event patterns and schedules,
Lambda targets (with Input, InputPath and InputTransformer), PutEvents and the event
envelope a function receives, scheduled events, validation errors, persistence."""
import json
import urllib.request

import pytest

from conftest import make_client
from dynamodb_helpers import create_table, error_of
from lambda_support import create_function, wait_for

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


def test_rules_survive_restart(bunker, events, client):
    events.put_rule(Name="durable-rule", EventPattern='{"source": ["x"]}', Description="kept")
    bunker.restart()
    d = client("events").describe_rule(Name="durable-rule")
    assert d["Description"] == "kept" and d["State"] == "ENABLED"
