# Records every event it is invoked with in the SINK table (for the EventBridge tests).
import json
import os

import boto3

ddb = boto3.client("dynamodb")


def handler(event, context):
    ddb.put_item(TableName=os.environ["SINK"], Item={
        "pk": {"S": context.aws_request_id},
        "target": {"S": os.environ.get("TARGET", "")},
        "event": {"S": json.dumps(event)},
    })
    return {"ok": True}
