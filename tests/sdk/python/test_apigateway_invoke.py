"""Calling deployed REST API stages over plain HTTP: routing (resource tree, {param},
{proxy+}, ANY) and API Gateway's own answers, MOCK integrations with mapping templates,
passthrough behaviours, stage variables, redeploy semantics, HTTP and HTTP_PROXY
integrations against a local backend, parameter mappings, selection patterns, CORS
preflights, gateway responses, API keys, request validators."""
import json

import pytest

from apigateway_support import EchoBackend, call, mock_method, new_api, resource


@pytest.fixture(scope="module")
def apigw(client):
    return client("apigateway")


@pytest.fixture(scope="module")
def backend():
    b = EchoBackend()
    yield b
    b.close()


def test_mock_templates_and_both_url_forms(apigw, bunker):
    api_id, root = new_api(apigw)
    pets = resource(apigw, api_id, root, "pets")
    mock_method(apigw, api_id, pets, response_template=(
        '{"name": "$input.params(\'name\')", "stage": "$context.stage", "path": "$context.resourcePath", '
        '"method": "$context.httpMethod", "requestId": "$context.requestId"}'))
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    for host_form in (True, False):
        r = call(bunker, api_id, "dev", "/pets", query={"name": "bob"}, host_form=host_form)
        assert r.status == 200 and r.headers["content-type"] == "application/json"
        body = r.json()
        assert body["name"] == "bob" and body["stage"] == "dev" and body["path"] == "/pets" and body["method"] == "GET"
        assert body["requestId"] == r.headers["x-amzn-requestid"]
        assert r.headers["x-amz-apigw-id"]


def test_routing_and_api_gateway_answers(apigw, bunker):
    api_id, root = new_api(apigw)
    pets = resource(apigw, api_id, root, "pets")
    pet = resource(apigw, api_id, pets, "{petId}")
    proxy = resource(apigw, api_id, root, "{proxy+}")
    shape = '"$context.resourcePath|$input.params(\'petId\')|$input.params(\'proxy\')"'
    mock_method(apigw, api_id, pets, response_template=shape)
    mock_method(apigw, api_id, pet, response_template=shape)
    mock_method(apigw, api_id, proxy, method="ANY", response_template=shape)
    apigw.create_deployment(restApiId=api_id, stageName="v1")
    assert call(bunker, api_id, "v1", "/pets").text == '"/pets||"'
    assert call(bunker, api_id, "v1", "/pets/").text == '"/pets||"'
    assert call(bunker, api_id, "v1", "/pets/42").text == '"/pets/{petId}|42|"'
    assert call(bunker, api_id, "v1", "/a/b/c/").text == '"/{proxy+}||a/b/c"'
    assert call(bunker, api_id, "v1", "/a//b", method="DELETE").text == '"/{proxy+}||a//b"'
    # An unknown route, a method no resource answers, and an unknown stage.
    api2, root2 = new_api(apigw)
    mock_method(apigw, api2, resource(apigw, api2, root2, "exists"), response_template='{"message": "exists"}')
    apigw.create_deployment(restApiId=api2, stageName="s")
    for path, method in (("/nothing", "GET"), ("/exists", "POST")):
        r = call(bunker, api2, "s", path, method=method)
        assert r.status == 403 and r.json() == {"message": "Missing Authentication Token"}
        assert r.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
    r = call(bunker, api2, "unknown-stage", "/exists")
    assert r.status == 403 and r.json() == {"message": "Forbidden"}
    assert call(bunker, api2, "s", "/exists").json() == {"message": "exists"}


def test_redeploy_semantics_and_stage_variables(apigw, bunker):
    api_id, root = new_api(apigw)
    mock_method(apigw, api_id, root, response_template='{"v": "one", "greeting": "$stageVariables.greeting"}')
    apigw.create_deployment(restApiId=api_id, stageName="blue", variables={"greeting": "hello"})
    apigw.create_deployment(restApiId=api_id, stageName="green", variables={"greeting": "bonjour"})
    assert call(bunker, api_id, "blue").json() == {"v": "one", "greeting": "hello"}
    assert call(bunker, api_id, "green").json() == {"v": "one", "greeting": "bonjour"}
    # A change is not live until deployed.
    apigw.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": '{"v": "two"}'})
    assert call(bunker, api_id, "blue").json()["v"] == "one"
    dep = apigw.create_deployment(restApiId=api_id, stageName="blue")
    assert call(bunker, api_id, "blue").json() == {"v": "two"}
    assert call(bunker, api_id, "green").json()["v"] == "one"
    # Stage variables change without a redeploy.
    apigw.update_stage(restApiId=api_id, stageName="green", patchOperations=[
        {"op": "replace", "path": "/variables/greeting", "value": "salut"},
        {"op": "replace", "path": "/deploymentId", "value": dep["id"]}])
    assert call(bunker, api_id, "green").json() == {"v": "two"}


def test_mock_status_selection_and_response_override(apigw, bunker):
    api_id, root = new_api(apigw)
    apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK", requestTemplates={
        "application/json": '{"statusCode": $input.json(\'$.code\')}'})
    for code in ("200", "404"):
        apigw.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode=code)
    apigw.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200",
                                   responseTemplates={"application/json": '{"found": true}'})
    apigw.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="404",
                                   selectionPattern="404", responseTemplates={"application/json": '{"found": false}'})
    # A status no method response exists for is a configuration error.
    apigw.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="500",
                                   selectionPattern="5\\d\\d")
    # responseOverride set by the request template wins (recorded: 444).
    over = resource(apigw, api_id, root, "override")
    mock_method(apigw, api_id, over, request_template=(
        '#set($context.responseOverride.status = 444)#set($context.responseOverride.header.fooHeader = "bar")'
        '{"statusCode": 200}'), response_template='{"custom": "is also passed around"}')
    apigw.create_deployment(restApiId=api_id, stageName="t")
    r = call(bunker, api_id, "t", method="POST", body={"code": 200})
    assert (r.status, r.json()) == (200, {"found": True})
    r = call(bunker, api_id, "t", method="POST", body={"code": 404})
    assert (r.status, r.json()) == (404, {"found": False})
    r = call(bunker, api_id, "t", method="POST", body={"code": 503})
    assert r.status == 500 and r.body == b'{"message": "Internal server error"}'
    r = call(bunker, api_id, "t", "/override")
    assert r.status == 444 and r.headers["fooheader"] == "bar"
    assert r.json() == {"custom": "is also passed around"}


def test_passthrough_behaviors(apigw, bunker):
    api_id, root = new_api(apigw)
    for behaviour in ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"):
        rid = resource(apigw, api_id, root, behaviour.lower())
        apigw.put_method(restApiId=api_id, resourceId=rid, httpMethod="POST", authorizationType="NONE")
        apigw.put_integration(restApiId=api_id, resourceId=rid, httpMethod="POST", type="MOCK",
                              passthroughBehavior=behaviour,
                              requestTemplates={"application/json": '{"statusCode": 200}'})
        apigw.put_method_response(restApiId=api_id, resourceId=rid, httpMethod="POST", statusCode="200")
        apigw.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod="POST", statusCode="200",
                                       responseTemplates={"application/json": '{"ok": true}'})
    apigw.create_deployment(restApiId=api_id, stageName="p")
    for behaviour in ("when_no_match", "when_no_templates", "never"):
        assert call(bunker, api_id, "p", "/" + behaviour, method="POST", body={"a": 1}).status == 200
    ok = call(bunker, api_id, "p", "/when_no_match", method="POST", body="x=1",
              headers={"Content-Type": "text/plain"})
    assert ok.status == 200
    for behaviour in ("when_no_templates", "never"):
        r = call(bunker, api_id, "p", "/" + behaviour, method="POST", body="x=1", headers={"Content-Type": "text/plain"})
        assert r.status == 415 and r.json() == {"message": "Unsupported Media Type"}
        assert r.headers["x-amzn-errortype"] == "UnsupportedMediaTypeException"


def test_http_integration_mappings_and_selection(apigw, bunker, backend):
    api_id, root = new_api(apigw)
    item = resource(apigw, api_id, root, "items", "{id}")
    apigw.put_method(restApiId=api_id, resourceId=item, httpMethod="POST", authorizationType="NONE",
                     requestParameters={"method.request.path.id": True, "method.request.header.x-trace": False,
                                        "method.request.querystring.q": False})
    apigw.put_integration(
        restApiId=api_id, resourceId=item, httpMethod="POST", type="HTTP", integrationHttpMethod="PUT",
        uri=backend.url + "/things/{thing}",
        requestParameters={"integration.request.path.thing": "method.request.path.id",
                           "integration.request.header.x-mapped": "method.request.header.x-trace",
                           "integration.request.querystring.status": "method.request.querystring.q",
                           "integration.request.header.x-static": "'fixed'",
                           "integration.request.querystring.stage": "context.stage"},
        requestTemplates={"application/json": '{"wrapped": $input.json(\'$\'), "id": "$input.params(\'id\')"}'})
    for code in ("200", "400"):
        apigw.put_method_response(restApiId=api_id, resourceId=item, httpMethod="POST", statusCode=code,
                                  responseParameters={"method.response.header.X-Backend": False,
                                                      "method.response.header.X-Method": False})
    params = {"method.response.header.X-Backend": "integration.response.header.X-Backend",
              "method.response.header.X-Method": "integration.response.body.method"}
    apigw.put_integration_response(restApiId=api_id, resourceId=item, httpMethod="POST", statusCode="200",
                                   responseParameters=params, responseTemplates={
                                       "application/json": '#set($b = $input.path(\'$\')){"seen": $input.json(\'$\')}'})
    apigw.put_integration_response(restApiId=api_id, resourceId=item, httpMethod="POST", statusCode="400",
                                   selectionPattern="4\\d{2}", responseParameters=params,
                                   responseTemplates={"application/json": '{"failed": "$input.path(\'$.query.status[0]\')"}'})
    apigw.create_deployment(restApiId=api_id, stageName="prod")
    r = call(bunker, api_id, "prod", "/items/7", method="POST", body={"n": 1}, headers={"x-trace": "t-1"})
    assert r.status == 200
    assert r.headers["x-backend"] == "echo" and r.headers["x-method"] == "PUT"
    seen = r.json()["seen"]
    assert seen["method"] == "PUT" and seen["path"] == "/things/7" and seen["query"] == {"stage": ["prod"]}
    assert json.loads(seen["body"]) == {"wrapped": {"n": 1}, "id": "7"}
    h = seen["headers"]
    assert h["x-mapped"] == "t-1" and h["x-static"] == "fixed" and h["user-agent"] == f"AmazonAPIGateway_{api_id}"
    assert h["x-amzn-apigateway-api-id"] == api_id and h["accept"] == "application/json"
    r = call(bunker, api_id, "prod", "/items/7", method="POST", body={}, query={"q": "404"})
    assert r.status == 400 and r.json() == {"failed": "404"}
    # A backend status no pattern matches takes the default response.
    r = call(bunker, api_id, "prod", "/items/7", method="POST", body={}, query={"q": "503"})
    assert r.status == 200 and r.json()["seen"]["query"]["status"] == ["503"]


def test_input_body_rendering_through_an_echo_backend(apigw, bunker, backend):
    """$input.body of an empty body is '{}', as recorded on AWS."""
    api_id, root = new_api(apigw)
    apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="HTTP",
                          integrationHttpMethod="POST", uri=backend.url + "/raw",
                          requestTemplates={"application/json": "Action=SendMessage&MessageBody=$input.body"})
    apigw.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
    apigw.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200",
                                   responseTemplates={"application/json": "Action=SendMessage&MessageBody=$input.body"})
    apigw.create_deployment(restApiId=api_id, stageName="t")
    cases = {"": "Action=SendMessage&MessageBody=Action=SendMessage&MessageBody={}",
             '{"some": "value"}': 'Action=SendMessage&MessageBody=Action=SendMessage&MessageBody={"some": "value"}',
             "some raw data": "Action=SendMessage&MessageBody=Action=SendMessage&MessageBody=some raw data"}
    for sent, expected in cases.items():
        r = call(bunker, api_id, "t", method="POST", body=sent, headers={"Content-Type": "application/json"})
        assert r.text == expected


def test_http_proxy(apigw, bunker, backend):
    api_id, root = new_api(apigw)
    proxy = resource(apigw, api_id, root, "{proxy+}")
    apigw.put_method(restApiId=api_id, resourceId=proxy, httpMethod="ANY", authorizationType="NONE",
                     requestParameters={"method.request.path.proxy": True})
    apigw.put_integration(restApiId=api_id, resourceId=proxy, httpMethod="ANY", type="HTTP_PROXY",
                          integrationHttpMethod="ANY", uri=backend.url + "/{proxy}",
                          requestParameters={"integration.request.path.proxy": "method.request.path.proxy",
                                             "integration.request.header.x-added": "'yes'"})
    apigw.create_deployment(restApiId=api_id, stageName="p")
    r = call(bunker, api_id, "p", "/a/b", method="PATCH", body={"x": 1}, query="status=201&k=v",
             headers={"User-Agent": "test/integration", "X-Custom": "c"})
    assert r.status == 201
    seen = r.json()
    assert seen["method"] == "PATCH" and seen["path"] == "/a/b" and seen["query"] == {"status": ["201"], "k": ["v"]}
    assert json.loads(seen["body"]) == {"x": 1}
    h = seen["headers"]
    assert h["user-agent"] == "test/integration" and h["x-custom"] == "c" and h["x-added"] == "yes"
    assert h["x-amzn-apigateway-api-id"] == api_id and h["x-forwarded-proto"] == "http"
    assert h["x-amzn-trace-id"].startswith("Root=1-")
    # Backend headers pass through; framing ones come back renamed.
    assert r.headers["x-backend"] == "echo" and r.headers["x-amzn-remapped-server"] == "echo-backend"
    assert "x-amzn-remapped-content-length" in r.headers
    assert call(bunker, api_id, "p", "/x", query="status=404").status == 404


def test_cors_preflight_through_an_options_mock(apigw, bunker):
    api_id, root = new_api(apigw)
    msg = resource(apigw, api_id, root, "message")
    apigw.put_method(restApiId=api_id, resourceId=msg, httpMethod="OPTIONS", authorizationType="None")
    apigw.put_integration(restApiId=api_id, resourceId=msg, httpMethod="OPTIONS", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    allowed = {"method.response.header.Access-Control-Allow-Origin": True,
               "method.response.header.Access-Control-Allow-Headers": True,
               "method.response.header.Access-Control-Allow-Methods": True}
    apigw.put_method_response(restApiId=api_id, resourceId=msg, httpMethod="OPTIONS", statusCode="200",
                              responseParameters=allowed, responseModels={"application/json": "Empty"})
    apigw.put_integration_response(
        restApiId=api_id, resourceId=msg, httpMethod="OPTIONS", statusCode="200",
        responseParameters={"method.response.header.Access-Control-Allow-Origin": "'*'",
                            "method.response.header.Access-Control-Allow-Headers": "'Content-Type,X-Amz-Date,Authorization'",
                            "method.response.header.Access-Control-Allow-Methods": "'GET,POST,OPTIONS'"})
    apigw.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX",
                               responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
                               responseTemplates={"application/json": '{"error": $context.error.messageString, "type": "$context.error.responseType"}'})
    apigw.create_deployment(restApiId=api_id, stageName="cors")
    # What a browser sends before a cross-origin POST (no Content-Type).
    r = call(bunker, api_id, "cors", "/message", method="OPTIONS",
             headers={"Origin": "http://localhost:8000", "Access-Control-Request-Method": "POST",
                      "Access-Control-Request-Headers": "content-type"})
    assert r.status == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["access-control-allow-methods"] == "GET,POST,OPTIONS"
    assert r.headers["access-control-allow-headers"] == "Content-Type,X-Amz-Date,Authorization"
    # Gateway responses carry their configured headers and template.
    r = call(bunker, api_id, "cors", "/missing", headers={"Origin": "http://localhost:8000"})
    assert r.status == 403 and r.headers["access-control-allow-origin"] == "*"
    assert r.json() == {"error": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN"}


def test_api_keys_and_request_validators(apigw, bunker):
    api_id, root = new_api(apigw)
    keyed = resource(apigw, api_id, root, "keyed")
    mock_method(apigw, api_id, keyed, response_template='{"key": "$context.identity.apiKey"}', apiKeyRequired=True)
    validator = apigw.create_request_validator(restApiId=api_id, name="all", validateRequestBody=True,
                                               validateRequestParameters=True)["id"]
    apigw.create_model(restApiId=api_id, name="Calc", contentType="application/json", schema=json.dumps(
        {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}))
    checked = resource(apigw, api_id, root, "checked", "{issuer}")
    mock_method(apigw, api_id, checked, method="POST", response_template='{"ok": true}',
                requestValidatorId=validator, requestModels={"application/json": "Calc"},
                requestParameters={"method.request.header.x-header-param": True, "method.request.path.issuer": True,
                                   "method.request.querystring.qs1": True})
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    r = call(bunker, api_id, "dev", "/keyed")
    assert r.status == 403 and r.json() == {"message": "Forbidden"}
    key = apigw.create_api_key(name="k", enabled=True, value="0123456789abcdefghijKLMN")
    plan = apigw.create_usage_plan(name="plan", apiStages=[{"apiId": api_id, "stage": "dev"}])
    assert call(bunker, api_id, "dev", "/keyed", headers={"x-api-key": key["value"]}).status == 403
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    r = call(bunker, api_id, "dev", "/keyed", headers={"x-api-key": key["value"]})
    assert r.status == 200 and r.json() == {"key": key["value"]}
    apigw.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}])
    assert call(bunker, api_id, "dev", "/keyed", headers={"x-api-key": key["value"]}).status == 403

    r = call(bunker, api_id, "dev", "/checked/x", method="POST", body={"a": 1, "b": 2})
    assert r.status == 400 and r.json() == {"message": "Missing required request parameters: [x-header-param, qs1]"}
    assert r.headers["x-amzn-errortype"] == "BadRequestException"
    ok_headers = {"x-header-param": "v"}
    r = call(bunker, api_id, "dev", "/checked/x", method="POST", body={"a": 1}, headers=ok_headers, query={"qs1": "1"})
    assert r.status == 400 and r.json() == {"message": "Invalid request body"}
    r = call(bunker, api_id, "dev", "/checked/x", method="POST", body={"a": 1, "b": 2}, headers=ok_headers,
             query={"qs1": "1"})
    assert r.status == 200 and r.json() == {"ok": True}


def test_iam_methods_need_a_signature(apigw, bunker):
    api_id, root = new_api(apigw)
    mock_method(apigw, api_id, root, response_template='{"ok": true, "key": "$context.identity.accessKey"}',
                authorizationType="AWS_IAM")
    apigw.create_deployment(restApiId=api_id, stageName="iam")
    r = call(bunker, api_id, "iam")
    assert r.status == 403 and r.json() == {"message": "Missing Authentication Token"}
    signed = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, "
                               "SignedHeaders=host;x-amz-date, Signature=abc", "X-Amz-Date": "20240101T000000Z"}
    assert call(bunker, api_id, "iam", headers=signed).json() == {"ok": True, "key": "AKIDEXAMPLE"}


def test_dynamodb_service_integration(apigw, client, bunker):
    """AWS integrations calling Bunker's DynamoDB: templates build the request, the
    response template reshapes DynamoDB's answer (the recorded PutItem/Query/Scan flow)."""
    ddb = client("dynamodb")
    ddb.create_table(TableName="apigw-items", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    api_id, root = new_api(apigw)
    items = resource(apigw, api_id, root, "items")
    item = resource(apigw, api_id, items, "{id}")
    uri = "arn:aws:apigateway:us-east-1:dynamodb:action/{}"

    def integrate(rid, method, action, template, response_template=None):
        apigw.put_method(restApiId=api_id, resourceId=rid, httpMethod=method, authorizationType="NONE")
        apigw.put_integration(restApiId=api_id, resourceId=rid, httpMethod=method, type="AWS",
                              integrationHttpMethod="POST", uri=uri.format(action),
                              credentials="arn:aws:iam::000000000000:role/apigw-ddb",
                              requestTemplates={"application/json": template})
        for code in ("200", "400"):
            apigw.put_method_response(restApiId=api_id, resourceId=rid, httpMethod=method, statusCode=code)
        templates = {"application/json": response_template} if response_template else {}
        apigw.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod=method, statusCode="200",
                                       responseTemplates=templates)
        apigw.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod=method, statusCode="400",
                                       selectionPattern="4\\d{2}")

    integrate(items, "POST", "PutItem",
              '{"TableName": "$stageVariables.table", "Item": {"id": {"S": $input.json(\'$.id\')}}}')
    integrate(items, "GET", "Scan", '{"TableName": "$stageVariables.table"}',
              '#set($r = $input.path(\'$\'))[#foreach($i in $r.Items)"$i.id.S"#if($foreach.hasNext),#end#end]')
    integrate(item, "GET", "Query", '{"TableName": "$stageVariables.table", "KeyConditionExpression": "id = :v", '
                                    '"ExpressionAttributeValues": {":v": {"S": "$input.params(\'id\')"}}}')
    apigw.create_deployment(restApiId=api_id, stageName="db", variables={"table": "apigw-items"})
    for key in ("test", "test2", "test 3"):
        r = call(bunker, api_id, "db", "/items", method="POST", body={"id": key})
        assert (r.status, r.json()) == (200, {})
    assert sorted(call(bunker, api_id, "db", "/items").json()) == ["test", "test 3", "test2"]
    r = call(bunker, api_id, "db", "/items/test%203")
    assert r.json() == {"Count": 1, "Items": [{"id": {"S": "test 3"}}], "ScannedCount": 1}
    assert call(bunker, api_id, "db", "/items/invalid").json() == {"Count": 0, "Items": [], "ScannedCount": 0}
    assert ddb.get_item(TableName="apigw-items", Key={"id": {"S": "test2"}})["Item"] == {"id": {"S": "test2"}}
    apigw.create_deployment(restApiId=api_id, stageName="nodb", variables={"table": "missing"})
    r = call(bunker, api_id, "nodb", "/items")
    assert r.status == 400
    assert r.json()["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"


def test_s3_service_integration(apigw, client, bunker):
    """An AWS integration storing and reading objects of Bunker's S3 (s3:path/{bucket}/{key})."""
    from botocore.config import Config
    from conftest import make_client
    s3 = make_client(bunker, "s3", s3={"addressing_style": "path"})
    s3.create_bucket(Bucket="apigw-files")
    api_id, root = new_api(apigw)
    key = resource(apigw, api_id, root, "files", "{key}")
    for method in ("PUT", "GET"):
        apigw.put_method(restApiId=api_id, resourceId=key, httpMethod=method, authorizationType="NONE",
                         requestParameters={"method.request.path.key": True})
        apigw.put_integration(restApiId=api_id, resourceId=key, httpMethod=method, type="AWS",
                              integrationHttpMethod=method,
                              uri="arn:aws:apigateway:us-east-1:s3:path/apigw-files/{object}",
                              credentials="arn:aws:iam::000000000000:role/apigw-s3",
                              requestParameters={"integration.request.path.object": "method.request.path.key"})
        apigw.put_method_response(restApiId=api_id, resourceId=key, httpMethod=method, statusCode="200",
                                  responseParameters={"method.response.header.Content-Type": False})
        apigw.put_integration_response(restApiId=api_id, resourceId=key, httpMethod=method, statusCode="200",
                                       responseParameters={"method.response.header.Content-Type":
                                                           "integration.response.header.Content-Type"})
    apigw.create_deployment(restApiId=api_id, stageName="files")
    r = call(bunker, api_id, "files", "/files/note.txt", method="PUT", body="hello s3",
             headers={"Content-Type": "text/plain"})
    assert r.status == 200
    assert s3.get_object(Bucket="apigw-files", Key="note.txt")["Body"].read() == b"hello s3"
    r = call(bunker, api_id, "files", "/files/note.txt")
    assert r.status == 200 and r.body == b"hello s3" and r.headers["content-type"] == "text/plain"
