"""HTTP APIs (API Gateway v2) through boto3 and the AWS CLI: APIs, routes, integrations,
stages (auto-deploy and manual deployments), authorizer records and tags; invoked over
HTTP with an HTTP_PROXY integration to a local backend."""
import pytest
from botocore.exceptions import ClientError

from apigateway_support import EchoBackend, call


@pytest.fixture(scope="module")
def v2(client):
    return client("apigatewayv2")


@pytest.fixture(scope="module")
def backend():
    b = EchoBackend()
    yield b
    b.close()


def test_api_lifecycle(v2):
    api = v2.create_api(Name="http", ProtocolType="HTTP", Description="d", Tags={"k": "v"})
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert api["RouteSelectionExpression"] == "$request.method $request.path"
    assert api["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert api["Tags"] == {"k": "v"} and api["DisableExecuteApiEndpoint"] is False
    api_id = api["ApiId"]
    assert v2.get_api(ApiId=api_id)["Name"] == "http"
    assert api_id in [a["ApiId"] for a in v2.get_apis()["Items"]]
    updated = v2.update_api(ApiId=api_id, Name="renamed", CorsConfiguration={"AllowOrigins": ["*"]})
    assert updated["Name"] == "renamed" and updated["CorsConfiguration"] == {"AllowOrigins": ["*"]}
    v2.delete_cors_configuration(ApiId=api_id)
    assert "CorsConfiguration" not in v2.get_api(ApiId=api_id)
    arn = f"arn:aws:apigateway:us-east-1::/apis/{api_id}"
    v2.tag_resource(ResourceArn=arn, Tags={"x": "1"})
    v2.untag_resource(ResourceArn=arn, TagKeys=["k"])
    assert v2.get_tags(ResourceArn=arn)["Tags"] == {"x": "1"}
    v2.delete_api(ApiId=api_id)
    with pytest.raises(ClientError) as e:
        v2.get_api(ApiId=api_id)
    assert e.value.response["Error"]["Code"] == "NotFoundException"
    with pytest.raises(ClientError) as e:
        v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    assert e.value.response["Error"]["Code"] == "BadRequestException"


def test_routes_integrations_and_authorizers(v2):
    api_id = v2.create_api(Name="r", ProtocolType="HTTP")["ApiId"]
    integ = v2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri="http://127.0.0.1:1",
                                  IntegrationMethod="ANY", PayloadFormatVersion="1.0")
    assert integ["ConnectionType"] == "INTERNET" and integ["TimeoutInMillis"] == 30000
    route = v2.create_route(ApiId=api_id, RouteKey="GET /pets/{id}", Target=f"integrations/{integ['IntegrationId']}")
    assert route["AuthorizationType"] == "NONE" and route["ApiKeyRequired"] is False
    with pytest.raises(ClientError) as e:
        v2.create_route(ApiId=api_id, RouteKey="GET /pets/{id}")
    assert e.value.response["Error"]["Code"] == "ConflictException"
    with pytest.raises(ClientError) as e:
        v2.create_route(ApiId=api_id, RouteKey="pets")
    assert e.value.response["Error"]["Code"] == "BadRequestException"
    auth = v2.create_authorizer(ApiId=api_id, Name="a", AuthorizerType="REQUEST",
                                AuthorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                              "arn:aws:lambda:us-east-1:000000000000:function:f/invocations",
                                IdentitySource=["$request.header.Authorization"],
                                AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True)
    assert auth["AuthorizerType"] == "REQUEST" and auth["EnableSimpleResponses"] is True
    v2.update_route(ApiId=api_id, RouteId=route["RouteId"], AuthorizationType="CUSTOM", AuthorizerId=auth["AuthorizerId"])
    assert v2.get_route(ApiId=api_id, RouteId=route["RouteId"])["AuthorizerId"] == auth["AuthorizerId"]
    with pytest.raises(ClientError) as e:
        v2.delete_integration(ApiId=api_id, IntegrationId=integ["IntegrationId"])
    assert e.value.response["Error"]["Code"] == "ConflictException"
    assert len(v2.get_integrations(ApiId=api_id)["Items"]) == 1
    assert len(v2.get_authorizers(ApiId=api_id)["Items"]) == 1


def test_stages_deployments_and_invocation(v2, bunker, backend):
    api_id = v2.create_api(Name="deploy", ProtocolType="HTTP")["ApiId"]
    integ = v2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri=backend.url + "/v1/{proxy}",
                                  IntegrationMethod="ANY", PayloadFormatVersion="1.0")["IntegrationId"]
    v2.create_route(ApiId=api_id, RouteKey="ANY /{proxy+}", Target=f"integrations/{integ}")
    stage = v2.create_stage(ApiId=api_id, StageName="prod", StageVariables={"a": "b"})
    assert stage["AutoDeploy"] is False and "DeploymentId" not in stage
    assert call(bunker, api_id, "prod", "/x").status == 404  # nothing deployed yet
    dep = v2.create_deployment(ApiId=api_id, StageName="prod", Description="first")
    assert dep["DeploymentStatus"] == "DEPLOYED" and dep["AutoDeployed"] is False
    assert v2.get_stage(ApiId=api_id, StageName="prod")["DeploymentId"] == dep["DeploymentId"]
    r = call(bunker, api_id, "prod", "/items/1", method="POST", body={"k": 1}, query="q=1")
    assert r.status == 200
    seen = r.json()
    assert seen["method"] == "POST" and seen["path"] == "/v1/items/1" and seen["query"] == {"q": ["1"]}
    # Manual stages keep serving their deployment until redeployed.
    v2.update_integration(ApiId=api_id, IntegrationId=integ, IntegrationUri=backend.url + "/v2/{proxy}")
    assert call(bunker, api_id, "prod", "/items/1").json()["path"] == "/v1/items/1"
    v2.create_deployment(ApiId=api_id, StageName="prod")
    assert call(bunker, api_id, "prod", "/items/1").json()["path"] == "/v2/items/1"
    # An auto-deploying stage follows every change.
    v2.create_stage(ApiId=api_id, StageName="live", AutoDeploy=True)
    assert call(bunker, api_id, "live", "/z").json()["path"] == "/v2/z"
    v2.update_integration(ApiId=api_id, IntegrationId=integ, IntegrationUri=backend.url + "/v3/{proxy}")
    assert call(bunker, api_id, "live", "/z").json()["path"] == "/v3/z"
    assert len(v2.get_deployments(ApiId=api_id)["Items"]) >= 3
    in_use = v2.get_stage(ApiId=api_id, StageName="prod")["DeploymentId"]
    with pytest.raises(ClientError) as e:
        v2.delete_deployment(ApiId=api_id, DeploymentId=in_use)
    assert e.value.response["Error"]["Code"] == "BadRequestException"
    v2.delete_stage(ApiId=api_id, StageName="live")
    assert [s["StageName"] for s in v2.get_stages(ApiId=api_id)["Items"]] == ["prod"]


def test_cli_quick_create(aws, bunker, backend):
    api = aws.json("apigatewayv2", "create-api", "--name", "quick", "--protocol-type", "HTTP",
                   "--target", backend.url)
    assert aws.json("apigatewayv2", "get-stages", "--api-id", api["ApiId"])["Items"][0]["StageName"] == "$default"
    r = call(bunker, api["ApiId"], None, "/anything")
    assert r.status == 200 and r.json()["method"] == "GET"


def test_parameter_mapping(v2, bunker, backend):
    api_id = v2.create_api(Name="mapping", ProtocolType="HTTP")["ApiId"]
    integ = v2.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri=backend.url + "/orig", IntegrationMethod="ANY",
        PayloadFormatVersion="1.0",
        RequestParameters={"overwrite:path": "/mapped/$request.path.id", "append:header.x-from": "$request.header.x-in",
                           "overwrite:querystring.stage": "$context.stage", "remove:header.x-secret": "''"},
        ResponseParameters={"200": {"overwrite:statuscode": "202", "append:header.x-seen": "$response.header.x-backend"}})
    v2.create_route(ApiId=api_id, RouteKey="GET /things/{id}", Target=f"integrations/{integ['IntegrationId']}")
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    r = call(bunker, api_id, None, "/things/7", query="q=1", headers={"x-in": "hello", "x-secret": "s"})
    assert r.status == 202 and r.headers["x-seen"] == "echo"
    seen = r.json()
    assert seen["query"] == {"q": ["1"], "stage": ["$default"]}
    assert seen["headers"]["x-from"] == "hello" and "x-secret" not in seen["headers"]
