# A DynamoDB-stream consumer for the event source mapping tests: every record it is
# given is counted in the SINK table under its sequence number (with the record itself
# and the size of its batch), so a test can see what was delivered, in which batches and
# how many times. Records whose new image has fail=true make the invocation fail (MODE
# "raise") or be reported as failed items (MODE "report").
import json
import os

import boto3

ddb = boto3.client("dynamodb")


def handler(event, context):
    records = event["Records"]
    for i, r in enumerate(records):
        ddb.update_item(
            TableName=os.environ["SINK"],
            Key={"seq": {"S": r["dynamodb"]["SequenceNumber"]}},
            UpdateExpression="ADD deliveries :one SET body = :body, batch_size = :n, first_in_batch = :first",
            ExpressionAttributeValues={":one": {"N": "1"}, ":body": {"S": json.dumps(r)},
                                       ":n": {"N": str(len(records))},
                                       ":first": {"S": records[0]["dynamodb"]["SequenceNumber"]}},
        )
    failing = [r for r in records if r["dynamodb"].get("NewImage", {}).get("fail", {}).get("BOOL")]
    mode = os.environ.get("MODE", "")
    if failing and mode == "raise":
        raise Exception("poison record")
    if failing and mode == "report":
        return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in failing]}
    return {"batchItemFailures": []}
