"""Presigned URLs (SigV4 and boto3's SigV2 default) for GET/PUT/HEAD/DELETE over plain
HTTP, with expiry enforced; browser POST uploads with a policy document built by
generate_presigned_post, its conditions, and success_action_status / redirect."""
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3
import pytest
from botocore.config import Config

BUCKET = "presign-bucket"


@pytest.fixture(scope="module")
def s3(client):
    c = client("s3")
    c.create_bucket(Bucket=BUCKET)
    return c


@pytest.fixture(scope="module")
def s3v4(bunker):
    return boto3.client("s3", endpoint_url=bunker.endpoint, region_name="us-east-1", aws_access_key_id="test",
                        aws_secret_access_key="test", config=Config(signature_version="s3v4"))


def fetch(url, method="GET", data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.mark.parametrize("signer", ["s3", "s3v4"])
def test_presigned_get_put_head_delete(request, s3, signer):
    c = request.getfixturevalue("s3v4") if signer == "s3v4" else s3
    put = c.generate_presigned_url("put_object", Params={"Bucket": BUCKET, "Key": f"p-{signer}"}, ExpiresIn=300)
    assert fetch(put, "PUT", b"presigned body")[0] == 200
    get = c.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": f"p-{signer}",
                                                         "ResponseContentType": "text/plain"}, ExpiresIn=300)
    status, headers, body = fetch(get)
    assert status == 200 and body == b"presigned body" and headers["Content-Type"] == "text/plain"
    head = c.generate_presigned_url("head_object", Params={"Bucket": BUCKET, "Key": f"p-{signer}"}, ExpiresIn=300)
    assert fetch(head, "HEAD")[0] == 200
    delete = c.generate_presigned_url("delete_object", Params={"Bucket": BUCKET, "Key": f"p-{signer}"}, ExpiresIn=300)
    assert fetch(delete, "DELETE")[0] == 204
    assert fetch(get)[0] == 404


def test_expired_urls_are_refused(s3, s3v4):
    s3.put_object(Bucket=BUCKET, Key="exp", Body=b"x")
    url = s3v4.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "exp"}, ExpiresIn=60)
    old = re.sub(r"X-Amz-Date=\d{8}T\d{6}Z", "X-Amz-Date=20200101T000000Z", url)
    status, _, body = fetch(old)
    assert status == 403 and b"<Code>AccessDenied</Code>" in body and b"<Message>Request has expired</Message>" in body
    status, _, body = fetch(re.sub(r"X-Amz-Expires=\d+", "X-Amz-Expires=604801", url))
    assert status == 400 and b"AuthorizationQueryParametersError" in body
    v2 = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "exp"}, ExpiresIn=60)
    if "Expires=" in v2 and "X-Amz-Expires" not in v2:
        status, _, body = fetch(re.sub(r"Expires=\d+", "Expires=1500000000", v2))
        assert status == 403 and b"Request has expired" in body


def multipart_form(fields, file_name, content, file_type="text/plain"):
    boundary = "----bunker" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
    out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n"
            f"Content-Type: {file_type}\r\n\r\n").encode() + content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_browser_post_upload(s3v4, s3):
    post = s3v4.generate_presigned_post(BUCKET, "uploads/${filename}",
                                        Fields={"Content-Type": "text/plain", "success_action_status": "201"},
                                        Conditions=[{"Content-Type": "text/plain"}, {"success_action_status": "201"},
                                                    ["content-length-range", 1, 1000]], ExpiresIn=300)
    body, headers = multipart_form(post["fields"], "hello.txt", b"hello from a browser form")
    status, h, text = fetch(post["url"], "POST", body, headers)
    assert status == 201, text
    assert b"<Key>uploads/hello.txt</Key>" in text and b"<Bucket>presign-bucket</Bucket>" in text
    g = s3.get_object(Bucket=BUCKET, Key="uploads/hello.txt")
    assert g["Body"].read() == b"hello from a browser form" and g["ContentType"] == "text/plain"
    assert h["ETag"] == g["ETag"]


def test_browser_post_policy_violations(s3v4):
    post = s3v4.generate_presigned_post(BUCKET, "fixed-key", Conditions=[["content-length-range", 1, 10]], ExpiresIn=300)
    body, headers = multipart_form(post["fields"], "f.txt", b"x" * 100)
    status, _, text = fetch(post["url"], "POST", body, headers)
    assert status == 400 and b"EntityTooLarge" in text
    fields = dict(post["fields"], key="other-key")
    body, headers = multipart_form(fields, "f.txt", b"x")
    status, _, text = fetch(post["url"], "POST", body, headers)
    assert status == 403 and b"Invalid according to Policy: Policy Condition failed" in text
    fields = dict(post["fields"], **{"x-amz-meta-extra": "1"})
    body, headers = multipart_form(fields, "f.txt", b"x")
    status, _, text = fetch(post["url"], "POST", body, headers)
    assert status == 403 and b"Extra input fields: x-amz-meta-extra" in text


def test_browser_post_redirect_and_default_status(s3v4, s3):
    post = s3v4.generate_presigned_post(BUCKET, "redir.txt",
                                        Fields={"success_action_redirect": "http://app.test/done"},
                                        Conditions=[{"success_action_redirect": "http://app.test/done"}])
    body, headers = multipart_form(post["fields"], "r.txt", b"r")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as e:
        opener.open(urllib.request.Request(post["url"], data=body, method="POST", headers=headers))
    assert e.value.code == 303
    loc = urllib.parse.urlparse(e.value.headers["Location"])
    q = urllib.parse.parse_qs(loc.query)
    assert loc.netloc == "app.test" and q["key"] == ["redir.txt"] and q["bucket"] == [BUCKET]
    post = s3v4.generate_presigned_post(BUCKET, "plain.txt")
    body, headers = multipart_form(post["fields"], "p.txt", b"p")
    assert fetch(post["url"], "POST", body, headers)[0] == 204
    assert s3.get_object(Bucket=BUCKET, Key="plain.txt")["Body"].read() == b"p"


def test_browser_post_acl_field(s3v4, s3):
    """A form's `acl` field is an ACL like x-amz-acl: refused where ACLs are disabled (the
    default), stored where the bucket takes ACLs."""
    def post_with_acl(bucket, key):
        post = s3v4.generate_presigned_post(bucket, key, Fields={"acl": "public-read"},
                                            Conditions=[{"acl": "public-read"}], ExpiresIn=300)
        body, headers = multipart_form(post["fields"], "f.txt", b"x")
        return fetch(post["url"], "POST", body, headers)
    status, _, text = post_with_acl(BUCKET, "acl-post")
    assert status == 400 and b"<Code>AccessControlListNotSupported</Code>" in text
    s3.create_bucket(Bucket="presign-acl-bucket", ObjectOwnership="ObjectWriter")
    s3.put_public_access_block(Bucket="presign-acl-bucket", PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    status, _, text = post_with_acl("presign-acl-bucket", "acl-post")
    assert status == 204, text
    grants = s3.get_object_acl(Bucket="presign-acl-bucket", Key="acl-post")["Grants"]
    assert {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
            "Permission": "READ"} in grants
