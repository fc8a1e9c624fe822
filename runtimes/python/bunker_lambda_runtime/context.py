"""The context object a Python handler receives, with AWS's attribute names."""
import json
import logging
import os
import sys
import time


class CognitoIdentity:
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])" % (
            self.cognito_identity_id, self.cognito_identity_pool_id)


class Client:
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")


class ClientContext:
    __slots__ = ("custom", "env", "client")


def _make_identity(text):
    identity = CognitoIdentity()
    data = _parse(text) or {}
    identity.cognito_identity_id = data.get("cognitoIdentityId")
    identity.cognito_identity_pool_id = data.get("cognitoIdentityPoolId")
    return identity


def _make_client_context(text):
    data = _parse(text)
    if data is None:
        return None
    context = ClientContext()
    context.custom = data.get("custom")
    context.env = data.get("env")
    client_data = data.get("client")
    context.client = None
    if client_data is not None:
        client = Client()
        client.installation_id = client_data.get("installation_id")
        client.app_title = client_data.get("app_title")
        client.app_version_name = client_data.get("app_version_name")
        client.app_version_code = client_data.get("app_version_code")
        client.app_package_name = client_data.get("app_package_name")
        context.client = client
    return context


def _parse(text):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


class LambdaContext:
    def __init__(self, invocation):
        self.aws_request_id = invocation.request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invocation.invoked_function_arn
        self.identity = _make_identity(invocation.cognito_identity)
        self.client_context = _make_client_context(invocation.client_context)
        self._deadline_ms = invocation.deadline_ms

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline_ms - time.time() * 1000), 0)

    def log(self, msg):
        sys.stdout.write(str(msg))
        sys.stdout.flush()

    def __repr__(self):
        return ("LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,"
                "memory_limit_in_mb=%s,function_version=%s,invoked_function_arn=%s,client_context=%s,identity=%s])"
                % (self.aws_request_id, self.log_group_name, self.log_stream_name, self.function_name,
                   self.memory_limit_in_mb, self.function_version, self.invoked_function_arn,
                   self.client_context, self.identity))
