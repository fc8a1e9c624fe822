"""The AWS Lambda zombie workshop's chat API: its 29 API Gateway calls replayed with
boto3 exactly as the workshop makes them (tests/data/apigateway/workshop_calls.json),
then the deployed API used as the workshop's web page and Twilio use it: the CORS
preflight of the browser, message POST/GET through non-proxy Lambda integrations with
the workshop's mapping templates, and the Twilio form post answered as TwiML XML."""
import json
import os
import urllib.parse

import pytest

from apigateway_support import call
from bunker_process import ROOT
from conftest import make_client
from lambda_support import ROLE, zip_entries

DATA = os.path.join(ROOT, "tests", "data", "apigateway")
SIGNED = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, "
                           "SignedHeaders=host;x-amz-date, Signature=abc", "X-Amz-Date": "20240101T000000Z"}

# The workshop's two message functions, reduced to their DynamoDB calls: the writer stores
# a message and answers null (context.succeed()), the reader answers the Scan result.
FUNCTIONS = """
'use strict';
const { DynamoDBClient, PutItemCommand, ScanCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});
let seq = 0;
exports.write = async (event) => {
  await db.send(new PutItemCommand({ TableName: 'messages', Item: {
    channel: { S: event.channel }, timestamp: { N: String(Date.now() * 1000 + (seq++ % 1000)) },
    name: { S: event.name }, message: { S: event.message } } }));
  return null;
};
exports.read = async () => {
  const r = await db.send(new ScanCommand({ TableName: 'messages' }));
  return { Items: r.Items, Count: r.Count, ScannedCount: r.ScannedCount };
};
"""


@pytest.fixture(scope="module")
def replayed(client, bunker):
    """Creates the workshop's Lambda functions, then replays the 29 calls in order."""
    apigw = client("apigateway")
    client("dynamodb").create_table(
        TableName="messages", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "channel", "KeyType": "HASH"}, {"AttributeName": "timestamp", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "channel", "AttributeType": "S"},
                              {"AttributeName": "timestamp", "AttributeType": "N"}])
    lam = make_client(bunker, "lambda", read_timeout=70)
    code = zip_entries({"index.js": FUNCTIONS})
    names = {"Get": "zombiestack-z0mb1es-GetMessagesFromDynamoDB-us-east-1",
             "Write": "zombiestack-z0mb1es-WriteMessagesToDynamoDB-us-east-1"}
    lam.create_function(FunctionName=names["Get"], Runtime="nodejs20.x", Role=ROLE, Handler="index.read",
                        Code={"ZipFile": code})
    lam.create_function(FunctionName=names["Write"], Runtime="nodejs20.x", Role=ROLE, Handler="index.write",
                        Code={"ZipFile": code})
    with open(os.path.join(DATA, "workshop_calls.json")) as f:
        calls = json.load(f)["calls"]
    ids = {}
    statuses = []

    def substitute(value):
        if isinstance(value, str):
            for k, v in ids.items():
                value = value.replace("{" + k + "}", v)
            # The workshop ran in account 123456789012; here its functions live in Bunker's.
            return value.replace(":123456789012:function:", ":000000000000:function:")
        if isinstance(value, dict):
            return {k: substitute(v) for k, v in value.items()}
        return value

    for c in calls:
        params = {k: substitute(v) for k, v in c["params"].items() if v is not None}
        result = getattr(apigw, c["call"])(**params)
        statuses.append((c["call"], result["ResponseMetadata"]["HTTPStatusCode"]))
        if c["call"] == "create_rest_api":
            ids["api"] = result["id"]
        elif c["call"] == "get_resources":
            ids["root"] = result["items"][0]["id"]
        elif c["call"] == "create_resource":
            ids[c["save_id_as"]] = result["id"]
    return apigw, ids, statuses


def test_all_29_calls_succeed(replayed):
    _, ids, statuses = replayed
    assert len(statuses) == 29
    for name, status in statuses:
        assert status == (200 if name.startswith("get_") else 201), name


def test_the_api_as_defined(replayed):
    apigw, ids, _ = replayed
    paths = [r["path"] for r in apigw.get_resources(restApiId=ids["api"])["items"]]
    assert paths == ["/", "/zombie", "/zombie/message", "/zombie/talkers", "/zombie/twilio"]
    stage = apigw.get_stage(restApiId=ids["api"], stageName="ZombieWorkshopStage")
    assert stage["description"] == "ZombieWorkshopStage deployment"
    post = apigw.get_method(restApiId=ids["api"], resourceId=ids["message"], httpMethod="POST")
    assert post["authorizationType"] == "AWS_IAM" and post["methodIntegration"]["type"] == "AWS"


def test_browser_preflight_and_messages(replayed, bunker):
    apigw, ids, _ = replayed
    api = ids["api"]
    r = call(bunker, api, "ZombieWorkshopStage", "/zombie/message", method="OPTIONS",
             headers={"Origin": "http://localhost:8000", "Access-Control-Request-Method": "POST",
                      "Access-Control-Request-Headers": "authorization,content-type,x-amz-date"})
    assert r.status == 200 and r.headers["access-control-allow-origin"] == "*"
    assert r.headers["access-control-allow-methods"] == "GET,POST,OPTIONS"
    assert "X-Amz-Date" in r.headers["access-control-allow-headers"]
    assert r.json() == {"statusCode": 200}
    # The page signs its calls (AWS_IAM methods).
    assert call(bunker, api, "ZombieWorkshopStage", "/zombie/message").status == 403
    # (The workshop's response template writes messages into JSON strings unescaped, so
    # these avoid quotes.)
    for text in ("Hello survivors", "Second"):
        r = call(bunker, api, "ZombieWorkshopStage", "/zombie/message", method="POST", headers=SIGNED,
                 body={"message": text, "name": "Ann (ann@example.com)", "channel": "default"})
        assert r.status == 200 and r.headers["access-control-allow-origin"] == "*"
        assert r.json() == {"messages": []}
    r = call(bunker, api, "ZombieWorkshopStage", "/zombie/message", headers=SIGNED)
    assert r.status == 200 and r.headers["access-control-allow-origin"] == "*"
    messages = r.json()["messages"]
    assert [m["message"] for m in messages] == ["Second", "Hello survivors"]  # newest first
    assert {m["name"] for m in messages} == {"Ann (ann@example.com)"}
    stamps = [int(m["timestamp"]) for m in messages]
    assert stamps == sorted(stamps, reverse=True)


def test_twilio_form_post_answers_twiml(replayed, bunker):
    _, ids, _ = replayed
    form = urllib.parse.urlencode({"Body": "Zombies near the gate", "From": "+15555550100"})
    r = call(bunker, ids["api"], "ZombieWorkshopStage", "/zombie/twilio", method="POST", body=form,
             headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/xml"})
    assert r.status == 200 and r.headers["content-type"] == "application/xml"
    assert r.text.startswith('<?xml version="1.0" encoding="UTF-8"?><Response><Message><Body>')
    assert r.text.endswith("</Body></Message></Response>")
