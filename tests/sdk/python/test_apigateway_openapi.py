"""OpenAPI 2.0 and 3.0 (JSON and YAML) into REST APIs with API Gateway's extensions —
ImportRestApi through boto3 and the AWS CLI, PutRestApi merge/overwrite, GetExport back
out (and in again) — and HTTP API import/export."""
import json

import pytest
import yaml

from apigateway_support import EchoBackend, call

SWAGGER = {
    "swagger": "2.0",
    "info": {"title": "PetStore", "version": "1.0", "description": "pets"},
    "basePath": "/v1",
    "x-amazon-apigateway-binary-media-types": ["image/png", "image/*"],
    "x-amazon-apigateway-api-key-source": "HEADER",
    "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}},
    "x-amazon-apigateway-gateway-responses": {
        "DEFAULT_4XX": {"responseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}}},
    "securityDefinitions": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "ListPets",
                "parameters": [{"name": "type", "in": "query", "required": False, "type": "string"}],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pets"},
                                      "headers": {"Access-Control-Allow-Origin": {"type": "string"}}}},
                "x-amazon-apigateway-integration": {
                    "type": "mock", "passthroughBehavior": "when_no_match",
                    "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
                    "responses": {"default": {
                        "statusCode": "200",
                        "responseParameters": {"method.response.header.Access-Control-Allow-Origin": "'*'"},
                        "responseTemplates": {"application/json": "[{\"type\": \"$input.params('type')\"}]"}}}}},
            "post": {
                "x-amazon-apigateway-request-validator": "all",
                "security": [{"api_key": []}],
                "parameters": [{"in": "body", "name": "Pet", "required": True, "schema": {"$ref": "#/definitions/Pet"}}],
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
                    "responses": {"default": {"statusCode": "200"}}}}},
        "/pets/{petId}": {
            "parameters": [{"name": "petId", "in": "path", "required": True, "type": "string"}],
            "x-amazon-apigateway-any-method": {
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "http_proxy", "httpMethod": "ANY", "uri": "http://127.0.0.1:1/{petId}",
                    "requestParameters": {"integration.request.path.petId": "method.request.path.petId"}}}}},
    "definitions": {
        "Pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
        "Pets": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}},
}

OAS30_YAML = """
openapi: 3.0.1
info:
  title: Items
  version: "2024-01-01"
x-amazon-apigateway-binary-media-types:
  - application/octet-stream
paths:
  /items/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
        - name: X-Trace
          in: header
          required: false
          schema:
            type: string
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: '{"id": "$input.params(''id'')", "yaml": true}'
components:
  schemas:
    Item:
      type: object
      properties:
        id:
          type: string
"""


@pytest.fixture(scope="module")
def apigw(client):
    return client("apigateway")


def test_import_swagger_json(apigw, bunker):
    api = apigw.import_rest_api(body=json.dumps(SWAGGER).encode())
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert api["name"] == "PetStore" and api["description"] == "pets" and api["version"] == "1.0"
    assert api["binaryMediaTypes"] == ["image/png", "image/*"] and api["apiKeySource"] == "HEADER"
    api_id = api["id"]
    resources = {r["path"]: r for r in apigw.get_resources(restApiId=api_id, embed=["methods"])["items"]}
    assert sorted(resources) == ["/", "/pets", "/pets/{petId}"]
    get = resources["/pets"]["resourceMethods"]["GET"]
    assert get["operationName"] == "ListPets"
    assert get["requestParameters"] == {"method.request.querystring.type": False}
    assert get["methodResponses"]["200"]["responseModels"] == {"application/json": "Pets"}
    assert get["methodIntegration"]["type"] == "MOCK" and get["methodIntegration"]["passthroughBehavior"] == "WHEN_NO_MATCH"
    post = resources["/pets"]["resourceMethods"]["POST"]
    assert post["apiKeyRequired"] is True and post["requestModels"] == {"application/json": "Pet"}
    validators = apigw.get_request_validators(restApiId=api_id)["items"]
    assert post["requestValidatorId"] == validators[0]["id"] and validators[0]["name"] == "all"
    anym = resources["/pets/{petId}"]["resourceMethods"]["ANY"]
    assert anym["methodIntegration"]["type"] == "HTTP_PROXY"
    assert anym["requestParameters"] == {"method.request.path.petId": True}
    models = {m["name"]: json.loads(m["schema"]) for m in apigw.get_models(restApiId=api_id)["items"]}
    assert models["Pets"]["items"]["$ref"] == f"https://apigateway.amazonaws.com/restapis/{api_id}/models/Pet"
    assert apigw.get_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")["defaultResponse"] is False
    apigw.create_deployment(restApiId=api_id, stageName="v1")
    r = call(bunker, api_id, "v1", "/pets", query={"type": "dog"})
    assert r.json() == [{"type": "dog"}] and r.headers["access-control-allow-origin"] == "*"
    r = call(bunker, api_id, "v1", "/pets", method="POST", body={"name": "x"})
    assert r.status == 403 and r.headers["access-control-allow-origin"] == "*"


def test_import_oas30_yaml_with_the_cli(aws, bunker, tmp_path):
    spec = tmp_path / "items.yaml"
    spec.write_text(OAS30_YAML)
    api = aws.json("apigateway", "import-rest-api", "--body", f"fileb://{spec}")
    assert api["name"] == "Items" and api["binaryMediaTypes"] == ["application/octet-stream"]
    resources = aws.json("apigateway", "get-resources", "--rest-api-id", api["id"], "--embed", "methods")["items"]
    item = [r for r in resources if r["path"] == "/items/{id}"][0]["resourceMethods"]["GET"]
    assert item["requestParameters"] == {"method.request.path.id": True, "method.request.header.X-Trace": False}
    assert item["methodResponses"]["200"]["responseModels"] == {"application/json": "Item"}
    aws.json("apigateway", "create-deployment", "--rest-api-id", api["id"], "--stage-name", "dev")
    assert call(bunker, api["id"], "dev", "/items/9").json() == {"id": "9", "yaml": True}


def test_import_errors(apigw):
    from botocore.exceptions import ClientError
    with pytest.raises(ClientError) as e:
        apigw.import_rest_api(body=b"{not: [valid")
    assert e.value.response["Error"]["Code"] == "BadRequestException"
    with pytest.raises(ClientError) as e:
        apigw.import_rest_api(body=json.dumps({"info": {"title": "x"}, "paths": {}}).encode())
    assert e.value.response["Error"]["Code"] == "BadRequestException"


def test_put_rest_api_merge_and_overwrite(apigw, bunker):
    api_id = apigw.import_rest_api(body=json.dumps(SWAGGER).encode())["id"]
    extra = {"swagger": "2.0", "info": {"title": "PetStore", "version": "2"},
             "paths": {"/owners": {"get": {"responses": {"200": {"description": "ok"}},
                                           "x-amazon-apigateway-integration": {
                                               "type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
                                               "responses": {"default": {"statusCode": "200"}}}}}}}
    merged = apigw.put_rest_api(restApiId=api_id, mode="merge", body=json.dumps(extra).encode())
    assert merged["ResponseMetadata"]["HTTPStatusCode"] == 200
    paths = sorted(r["path"] for r in apigw.get_resources(restApiId=api_id)["items"])
    assert paths == ["/", "/owners", "/pets", "/pets/{petId}"]
    apigw.put_rest_api(restApiId=api_id, mode="overwrite", body=json.dumps(extra).encode())
    paths = sorted(r["path"] for r in apigw.get_resources(restApiId=api_id)["items"])
    assert paths == ["/", "/owners"]
    assert "binaryMediaTypes" not in apigw.get_rest_api(restApiId=api_id)


def test_export_round_trip(apigw):
    api_id = apigw.import_rest_api(body=json.dumps(SWAGGER).encode())["id"]
    apigw.create_deployment(restApiId=api_id, stageName="prod")
    out = apigw.get_export(restApiId=api_id, stageName="prod", exportType="swagger",
                           parameters={"extensions": "integrations"}, accepts="application/json")
    assert out["contentType"] == "application/json"
    doc = json.loads(out["body"].read())
    assert doc["swagger"] == "2.0" and doc["info"]["title"] == "PetStore" and doc["basePath"] == "/prod"
    get = doc["paths"]["/pets"]["get"]
    assert get["x-amazon-apigateway-integration"]["type"] == "mock"
    assert get["responses"]["200"]["schema"] == {"$ref": "#/definitions/Pets"}
    assert doc["definitions"]["Pets"]["items"] == {"$ref": "#/definitions/Pet"}
    assert "x-amazon-apigateway-any-method" in doc["paths"]["/pets/{petId}"]
    plain = json.loads(apigw.get_export(restApiId=api_id, stageName="prod", exportType="oas30",
                                        accepts="application/json")["body"].read())
    assert plain["openapi"].startswith("3.0") and "x-amazon-apigateway-integration" not in plain["paths"]["/pets"]["get"]
    assert plain["servers"][0]["variables"]["basePath"]["default"] == "prod"
    yml = apigw.get_export(restApiId=api_id, stageName="prod", exportType="oas30",
                           parameters={"extensions": "apigateway"}, accepts="application/yaml")
    assert yml["contentType"] == "application/yaml"
    parsed = yaml.safe_load(yml["body"].read())
    assert parsed["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"]["type"] == "mock"
    again = apigw.import_rest_api(body=json.dumps(doc).encode())
    paths = sorted(r["path"] for r in apigw.get_resources(restApiId=again["id"])["items"])
    assert paths == ["/", "/pets", "/pets/{petId}"]


def test_http_api_import_and_export(client, bunker):
    apigw2 = client("apigatewayv2")
    backend = EchoBackend()
    try:
        spec = {"openapi": "3.0.1", "info": {"title": "proxy", "version": "1"},
                "x-amazon-apigateway-cors": {"allowOrigins": ["*"], "allowMethods": ["GET"]},
                "paths": {"/hello/{name}": {"get": {"responses": {"default": {"description": "x"}},
                                                   "x-amazon-apigateway-integration": {
                                                       "type": "http_proxy", "httpMethod": "GET",
                                                       "uri": backend.url + "/greet/{name}",
                                                       "payloadFormatVersion": "1.0"}}}}}
        api = apigw2.import_api(Body=json.dumps(spec))
        api_id = api["ApiId"]
        assert api["Name"] == "proxy" and api["CorsConfiguration"]["AllowOrigins"] == ["*"]
        routes = apigw2.get_routes(ApiId=api_id)["Items"]
        assert [r["RouteKey"] for r in routes] == ["GET /hello/{name}"]
        apigw2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        r = call(bunker, api_id, None, "/hello/ann", headers={"Origin": "http://x"})
        assert r.json()["path"] == "/greet/ann" and r.headers["access-control-allow-origin"] == "*"
        exported = json.loads(apigw2.export_api(ApiId=api_id, Specification="OAS30", OutputType="JSON")["body"].read())
        assert exported["paths"]["/hello/{name}"]["get"]["x-amazon-apigateway-integration"]["type"] == "http_proxy"
    finally:
        backend.close()
