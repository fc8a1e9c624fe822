# Python handlers for the real-client tests.
import logging
import os
import time

logger = logging.getLogger()
logger.setLevel(logging.INFO)
invocations = 0


def echo(event, context):
    global invocations
    invocations += 1
    print("event", event)
    logger.info("info line")
    return {
        "event": event,
        "invocations": invocations,
        "pid": os.getpid(),
        "request_id": context.aws_request_id,
        "arn": context.invoked_function_arn,
        "memory": context.memory_limit_in_mb,
        "remaining": context.get_remaining_time_in_millis(),
        "custom": os.environ.get("CUSTOM_VAR"),
    }


def fail(event, context):
    raise Exception("Handler fails")


def sleep(event, context):
    time.sleep(event["seconds"])
    return "done"


def put_item(event, context):
    import boto3

    boto3.client("dynamodb").put_item(
        TableName=event["table"], Item={"id": {"S": event["id"]}, "via": {"S": "boto3"}})
    return {"written": event["id"]}


def layer(event, context):
    import layered_module

    return layered_module.VALUE
