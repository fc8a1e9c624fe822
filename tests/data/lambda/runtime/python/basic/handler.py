# Handlers exercising the Python programming model.
import decimal
import logging
import os
import sys

warm_counter = 0
logger = logging.getLogger()


def echo(event, context):
    global warm_counter
    warm_counter += 1
    return {
        "event": event,
        "counter": warm_counter,
        "ctx": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
            "identity_id": context.identity.cognito_identity_id,
            "client_custom": context.client_context.custom if context.client_context else None,
        },
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
    }


def fail(event, context):
    raise Exception("Handler fails")


def fail_custom(event, context):
    raise ValueError(event.get("msg", "bad value"))


def unserializable(event, context):
    return {1, 2}


def decimals(event, context):
    return {"int": decimal.Decimal("3"), "float": decimal.Decimal("1.5")}


def exits(event, context):
    sys.exit(0)


def logs(event, context):
    print("printed line")
    logger.warning("warned\nsecond line")
    logger.info("info is below the default level")
    return None


def botocore_endpoint(event, context):
    import boto3
    s3 = boto3.client("s3")
    ddb = boto3.client("dynamodb", endpoint_url="http://explicit.example:1234")
    return {
        "s3": s3.meta.endpoint_url,
        "addressing": (s3.meta.config.s3 or {}).get("addressing_style"),
        "explicit": ddb.meta.endpoint_url,
        "resource": boto3.resource("dynamodb").meta.client.meta.endpoint_url,
    }
