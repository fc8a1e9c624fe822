"""Static website hosting and CORS over plain HTTP: <bucket>.s3-website.localhost and the
/_bunker/s3-website/<bucket>/ path form, index and error documents, folder redirects,
RedirectAllRequestsTo, routing rules, x-amz-website-redirect-location, HTML errors; CORS
preflights and actual requests matched by S3's rules."""
import http.client

import pytest
from botocore.exceptions import ClientError

SITE = "site-bucket"


@pytest.fixture(scope="module")
def s3(client):
    c = client("s3")
    c.create_bucket(Bucket=SITE)
    for key, body, ctype in [("index.html", b"<h1>home</h1>", "text/html"), ("docs/index.html", b"docs home", "text/html"),
                             ("error.html", b"custom error page", "text/html"), ("app.js", b"console.log(1)", "text/javascript")]:
        c.put_object(Bucket=SITE, Key=key, Body=body, ContentType=ctype)
    c.put_object(Bucket=SITE, Key="moved.html", Body=b"", WebsiteRedirectLocation="/docs/")
    c.put_bucket_website(Bucket=SITE, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"},
        "RoutingRules": [{"Condition": {"KeyPrefixEquals": "old/"}, "Redirect": {"ReplaceKeyPrefixWith": "docs/"}},
                         {"Condition": {"HttpErrorCodeReturnedEquals": "404", "KeyPrefixEquals": "gone/"},
                          "Redirect": {"HostName": "example.com", "ReplaceKeyWith": "missing.html",
                                       "HttpRedirectCode": "302", "Protocol": "https"}}]})
    return c


def request(bunker, method, path, host=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", bunker.port, timeout=10)
    h = dict(headers or {})
    if host:
        h["Host"] = host
    conn.request(method, path, headers=h)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def site_host(bunker, bucket=SITE):
    return f"{bucket}.s3-website.localhost:{bunker.port}"


def test_config_round_trip(s3):
    w = s3.get_bucket_website(Bucket=SITE)
    assert w["IndexDocument"] == {"Suffix": "index.html"} and w["ErrorDocument"] == {"Key": "error.html"}
    assert w["RoutingRules"][0]["Redirect"]["ReplaceKeyPrefixWith"] == "docs/"
    with pytest.raises(ClientError) as e:
        s3.put_bucket_website(Bucket=SITE, WebsiteConfiguration={"ErrorDocument": {"Key": "e.html"}})
    assert e.value.response["Error"]["Code"] == "InvalidArgument"


def test_index_and_objects_by_host(bunker, s3):
    status, headers, body = request(bunker, "GET", "/", host=site_host(bunker))
    assert status == 200 and body == b"<h1>home</h1>" and headers["content-type"] == "text/html"
    status, _, body = request(bunker, "GET", "/docs/", host=site_host(bunker))
    assert status == 200 and body == b"docs home"
    status, headers, _ = request(bunker, "GET", "/docs", host=site_host(bunker))
    assert status == 302 and headers["location"] == "/docs/"
    status, headers, body = request(bunker, "HEAD", "/app.js", host=site_host(bunker))
    assert status == 200 and body == b"" and headers["content-length"] == "14"


def test_path_form(bunker, s3):
    status, _, body = request(bunker, "GET", f"/_bunker/s3-website/{SITE}/")
    assert status == 200 and body == b"<h1>home</h1>"
    status, headers, _ = request(bunker, "GET", f"/_bunker/s3-website/{SITE}/docs")
    assert status == 302 and headers["location"] == f"/_bunker/s3-website/{SITE}/docs/"
    status, _, body = request(bunker, "GET", f"/_bunker/s3-website/{SITE}/app.js")
    assert status == 200 and body == b"console.log(1)"


def test_error_document_and_redirects(bunker, s3):
    status, headers, body = request(bunker, "GET", "/nope.html", host=site_host(bunker))
    assert status == 404 and body == b"custom error page" and headers["content-type"] == "text/html"
    status, headers, _ = request(bunker, "GET", "/moved.html", host=site_host(bunker))
    assert status == 301 and headers["location"] == "/docs/"
    status, headers, _ = request(bunker, "GET", "/old/page.html", host=site_host(bunker))
    assert status == 301 and headers["location"] == f"http://{site_host(bunker)}/docs/page.html"
    status, headers, _ = request(bunker, "GET", "/gone/thing", host=site_host(bunker))
    assert status == 302 and headers["location"] == "https://example.com/missing.html"


def test_html_errors(bunker, s3):
    status, headers, body = request(bunker, "GET", "/", host=site_host(bunker, "no-such-site"))
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert b"<li>Code: NoSuchBucket</li>" in body and b"<li>BucketName: no-such-site</li>" in body
    s3.create_bucket(Bucket="plain-bucket")
    status, _, body = request(bunker, "GET", "/", host=site_host(bunker, "plain-bucket"))
    assert status == 404 and b"NoSuchWebsiteConfiguration" in body
    status, _, body = request(bunker, "PUT", "/x", host=site_host(bunker))
    assert status == 405 and b"MethodNotAllowed" in body
    s3.create_bucket(Bucket="no-error-doc")
    s3.put_bucket_website(Bucket="no-error-doc", WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    status, _, body = request(bunker, "GET", "/missing", host=site_host(bunker, "no-error-doc"))
    assert status == 404 and b"<li>Code: NoSuchKey</li>" in body and b"<h1>404 Not Found</h1>" in body
    status, _, body = request(bunker, "HEAD", "/missing", host=site_host(bunker, "no-error-doc"))
    assert status == 404 and body == b""


def test_redirect_all_requests(bunker, s3):
    s3.create_bucket(Bucket="redirect-site")
    s3.put_bucket_website(Bucket="redirect-site", WebsiteConfiguration={
        "RedirectAllRequestsTo": {"HostName": "www.example.org", "Protocol": "https"}})
    status, headers, _ = request(bunker, "GET", "/a/b.html", host=site_host(bunker, "redirect-site"))
    assert status == 301 and headers["location"] == "https://www.example.org/a/b.html"
    s3.delete_bucket_website(Bucket="redirect-site")
    with pytest.raises(ClientError) as e:
        s3.get_bucket_website(Bucket="redirect-site")
    assert e.value.response["Error"]["Code"] == "NoSuchWebsiteConfiguration"


CORS = {"CORSRules": [
    {"AllowedOrigins": ["https://*.example.com"], "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["x-amz-*", "Content-Type"],
     "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 600},
    {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}]}


def test_cors_configuration_round_trip(s3):
    s3.create_bucket(Bucket="cors-bucket")
    with pytest.raises(ClientError) as e:
        s3.get_bucket_cors(Bucket="cors-bucket")
    assert e.value.response["Error"]["Code"] == "NoSuchCORSConfiguration"
    s3.put_bucket_cors(Bucket="cors-bucket", CORSConfiguration=CORS)
    rules = s3.get_bucket_cors(Bucket="cors-bucket")["CORSRules"]
    assert rules[0]["AllowedOrigins"] == ["https://*.example.com"] and rules[0]["MaxAgeSeconds"] == 600
    with pytest.raises(ClientError) as e:
        s3.put_bucket_cors(Bucket="cors-bucket", CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["*"], "AllowedMethods": ["PATCH"]}]})
    assert e.value.response["Error"]["Code"] == "InvalidRequest"


def test_cors_preflight(bunker, s3):
    s3.create_bucket(Bucket="preflight-bucket")
    status, _, body = request(bunker, "OPTIONS", "/preflight-bucket/k",
                              headers={"Origin": "https://a.example.com", "Access-Control-Request-Method": "GET"})
    assert status == 403 and b"CORS is not enabled for this bucket." in body
    s3.put_bucket_cors(Bucket="preflight-bucket", CORSConfiguration=CORS)
    status, h, _ = request(bunker, "OPTIONS", "/preflight-bucket/k", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "X-Amz-Date, content-type"})
    assert status == 200
    assert h["access-control-allow-origin"] == "https://app.example.com"
    assert h["access-control-allow-methods"] == "GET, PUT"
    assert h["access-control-allow-headers"] == "x-amz-date, content-type"
    assert h["access-control-max-age"] == "600" and h["access-control-expose-headers"] == "ETag"
    assert "Origin" in h["vary"]
    # A header outside AllowedHeader: no rule matches.
    status, _, body = request(bunker, "OPTIONS", "/preflight-bucket/k", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization"})
    assert status == 403 and b"CORSResponse" in body
    # The wildcard rule allows GET from anywhere, and answers "*".
    status, h, _ = request(bunker, "OPTIONS", "/preflight-bucket/k",
                           headers={"Origin": "http://other.test", "Access-Control-Request-Method": "GET"})
    assert status == 200 and h["access-control-allow-origin"] == "*"
    status, _, _ = request(bunker, "OPTIONS", "/preflight-bucket/k",
                           headers={"Origin": "http://other.test", "Access-Control-Request-Method": "DELETE"})
    assert status == 403
    status, _, body = request(bunker, "OPTIONS", "/preflight-bucket/k", headers={"Access-Control-Request-Method": "GET"})
    assert status == 400


def test_cors_on_actual_requests(bunker, s3):
    s3.create_bucket(Bucket="actual-cors")
    s3.put_bucket_cors(Bucket="actual-cors", CORSConfiguration=CORS)
    s3.put_object(Bucket="actual-cors", Key="k", Body=b"v")
    status, h, body = request(bunker, "GET", "/actual-cors/k", headers={"Origin": "https://x.example.com"})
    assert status == 200 and body == b"v"
    assert h["access-control-allow-origin"] == "https://x.example.com" and h["access-control-expose-headers"] == "ETag"
    status, h, _ = request(bunker, "GET", "/actual-cors/k")
    assert "access-control-allow-origin" not in h
    status, h, _ = request(bunker, "GET", "/actual-cors/missing", headers={"Origin": "https://x.example.com"})
    assert status == 404 and h["access-control-allow-origin"] == "https://x.example.com"
    s3.delete_bucket_cors(Bucket="actual-cors")
    status, h, _ = request(bunker, "GET", "/actual-cors/k", headers={"Origin": "https://x.example.com"})
    assert "access-control-allow-origin" not in h
