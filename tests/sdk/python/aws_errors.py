"""What a failing call answered: boto3's error response, and plain HTTP for requests an SDK
would not send as they are."""
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError


def error_response(call, *args, **kwargs):
    """The error response (boto3's dict) of the ClientError the call raises."""
    with pytest.raises(ClientError) as e:
        call(*args, **kwargs)
    return e.value.response


def error_of(call, *args, **kwargs):
    """(code, message) of the ClientError the call raises."""
    err = error_response(call, *args, **kwargs)["Error"]
    return err["Code"], err.get("Message")


def http(bunker, method, path, body=None, headers=None):
    """(status, headers, body) of a raw request to the server."""
    req = urllib.request.Request(bunker.endpoint + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
