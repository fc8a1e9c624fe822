"""API Gateway in front of Lambda: the exact REST proxy event (every field, checked through
a function that echoes it), the proxy response contract and its 502s, non-proxy Lambda
integrations with selection patterns on errorMessage, stage variables choosing an alias,
Lambda authorizers (TOKEN and REQUEST, policies, caching), binary media types, and HTTP
APIs (quick create, payload 2.0 and 1.0 events, response shortcuts, CORS, simple
authorizer responses); and the invoke permission AWS requires (a function policy for
apigateway.amazonaws.com or credentials on the integration / authorizer), whose absence
is API Gateway's 500."""
import base64
import json
import os
import re

import pytest

from apigateway_support import call, new_api, resource
from bunker_process import ROOT
from conftest import make_client
from lambda_support import ROLE, zip_entries

DATA = os.path.join(ROOT, "tests", "data", "apigateway")
ACCOUNT = "000000000000"
REGION = "us-east-1"
ROLE_FOR_APIGW = "arn:aws:iam::000000000000:role/apigateway-invoke"


def lambda_uri(function_arn):
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


@pytest.fixture(scope="module")
def apigw(client):
    return client("apigateway")


@pytest.fixture(scope="module")
def apigw2(client):
    return client("apigatewayv2")


@pytest.fixture(scope="module")
def functions(bunker):
    """One Node.js function per role, from tests/data/apigateway/functions/node_apigw."""
    lam = make_client(bunker, "lambda", read_timeout=70)
    with open(os.path.join(DATA, "functions", "node_apigw", "index.js")) as f:
        code = zip_entries({"index.js": f.read()})
    arns = {}
    for name in ("echo", "respond", "plain", "version", "authorizer", "simple"):
        fn = lam.create_function(FunctionName=f"apigw-{name}", Runtime="nodejs20.x", Role=ROLE,
                                 Handler=f"index.{name}", Code={"ZipFile": code})
        arns[name] = fn["FunctionArn"]
    arns["lambda"] = lam
    return arns


def allow_api(lam, function, api_id, source="*/*"):
    """What a real deploy does (lambda add-permission): lets API Gateway invoke `function`
    (a name or ARN, qualifier allowed) for the execute-api ARNs of one API."""
    allow_api.count = getattr(allow_api, "count", 0) + 1
    sid = f"apigw-{api_id}-{allow_api.count}"
    lam.add_permission(FunctionName=function, StatementId=sid, Action="lambda:InvokeFunction",
                       Principal="apigateway.amazonaws.com",
                       SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/{source}")
    return sid


def proxy_method(apigw, api_id, resource_id, function_arn, method="ANY", **method_kwargs):
    method_kwargs.setdefault("authorizationType", "NONE")
    apigw.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=method, **method_kwargs)
    apigw.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=method, type="AWS_PROXY",
                          integrationHttpMethod="POST", uri=lambda_uri(function_arn), credentials=ROLE_FOR_APIGW)


@pytest.fixture(scope="module")
def echo_api(apigw, functions):
    api_id, root = new_api(apigw, name="echo")
    proxy_method(apigw, api_id, resource(apigw, api_id, root, "{proxy+}"), functions["echo"])
    proxy_method(apigw, api_id, resource(apigw, api_id, root, "hardcoded"), functions["echo"], method="GET")
    deployment = apigw.create_deployment(restApiId=api_id, stageName="stage")
    return api_id, deployment["id"]


def test_proxy_event_has_every_field(bunker, echo_api):
    api_id, deployment_id = echo_api
    port = bunker.endpoint.rsplit(":", 1)[1]
    with open(os.path.join(DATA, "proxy_event_paths.json")) as f:
        cases = json.load(f)["cases"]
    for case in cases:
        r = call(bunker, api_id, None, raw_path=case["request"],
                 headers={"User-Agent": "python-requests/testing", "Authorization": "random-value",
                          "tEsT-HEADeR": "aValUE", "Accept": "*/*"})
        assert r.status == 200, (case, r.body)
        event = r.json()
        assert event["path"] == case["path"], case
        assert event["resource"] == case["resource"]
        assert event["pathParameters"] == case["pathParameters"]
        assert event["queryStringParameters"] == case["query"]
        assert event["multiValueQueryStringParameters"] == case["multiQuery"]
        assert event["httpMethod"] == "GET" and event["body"] is None and event["isBase64Encoded"] is False
        assert event["stageVariables"] is None
        h = event["headers"]
        assert h["tEsT-HEADeR"] == "aValUE" and h["Authorization"] == "random-value"
        assert h["User-Agent"] == "python-requests/testing" and h["Host"] == f"{api_id}.execute-api.localhost:{port}"
        assert h["X-Forwarded-Proto"] == "http" and h["X-Forwarded-Port"] == port and h["X-Forwarded-For"] == "127.0.0.1"
        assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", h["X-Amzn-Trace-Id"])
        assert event["multiValueHeaders"]["tEsT-HEADeR"] == ["aValUE"]
        ctx = event["requestContext"]
        assert ctx["path"] == case["contextPath"] and ctx["resourcePath"] == case["resource"]
        assert ctx["accountId"] == ACCOUNT and ctx["apiId"] == api_id and ctx["stage"] == "stage"
        assert ctx["deploymentId"] == deployment_id and ctx["httpMethod"] == "GET" and ctx["protocol"] == "HTTP/1.1"
        assert ctx["domainName"] == f"{api_id}.execute-api.localhost" and ctx["domainPrefix"] == api_id
        assert ctx["requestId"] == r.headers["x-amzn-requestid"]
        assert ctx["extendedRequestId"] == r.headers["x-amz-apigw-id"]
        assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000", ctx["requestTime"])
        assert isinstance(ctx["requestTimeEpoch"], int) and len(ctx["resourceId"]) == 6
        assert ctx["identity"] == {"accessKey": None, "accountId": None, "caller": None,
                                   "cognitoAuthenticationProvider": None, "cognitoAuthenticationType": None,
                                   "cognitoIdentityId": None, "cognitoIdentityPoolId": None, "principalOrgId": None,
                                   "sourceIp": "127.0.0.1", "user": None, "userAgent": "python-requests/testing",
                                   "userArn": None}
        assert "authorizer" not in ctx


def test_proxy_event_body_multi_values_and_path_form(bunker, echo_api):
    api_id, _ = echo_api
    r = call(bunker, api_id, "stage", "/proxy-value", method="POST", body='{"message": "hello world"}',
             headers={"Content-Type": "application/json;charset=utf-8"},
             query="category=electronics&category=books", host_form=False)
    event = r.json()
    assert event["body"] == '{"message": "hello world"}' and event["httpMethod"] == "POST"
    assert event["multiValueQueryStringParameters"] == {"category": ["electronics", "books"]}
    assert event["requestContext"]["path"] == "/stage/proxy-value"
    assert event["requestContext"]["domainName"] == f"{api_id}.execute-api.localhost"


def test_proxy_response_contract(bunker, apigw, functions):
    api_id, root = new_api(apigw, name="respond")
    proxy_method(apigw, api_id, resource(apigw, api_id, root, "test"), functions["respond"], method="POST")
    apigw.create_deployment(restApiId=api_id, stageName="t")
    with open(os.path.join(DATA, "proxy_responses.json")) as f:
        cases = json.load(f)["cases"]
    for case in cases:
        returns = case["returns"]
        body = json.dumps(returns) if returns is not None else None
        r = call(bunker, api_id, "t", "/test", method="POST", body=body,
                 headers={"Content-Type": "application/json", "User-Agent": "python/test"})
        assert r.status == case["status"], case["name"]
        expected = case["body"]
        if isinstance(expected, dict):
            assert r.json() == expected, case["name"]
            assert r.headers["x-amzn-errortype"] == "InternalServerErrorException"
        else:
            assert r.text == expected, case["name"]
        for k, v in case.get("headers", {}).items():
            assert r.headers[k.lower()] == v, case["name"]


def test_binary_media_types(bunker, apigw, functions):
    api_id, root = new_api(apigw, name="binary", binaryMediaTypes=["image/png"])
    proxy_method(apigw, api_id, resource(apigw, api_id, root, "echo"), functions["echo"], method="POST")
    proxy_method(apigw, api_id, resource(apigw, api_id, root, "respond"), functions["respond"], method="POST")
    apigw.create_deployment(restApiId=api_id, stageName="b")
    png = b"\x89PNG\r\n\x1a\n\x00\xffbinary"
    event = call(bunker, api_id, "b", "/echo", method="POST", body=png, headers={"Content-Type": "image/png"}).json()
    assert event["isBase64Encoded"] is True and base64.b64decode(event["body"]) == png
    answer = {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "isBase64Encoded": True,
              "body": base64.b64encode(png).decode()}
    r = call(bunker, api_id, "b", "/respond", method="POST", body=json.dumps(answer),
             headers={"Content-Type": "application/json", "Accept": "image/png"})
    assert r.status == 200 and r.body == png and r.headers["content-type"] == "image/png"


def test_non_proxy_lambda_integration_and_selection_patterns(bunker, apigw, functions):
    api_id, root = new_api(apigw, name="plain")
    rid = resource(apigw, api_id, root, "calc")
    apigw.put_method(restApiId=api_id, resourceId=rid, httpMethod="POST", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=rid, httpMethod="POST", type="AWS", integrationHttpMethod="POST",
                          uri=lambda_uri(functions["plain"]), credentials=ROLE_FOR_APIGW,
                          requestTemplates={"application/json": '#set($b = $input.path(\'$\'))'
                                                                '{"value": "$b.value", "fail": "$util.escapeJavaScript($b.fail)", '
                                                                '"q": "$input.params(\'q\')"}'})
    for code in ("200", "400", "500"):
        apigw.put_method_response(restApiId=api_id, resourceId=rid, httpMethod="POST", statusCode=code)
    apigw.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod="POST", statusCode="200",
                                   responseTemplates={"application/json": '{"got": $input.json(\'$.received.value\')}'})
    apigw.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod="POST", statusCode="400",
                                   selectionPattern=".*four hundred.*",
                                   responseTemplates={"application/json": '{"error": "$input.path(\'$.errorMessage\')"}'})
    apigw.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod="POST", statusCode="500",
                                   selectionPattern="Error: .*five.*")
    apigw.create_deployment(restApiId=api_id, stageName="t")
    r = call(bunker, api_id, "t", "/calc", method="POST", body={"value": 42}, query={"q": "x"})
    assert (r.status, r.json()) == (200, {"got": "42"})
    r = call(bunker, api_id, "t", "/calc", method="POST", body={"fail": "Raising four hundred from within the Lambda function"})
    assert (r.status, r.json()) == (400, {"error": "Raising four hundred from within the Lambda function"})
    r = call(bunker, api_id, "t", "/calc", method="POST", body={"fail": "Error: Raising five hundred"})
    assert r.status == 500 and r.json()["errorMessage"] == "Error: Raising five hundred"
    # An error no pattern matches takes the default response, with the error document.
    r = call(bunker, api_id, "t", "/calc", method="POST", body={"fail": "something else"})
    assert r.status == 200


def test_stage_variables_select_the_function_alias(bunker, apigw, functions):
    lam = functions["lambda"]
    name = "apigw-version"
    v1 = lam.publish_version(FunctionName=name)["Version"]
    lam.update_function_configuration(FunctionName=name, Description="second")
    from lambda_support import wait_for
    wait_for(lambda: lam.get_function(FunctionName=name)["Configuration"]["LastUpdateStatus"] == "Successful")
    v2 = lam.publish_version(FunctionName=name)["Version"]
    lam.create_alias(FunctionName=name, Name="blue", FunctionVersion=v1)
    lam.create_alias(FunctionName=name, Name="green", FunctionVersion=v2)
    api_id, root = new_api(apigw, name="aliases")
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}:${{stageVariables.alias}}"
    apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                          integrationHttpMethod="POST", uri=lambda_uri(fn), credentials=ROLE_FOR_APIGW)
    apigw.create_deployment(restApiId=api_id, stageName="blue", variables={"alias": "blue"})
    apigw.create_deployment(restApiId=api_id, stageName="green", variables={"alias": "green"})
    blue = call(bunker, api_id, "blue").json()
    green = call(bunker, api_id, "green").json()
    assert blue["version"] == v1 and blue["arn"].endswith(":blue")
    assert green["version"] == v2 and green["arn"].endswith(":green")


def test_lambda_authorizers(bunker, apigw, functions):
    api_id, root = new_api(apigw, name="auth")
    auth_uri = lambda_uri(functions["authorizer"])
    token = apigw.create_authorizer(restApiId=api_id, name="token", type="TOKEN", authorizerUri=auth_uri,
                                    identitySource="method.request.header.Authorization",
                                    authorizerResultTtlInSeconds=300)["id"]
    request = apigw.create_authorizer(restApiId=api_id, name="request", type="REQUEST", authorizerUri=auth_uri,
                                      identitySource="method.request.header.auth", authorizerResultTtlInSeconds=0)["id"]
    allow_api(functions["lambda"], functions["authorizer"], api_id, "authorizers/*")
    proxy_method(apigw, api_id, resource(apigw, api_id, root, "token"), functions["echo"], method="GET",
                 authorizationType="CUSTOM", authorizerId=token)
    proxy_method(apigw, api_id, resource(apigw, api_id, root, "request"), functions["echo"], method="GET",
                 authorizationType="CUSTOM", authorizerId=request)
    apigw.create_deployment(restApiId=api_id, stageName="a")
    r = call(bunker, api_id, "a", "/token")
    assert r.status == 401 and r.json() == {"message": "Unauthorized"}
    r = call(bunker, api_id, "a", "/token", headers={"Authorization": "nobody"})
    assert r.status == 401 and r.headers["x-amzn-errortype"] == "UnauthorizedException"
    r = call(bunker, api_id, "a", "/token", headers={"Authorization": "deny"})
    assert r.status == 403
    assert r.json() == {"Message": "User is not authorized to access this resource with an explicit deny"}
    r = call(bunker, api_id, "a", "/token", headers={"Authorization": "elsewhere"})
    assert r.status == 403 and r.json() == {"Message": "User is not authorized to access this resource"}
    first = call(bunker, api_id, "a", "/token", headers={"Authorization": "allow"}).json()["requestContext"]["authorizer"]
    assert first["principalId"] == "user-1" and first["role"] == "admin" and first["ok"] is True
    # Cached for the TTL: the function is not called again for the same token.
    second = call(bunker, api_id, "a", "/token", headers={"Authorization": "allow"}).json()["requestContext"]["authorizer"]
    assert second["calls"] == first["calls"]
    r = call(bunker, api_id, "a", "/request", headers={"auth": "allow"})
    assert r.status == 200 and r.json()["requestContext"]["authorizer"]["principalId"] == "user-1"
    again = call(bunker, api_id, "a", "/request", headers={"auth": "allow"}).json()["requestContext"]["authorizer"]
    assert again["calls"] > r.json()["requestContext"]["authorizer"]["calls"]  # TTL 0: no caching
    assert call(bunker, api_id, "a", "/request").status == 401


def test_missing_function_is_a_500(bunker, apigw):
    api_id, root = new_api(apigw, name="missing")
    proxy_method(apigw, api_id, root, f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:does-not-exist", method="GET")
    apigw.create_deployment(restApiId=api_id, stageName="m")
    r = call(bunker, api_id, "m")
    assert r.status == 500 and r.body == b'{"message": "Internal server error"}'


def test_invoke_permission_is_required(bunker, apigw, apigw2, functions):
    """Without credentials on the integration, API Gateway may invoke a function only when
    the function's policy allows apigateway.amazonaws.com for the calling API (AWS
    Knowledge Center: "Invalid permissions on Lambda function" is a 500 to the client)."""
    lam = functions["lambda"]
    api_id, root = new_api(apigw, name="permissions")
    open_id = resource(apigw, api_id, root, "open")
    apigw.put_method(restApiId=api_id, resourceId=open_id, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=open_id, httpMethod="GET", type="AWS_PROXY",
                          integrationHttpMethod="POST", uri=lambda_uri(functions["echo"]))
    plain_id = resource(apigw, api_id, root, "plain")
    apigw.put_method(restApiId=api_id, resourceId=plain_id, httpMethod="POST", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=plain_id, httpMethod="POST", type="AWS",
                          integrationHttpMethod="POST", uri=lambda_uri(functions["plain"]))
    apigw.put_method_response(restApiId=api_id, resourceId=plain_id, httpMethod="POST", statusCode="200")
    apigw.put_integration_response(restApiId=api_id, resourceId=plain_id, httpMethod="POST", statusCode="200")
    version = lam.publish_version(FunctionName="apigw-echo")["Version"]
    lam.create_alias(FunctionName="apigw-echo", Name="perm", FunctionVersion=version)
    alias_id = resource(apigw, api_id, root, "alias")
    apigw.put_method(restApiId=api_id, resourceId=alias_id, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=alias_id, httpMethod="GET", type="AWS_PROXY",
                          integrationHttpMethod="POST", uri=lambda_uri(functions["echo"] + ":perm"))
    authorizer = apigw.create_authorizer(restApiId=api_id, name="token", type="TOKEN",
                                         authorizerUri=lambda_uri(functions["authorizer"]),
                                         identitySource="method.request.header.Authorization",
                                         authorizerResultTtlInSeconds=0)["id"]
    guarded_id = resource(apigw, api_id, root, "guarded")
    proxy_method(apigw, api_id, guarded_id, functions["echo"], method="GET", authorizationType="CUSTOM",
                 authorizerId=authorizer)
    apigw.create_deployment(restApiId=api_id, stageName="p")

    def refused(path, method="GET", body=None):
        r = call(bunker, api_id, "p", path, method=method, body=body)
        return (r.status, r.body, r.headers["x-amzn-errortype"]) == (
            500, b'{"message": "Internal server error"}', "InternalServerErrorException")

    # Proxy and non-proxy alike: 500 until the function's policy allows this API.
    assert refused("/open") and refused("/plain", "POST", {"value": 1})
    allow_api(lam, "apigw-echo", "otherapi1")  # another API's permission does not count
    assert refused("/open")
    allow_api(lam, "apigw-echo", api_id, "*/GET/open")
    plain_sid = allow_api(lam, "apigw-plain", api_id, "p/POST/plain")
    assert call(bunker, api_id, "p", "/open").status == 200
    assert call(bunker, api_id, "p", "/plain", method="POST", body={"value": 1}).json() == {"received": {"value": 1}}
    # An alias is governed by its own policy, not the function's.
    allow_api(lam, "apigw-echo", api_id, "*/GET/alias")
    assert refused("/alias")
    allow_api(lam, "apigw-echo:perm", api_id, "*/GET/alias")
    assert call(bunker, api_id, "p", "/alias").status == 200
    # Removing the statement takes the permission away again.
    lam.remove_permission(FunctionName="apigw-plain", StatementId=plain_sid)
    assert refused("/plain", "POST", {"value": 1})
    # A REST authorizer that may not be invoked is an authorizer configuration error.
    r = call(bunker, api_id, "p", "/guarded", headers={"Authorization": "allow"})
    assert (r.status, r.body, r.headers["x-amzn-errortype"]) == (500, b'{"message":null}',
                                                                 "AuthorizerConfigurationException")
    allow_api(lam, functions["authorizer"], api_id, f"authorizers/{authorizer}")
    assert call(bunker, api_id, "p", "/guarded", headers={"Authorization": "allow"}).status == 200

    # HTTP APIs answer their own 500 for the route and for the authorizer.
    http_id = apigw2.create_api(Name="permissions", ProtocolType="HTTP")["ApiId"]
    plain = apigw2.create_integration(ApiId=http_id, IntegrationType="AWS_PROXY", IntegrationUri=functions["plain"],
                                      PayloadFormatVersion="2.0")["IntegrationId"]
    role = apigw2.create_integration(ApiId=http_id, IntegrationType="AWS_PROXY", IntegrationUri=functions["plain"],
                                     PayloadFormatVersion="2.0", CredentialsArn=ROLE_FOR_APIGW)["IntegrationId"]
    auth = apigw2.create_authorizer(ApiId=http_id, Name="simple", AuthorizerType="REQUEST",
                                    AuthorizerUri=lambda_uri(functions["simple"]),
                                    IdentitySource=["$request.header.Authorization"],
                                    AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True)["AuthorizerId"]
    apigw2.create_route(ApiId=http_id, RouteKey="GET /plain", Target=f"integrations/{plain}")
    apigw2.create_route(ApiId=http_id, RouteKey="GET /role", Target=f"integrations/{role}")
    apigw2.create_route(ApiId=http_id, RouteKey="GET /auth", Target=f"integrations/{role}",
                        AuthorizationType="CUSTOM", AuthorizerId=auth)
    apigw2.create_stage(ApiId=http_id, StageName="$default", AutoDeploy=True)
    r = call(bunker, http_id, None, "/plain")
    assert (r.status, r.body) == (500, b'{"message":"Internal Server Error"}')
    assert call(bunker, http_id, None, "/role").status == 200  # credentials: the role invokes
    r = call(bunker, http_id, None, "/auth", headers={"Authorization": "let-me-in"})
    assert (r.status, r.body) == (500, b'{"message":"Internal Server Error"}')
    allow_api(lam, functions["plain"], http_id, "*/*/plain")
    allow_api(lam, functions["simple"], http_id, f"authorizers/{auth}")
    assert call(bunker, http_id, None, "/plain").status == 200
    assert call(bunker, http_id, None, "/auth", headers={"Authorization": "let-me-in"}).status == 200


def test_http_api_quick_create_payload_v2(bunker, apigw2, functions):
    api = apigw2.create_api(Name="quick", ProtocolType="HTTP", Target=functions["echo"])
    api_id = api["ApiId"]
    allow_api(functions["lambda"], functions["echo"], api_id, "*/$default")
    assert api["ApiEndpoint"].startswith(f"http://{api_id}.execute-api.localhost:")
    stages = apigw2.get_stages(ApiId=api_id)["Items"]
    assert stages[0]["StageName"] == "$default" and stages[0]["AutoDeploy"] is True
    routes = apigw2.get_routes(ApiId=api_id)["Items"]
    assert routes[0]["RouteKey"] == "$default"
    r = call(bunker, api_id, None, "/some/path", method="POST", body="hello", query="a=1&a=2&b=3",
             headers={"Content-Type": "text/plain", "Cookie": "c1=v1; c2=v2", "X-Multi": "one"})
    assert r.status == 200
    e = r.json()
    assert e["version"] == "2.0" and e["routeKey"] == "$default" and e["rawPath"] == "/some/path"
    assert e["rawQueryString"] == "a=1&a=2&b=3" and e["queryStringParameters"] == {"a": "1,2", "b": "3"}
    assert e["cookies"] == ["c1=v1", "c2=v2"] and "cookie" not in e["headers"]
    assert e["headers"]["x-multi"] == "one" and e["headers"]["content-type"] == "text/plain"
    assert e["body"] == "hello" and e["isBase64Encoded"] is False
    c = e["requestContext"]
    assert c["http"] == {"method": "POST", "path": "/some/path", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1",
                         "userAgent": c["http"]["userAgent"]}
    assert c["apiId"] == api_id and c["stage"] == "$default" and c["routeKey"] == "$default"
    assert c["requestId"] and isinstance(c["timeEpoch"], int) and "apigw-requestid" in r.headers


def test_http_api_routes_payload_v1_shortcuts_and_cors(bunker, apigw2, functions):
    api_id = apigw2.create_api(Name="routes", ProtocolType="HTTP", CorsConfiguration={
        "AllowOrigins": ["http://localhost:8000"], "AllowMethods": ["GET", "POST"],
        "AllowHeaders": ["content-type"], "MaxAge": 300})["ApiId"]
    v1 = apigw2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=functions["echo"],
                                   PayloadFormatVersion="1.0")["IntegrationId"]
    plain = apigw2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=functions["plain"],
                                      PayloadFormatVersion="2.0")["IntegrationId"]
    apigw2.create_route(ApiId=api_id, RouteKey="GET /items/{id}", Target=f"integrations/{v1}")
    allow_api(functions["lambda"], functions["echo"], api_id, "*/*/items/{id}")
    allow_api(functions["lambda"], functions["plain"], api_id)
    apigw2.create_route(ApiId=api_id, RouteKey="ANY /plain/{proxy+}", Target=f"integrations/{plain}")
    apigw2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    r = call(bunker, api_id, None, "/items/42", query="x=1")
    e = r.json()
    assert e["version"] == "1.0" and e["resource"] == "/items/{id}" and e["pathParameters"] == {"id": "42"}
    assert e["queryStringParameters"] == {"x": "1"} and e["requestContext"]["resourcePath"] == "/items/{id}"
    # Payload 2.0 shortcut: an object without statusCode is a 200 JSON body.
    r = call(bunker, api_id, None, "/plain/a/b", method="POST", body={"k": "v"})
    assert r.status == 200 and r.headers["content-type"] == "application/json"
    assert r.json()["received"]["pathParameters"] == {"proxy": "a/b"}
    r = call(bunker, api_id, None, "/nothing")
    assert r.status == 404 and r.json() == {"message": "Not Found"}
    # CORS: preflights are answered by API Gateway, other answers carry the origin.
    r = call(bunker, api_id, None, "/items/1", method="OPTIONS",
             headers={"Origin": "http://localhost:8000", "Access-Control-Request-Method": "GET"})
    assert r.status == 204 and r.headers["access-control-allow-origin"] == "http://localhost:8000"
    assert r.headers["access-control-allow-methods"] == "GET,POST" and r.headers["access-control-max-age"] == "300"
    r = call(bunker, api_id, None, "/items/1", headers={"Origin": "http://localhost:8000"})
    assert r.headers["access-control-allow-origin"] == "http://localhost:8000"
    r = call(bunker, api_id, None, "/items/1", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_http_api_lambda_authorizer_simple_responses(bunker, apigw2, functions):
    api_id = apigw2.create_api(Name="simple-auth", ProtocolType="HTTP")["ApiId"]
    auth = apigw2.create_authorizer(ApiId=api_id, Name="simple", AuthorizerType="REQUEST",
                                    AuthorizerUri=lambda_uri(functions["simple"]),
                                    IdentitySource=["$request.header.Authorization"],
                                    AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True)["AuthorizerId"]
    allow_api(functions["lambda"], functions["simple"], api_id, f"authorizers/{auth}")
    allow_api(functions["lambda"], functions["echo"], api_id, "prod/GET/secret")
    target = apigw2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=functions["echo"],
                                       PayloadFormatVersion="2.0")["IntegrationId"]
    apigw2.create_route(ApiId=api_id, RouteKey="GET /secret", Target=f"integrations/{target}",
                        AuthorizationType="CUSTOM", AuthorizerId=auth)
    apigw2.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True)
    assert call(bunker, api_id, "prod", "/secret").status == 401
    r = call(bunker, api_id, "prod", "/secret", headers={"Authorization": "wrong"})
    assert r.status == 403 and r.json() == {"message": "Forbidden"}
    r = call(bunker, api_id, "prod", "/secret", headers={"Authorization": "let-me-in"})
    assert r.status == 200
    e = r.json()
    assert e["requestContext"]["authorizer"] == {"lambda": {"who": "simple"}} and e["rawPath"] == "/prod/secret"
