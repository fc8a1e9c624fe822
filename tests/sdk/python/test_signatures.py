"""--verify-signatures: correctly signed requests pass the front door for every service,
tampered, unknown-key, expired and anonymous ones get each service's own AWS error."""
import json
import time
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

KEY, SECRET = "AKIAVERIFYTEST", "verify-secret"
BUNKER_ARGS = ["--verify-signatures", "--credentials", f"{KEY}:{SECRET}"]

AUTH_CODES = {
    "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidSignatureException", "UnrecognizedClientException",
    "MissingAuthenticationTokenException", "AccessDenied", "IncompleteSignatureException", "RequestTimeTooSkewed",
}


def signed_client(bunker, service, key=KEY, secret=SECRET):
    return boto3.client(service, endpoint_url=bunker.endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


# One call per service that fails for a reason other than authentication once past the door.
CALLS = {
    "dynamodb": lambda c: c.describe_table(TableName="no-such-table"),
    "s3": lambda c: c.list_objects_v2(Bucket="no-such-bucket"),
    "lambda": lambda c: c.get_function(FunctionName="no-such-function"),
    "apigateway": lambda c: c.get_rest_api(restApiId="nosuchapi"),
}

EXPECTED_MISMATCH = {
    "dynamodb": ("InvalidSignatureException", 400),
    "s3": ("SignatureDoesNotMatch", 403),
    "lambda": ("InvalidSignatureException", 403),
    "apigateway": ("InvalidSignatureException", 403),
}
EXPECTED_UNKNOWN_KEY = {
    "dynamodb": ("UnrecognizedClientException", 400),
    "s3": ("InvalidAccessKeyId", 403),
    "lambda": ("UnrecognizedClientException", 403),
    "apigateway": ("UnrecognizedClientException", 403),
}


def error_of(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.mark.parametrize("service", sorted(CALLS))
def test_correct_signature_passes(bunker, service):
    code, _ = error_of(lambda: CALLS[service](signed_client(bunker, service)))
    assert code not in AUTH_CODES


@pytest.mark.parametrize("service", sorted(CALLS))
def test_wrong_secret_is_a_signature_mismatch(bunker, service):
    code, status = error_of(lambda: CALLS[service](signed_client(bunker, service, secret="wrong")))
    assert (code, status) == EXPECTED_MISMATCH[service]


@pytest.mark.parametrize("service", sorted(CALLS))
def test_unknown_access_key(bunker, service):
    code, status = error_of(lambda: CALLS[service](signed_client(bunker, service, key="AKIANOBODY")))
    assert (code, status) == EXPECTED_UNKNOWN_KEY[service]


def send(request):
    body = request.body.encode() if isinstance(request.body, str) else request.body
    req = urllib.request.Request(request.url, data=body, method=request.method, headers=dict(request.headers))
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_tampered_json_body_is_rejected(bunker):
    body = json.dumps({"TableName": "a"})
    req = AWSRequest("POST", bunker.endpoint + "/", data=body, headers={
        "X-Amz-Target": "DynamoDB_20120810.DescribeTable", "Content-Type": "application/x-amz-json-1.0"})
    SigV4Auth(Credentials(KEY, SECRET), "dynamodb", "us-east-1").add_auth(req)
    status, _, out = send(req)
    assert status == 400 and b"InvalidSignatureException" not in out  # untampered: past the door

    req.data = json.dumps({"TableName": "b"})
    prepared = req.prepare()
    status, _, out = send(prepared)
    assert status == 400
    assert json.loads(out)["__type"].endswith("#InvalidSignatureException")


def test_tampered_header_is_rejected(bunker):
    req = AWSRequest("GET", bunker.endpoint + "/2015-03-31/functions/f1", headers={"X-Custom": "one"})
    SigV4Auth(Credentials(KEY, SECRET), "lambda", "us-east-1").add_auth(req)
    req.headers["X-Amz-Date"] = req.headers["X-Amz-Date"][:-3] + "00Z" if not req.headers["X-Amz-Date"].endswith("00Z") \
        else req.headers["X-Amz-Date"][:-3] + "01Z"
    status, headers, _ = send(req.prepare())
    assert status == 403
    assert headers.get("x-amzn-ErrorType") == "InvalidSignatureException"


@pytest.mark.parametrize("version", ["default", "s3v4"])
def test_presigned_urls(bunker, version):
    # boto3's default presigned URL is SigV2 (AWSAccessKeyId/Signature/Expires); s3v4 is SigV4.
    config = Config(signature_version="s3v4") if version == "s3v4" else None
    s3 = boto3.client("s3", endpoint_url=bunker.endpoint, region_name="us-east-1", aws_access_key_id=KEY,
                      aws_secret_access_key=SECRET, config=config)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, ExpiresIn=60)
    status, _, out = send(AWSRequest("GET", url))
    assert b"SignatureDoesNotMatch" not in out and b"AccessDenied" not in out

    tampered = url.replace("/b/k?", "/b/other?")
    status, _, out = send(AWSRequest("GET", tampered))
    assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in out

    short = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, ExpiresIn=1)
    time.sleep(2.1)
    status, _, out = send(AWSRequest("GET", short))
    assert status == 403
    assert b"<Code>AccessDenied</Code>" in out and b"Request has expired" in out


def test_anonymous_requests_are_refused(bunker):
    status, _, out = send(AWSRequest("GET", bunker.endpoint + "/bucket/key"))
    assert status == 403 and b"<Code>AccessDenied</Code>" in out
    req = AWSRequest("POST", bunker.endpoint + "/", data="{}", headers={
        "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"})
    status, _, out = send(req)
    assert status == 400 and b"MissingAuthenticationTokenException" in out


def test_health_needs_no_signature(bunker):
    assert bunker.health()["status"] == "running"
