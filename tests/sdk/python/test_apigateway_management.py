"""API Gateway REST APIs (v1) through boto3 and the AWS CLI: APIs, resources, methods,
integrations and their responses, deployments, stages, authorizers, models, request
validators, gateway responses, API keys, usage plans and tags, with AWS's shapes and
the error texts AWS recorded for misuse."""
import json

import pytest
from botocore.exceptions import ClientError


@pytest.fixture(scope="module")
def apigw(client):
    return client("apigateway")


def error(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


def new_api(apigw, **kwargs):
    kwargs.setdefault("name", "test-api")
    api = apigw.create_rest_api(**kwargs)
    # Debian's botocore predates the rootResourceId member and drops it.
    api.setdefault("rootResourceId", apigw.get_resources(restApiId=api["id"])["items"][0]["id"])
    return api


def knows_member(apigw, shape, member):
    return member in apigw.meta.service_model.shape_for(shape).members


def test_create_get_list_delete_rest_api(apigw):
    api = new_api(apigw, name="pets", description="this is my api", tags={"team": "a"})
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(api["id"]) == 10 and api["id"].isalnum() and api["id"].lower() == api["id"]
    assert api["apiKeySource"] == "HEADER" and api["disableExecuteApiEndpoint"] is False
    # (ipAddressType is newer than Debian's botocore, which drops it.)
    assert api["endpointConfiguration"]["types"] == ["EDGE"]
    assert api["endpointConfiguration"].get("ipAddressType", "ipv4") == "ipv4"
    assert api["tags"] == {"team": "a"}
    got = apigw.get_rest_api(restApiId=api["id"])
    assert got["name"] == "pets" and got.get("rootResourceId", api["rootResourceId"]) == api["rootResourceId"]
    assert api["id"] in [a["id"] for a in apigw.get_rest_apis()["items"]]
    assert apigw.delete_rest_api(restApiId=api["id"])["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as e:
        apigw.get_rest_api(restApiId=api["id"])
    assert error(e) == ("NotFoundException", f"Invalid API identifier specified 000000000000:{api['id']}", 404)


def test_create_rest_api_validation(apigw):
    with pytest.raises(ClientError) as e:
        new_api(apigw, description="")
    assert error(e) == ("BadRequestException", "Description cannot be an empty string", 400)
    with pytest.raises(ClientError) as e:
        new_api(apigw, minimumCompressionSize=-1)
    assert error(e)[1] == "Invalid minimum compression size, must be between 0 and 10485760"
    with pytest.raises(ClientError) as e:
        new_api(apigw, endpointConfiguration={"types": ["EDGE", "REGIONAL"]})
    assert error(e)[1] == "Cannot create an api with multiple Endpoint Types."
    if knows_member(apigw, "EndpointConfiguration", "ipAddressType"):
        with pytest.raises(ClientError) as e:
            new_api(apigw, endpointConfiguration={"types": ["PRIVATE"], "ipAddressType": "ipv4"})
        assert error(e)[1] == "Only dualstack ipAddressType is supported for Private APIs."
    private = new_api(apigw, endpointConfiguration={"types": ["PRIVATE"]})
    assert private["endpointConfiguration"]["types"] == ["PRIVATE"]
    assert private["endpointConfiguration"].get("ipAddressType", "dualstack") == "dualstack"
    regional = new_api(apigw, endpointConfiguration={"types": ["REGIONAL"]}, binaryMediaTypes=["image/png"])
    assert regional["endpointConfiguration"]["types"] == ["REGIONAL"] and regional["binaryMediaTypes"] == ["image/png"]


def test_update_rest_api_patch_operations(apigw):
    api_id = new_api(apigw, description="this is my api")["id"]
    r = apigw.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes/image~1png"},
        {"op": "add", "path": "/binaryMediaTypes/image~1jpeg"}])
    assert r["binaryMediaTypes"] == ["image/png", "image/jpeg"] and r["description"] == "this is my api"
    r = apigw.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/binaryMediaTypes/image~1png", "value": "image/gif"}])
    assert r["binaryMediaTypes"] == ["image/jpeg", "image/gif"]
    r = apigw.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "remove", "path": "/binaryMediaTypes/image~1gif"}, {"op": "remove", "path": "/description"}])
    assert r["binaryMediaTypes"] == ["image/jpeg"] and "description" not in r
    r = apigw.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/minimumCompressionSize", "value": "10"}])
    assert r["minimumCompressionSize"] == 10
    with pytest.raises(ClientError) as e:
        apigw.update_rest_api(restApiId=api_id, patchOperations=[
            {"op": "add", "path": "/minimumCompressionSize", "value": "10"}])
    assert error(e)[1] == "Invalid patch operation specified. Must be one of: [replace]"
    with pytest.raises(ClientError) as e:
        apigw.update_rest_api(restApiId=api_id, patchOperations=[{"op": "add", "path": "/binaryMediaTypes", "value": "a/b"}])
    assert error(e)[1] == "Invalid patch path /binaryMediaTypes"
    with pytest.raises(ClientError) as e:
        apigw.update_rest_api(restApiId=api_id, patchOperations=[{"op": "wrong", "path": "/name"}, {"op": "bad", "path": "/x"}])
    code, message, status = error(e)
    assert code == "ValidationException" and status == 400
    assert message.startswith("2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op'")
    with pytest.raises(ClientError) as e:
        apigw.update_rest_api(restApiId="api_id", patchOperations=[{"op": "replace", "path": "/apiKeySource", "value": "AUTHORIZER"}])
    assert error(e) == ("NotFoundException", "Invalid API identifier specified 000000000000:api_id", 404)


def test_resource_tree(apigw):
    api = new_api(apigw)
    api_id, root = api["id"], api["rootResourceId"]
    assert apigw.get_resources(restApiId=api_id)["items"] == [{"id": root, "path": "/"}]
    pets = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
    assert pets["path"] == "/pets" and pets["parentId"] == root and len(pets["id"]) == 6
    sub = apigw.create_resource(restApiId=api_id, parentId=pets["id"], pathPart="{petId}")
    assert sub["path"] == "/pets/{petId}"
    with pytest.raises(ClientError) as e:
        apigw.create_resource(restApiId=api_id, parentId=pets["id"], pathPart="{other}")
    assert error(e) == ("BadRequestException",
                        "A sibling ({petId}) of this resource already has a variable path part -- only one is allowed", 400)
    with pytest.raises(ClientError) as e:
        apigw.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
    assert error(e) == ("ConflictException", "Another resource with the same parent already has this name: pets", 409)
    greedy = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")
    with pytest.raises(ClientError) as e:
        apigw.create_resource(restApiId=api_id, parentId=greedy["id"], pathPart="child")
    assert error(e)[1] == "Cannot create a child of a resource with a greedy path variable: {proxy+}"
    with pytest.raises(ClientError) as e:
        apigw.create_resource(restApiId=api_id, parentId="nope", pathPart="x")
    assert error(e) == ("NotFoundException", "Invalid Resource identifier specified", 404)
    # AWS lists depth first, siblings by path part.
    assert [r["path"] for r in apigw.get_resources(restApiId=api_id)["items"]] == ["/", "/pets", "/pets/{petId}", "/{proxy+}"]
    moved = apigw.update_resource(restApiId=api_id, resourceId=pets["id"], patchOperations=[
        {"op": "replace", "path": "/pathPart", "value": "dogs"}])
    assert moved["path"] == "/dogs"
    assert apigw.get_resource(restApiId=api_id, resourceId=sub["id"])["path"] == "/dogs/{petId}"
    with pytest.raises(ClientError) as e:
        apigw.update_resource(restApiId=api_id, resourceId=pets["id"], patchOperations=[
            {"op": "replace", "path": "/parentId", "value": sub["id"]}])
    assert error(e)[1] == "Resources cannot be cyclical."
    with pytest.raises(ClientError) as e:
        apigw.update_resource(restApiId=api_id, resourceId=root, patchOperations=[
            {"op": "replace", "path": "/pathPart", "value": "x"}])
    assert error(e)[1] == "Root resource cannot update its pathPart."
    with pytest.raises(ClientError) as e:
        apigw.update_resource(restApiId=api_id, resourceId=pets["id"], patchOperations=[
            {"op": "remove", "path": "/pathPart"}])
    assert error(e)[1] == "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations"
    apigw.delete_resource(restApiId=api_id, resourceId=pets["id"])
    assert [r["path"] for r in apigw.get_resources(restApiId=api_id)["items"]] == ["/", "/{proxy+}"]


def test_methods_and_method_responses(apigw):
    api = new_api(apigw)
    api_id, root = api["id"], api["rootResourceId"]
    m = apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="ANY", authorizationType="NONE",
                         requestParameters={"method.request.querystring.q_required": True,
                                            "method.request.header.h_optional": False})
    assert m["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert m["requestParameters"] == {"method.request.querystring.q_required": True,
                                      "method.request.header.h_optional": False}
    with pytest.raises(ClientError) as e:
        apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="ANY", authorizationType="NONE")
    assert error(e) == ("ConflictException", "Method already exists for this resource", 409)
    with pytest.raises(ClientError) as e:
        apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="WRONG", authorizationType="NONE")
    assert error(e)[1] == "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
    with pytest.raises(ClientError) as e:
        apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="CUSTOM")
    assert error(e)[1].startswith("Invalid authorizer ID specified.")
    with pytest.raises(ClientError) as e:
        apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE",
                         requestParameters={"method.request.querystring.same": True, "method.request.header.same": True})
    assert error(e)[1] == "Parameter names must be unique across querystring, header and path"
    u = apigw.update_method(restApiId=api_id, resourceId=root, httpMethod="ANY", patchOperations=[
        {"op": "add", "path": "/requestModels/application~1json", "value": "Empty"},
        {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
        {"op": "remove", "path": "/requestParameters/method.request.header.h_optional"}])
    assert u["requestModels"] == {"application/json": "Empty"} and u["apiKeyRequired"] is True
    assert u["requestParameters"] == {"method.request.querystring.q_required": True}
    with pytest.raises(ClientError) as e:
        apigw.update_method(restApiId=api_id, resourceId=root, httpMethod="ANY",
                            patchOperations=[{"op": "replace", "path": "/httpMethod", "value": "GET"}])
    assert error(e)[1] == "Invalid patch path /httpMethod"

    r = apigw.put_method_response(restApiId=api_id, resourceId=root, httpMethod="ANY", statusCode="200",
                                  responseParameters={"method.response.header.my-header": True},
                                  responseModels={"application/json": "Empty"})
    assert r["statusCode"] == "200" and r["responseModels"] == {"application/json": "Empty"}
    with pytest.raises(ClientError) as e:
        apigw.get_method_response(restApiId=api_id, resourceId=root, httpMethod="ANY", statusCode="201")
    assert error(e) == ("NotFoundException", "Invalid Response status code specified", 404)
    with pytest.raises(ClientError) as e:
        apigw.update_method_response(restApiId=api_id, resourceId=root, httpMethod="ANY", statusCode="wrong",
                                     patchOperations=[{"op": "wrong_op", "path": "/responseParameters/x"}])
    assert error(e) == ("ValidationException",
                        "2 validation errors detected: Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.1."
                        "member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, "
                        "test, replace, copy]; Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must "
                        "satisfy regular expression pattern: [1-5]\\d\\d", 400)
    u = apigw.update_method_response(restApiId=api_id, resourceId=root, httpMethod="ANY", statusCode="200",
                                     patchOperations=[{"op": "remove", "path": "/responseModels/application~1json"}])
    assert u["ResponseMetadata"]["HTTPStatusCode"] == 201 and "responseModels" not in u
    method = apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="ANY")
    assert method["methodResponses"]["200"]["responseParameters"] == {"method.response.header.my-header": True}
    apigw.delete_method(restApiId=api_id, resourceId=root, httpMethod="ANY")
    with pytest.raises(ClientError) as e:
        apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="ANY")
    assert error(e) == ("NotFoundException", "Invalid Method identifier specified", 404)


def test_integrations_validation_and_shapes(apigw):
    api = new_api(apigw)
    api_id, root = api["id"], api["rootResourceId"]
    apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    with pytest.raises(ClientError) as e:
        apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK")
    assert error(e) == ("NotFoundException", "Invalid Method identifier specified", 404)
    with pytest.raises(ClientError) as e:
        apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="HTTP", uri="http://example.com")
    assert error(e)[1] == "Enumeration value for HttpMethod must be non-empty"
    with pytest.raises(ClientError) as e:
        apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="HTTP",
                              integrationHttpMethod="POST", uri="example.com")
    assert error(e)[1] == "Invalid HTTP endpoint specified for URI"
    with pytest.raises(ClientError) as e:
        apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS",
                              integrationHttpMethod="POST", uri="not-an-arn")
    assert error(e)[1] == "Invalid ARN specified in the request"
    with pytest.raises(ClientError) as e:
        apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                              integrationHttpMethod="POST", uri="arn:aws:lambda:us-east-1:000000000000:function:f")
    assert error(e)[1] == "AWS ARN for integration must contain path or action"
    with pytest.raises(ClientError) as e:
        apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                              integrationHttpMethod="POST", uri="arn:aws:apigateway:us-east-1:s3:path/b/k")
    assert error(e)[1] == ("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose "
                           "stream invocations.")
    i = apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="HTTP",
                              integrationHttpMethod="POST", uri="http://example.com")
    assert {k: v for k, v in i.items() if k != "ResponseMetadata"} == {
        "type": "HTTP", "httpMethod": "POST", "uri": "http://example.com", "connectionType": "INTERNET",
        "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000, "cacheNamespace": root,
        "cacheKeyParameters": []}
    r = apigw.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                       selectionPattern="2\\d{2}", responseTemplates={})
    assert r["selectionPattern"] == "2\\d{2}" and r["responseTemplates"] == {}
    r = apigw.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="400",
                                       selectionPattern="", responseTemplates={"application/json": ""})
    assert r["responseTemplates"] == {"application/json": None}
    with pytest.raises(ClientError) as e:
        apigw.get_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="500")
    assert error(e)[1] == "Invalid Response status code specified"
    method = apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert set(method["methodIntegration"]["integrationResponses"]) == {"200", "400"}
    u = apigw.update_integration(restApiId=api_id, resourceId=root, httpMethod="GET", patchOperations=[
        {"op": "add", "path": "/requestTemplates/application~1json", "value": "{}"},
        {"op": "replace", "path": "/passthroughBehavior", "value": "NEVER"}])
    assert u["requestTemplates"] == {"application/json": "{}"} and u["passthroughBehavior"] == "NEVER"
    apigw.delete_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="400")
    apigw.delete_integration(restApiId=api_id, resourceId=root, httpMethod="GET")
    with pytest.raises(ClientError) as e:
        apigw.get_integration(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert error(e) == ("NotFoundException", "Invalid Integration identifier specified", 404)


def mock_api(apigw):
    api = new_api(apigw)
    api_id, root = api["id"], api["rootResourceId"]
    apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    return api_id


def test_deployments_and_stages(apigw):
    empty = new_api(apigw)["id"]
    with pytest.raises(ClientError) as e:
        apigw.create_deployment(restApiId=empty, stageName="s")
    assert error(e) == ("BadRequestException", "The REST API doesn't contain any methods", 400)
    api_id = mock_api(apigw)
    d1 = apigw.create_deployment(restApiId=api_id, stageName="s1", description="first", variables={"v": "1"})
    assert d1["ResponseMetadata"]["HTTPStatusCode"] == 201 and d1["description"] == "first"
    stage = apigw.get_stage(restApiId=api_id, stageName="s1")
    assert stage["deploymentId"] == d1["id"] and stage["variables"] == {"v": "1"}
    assert stage["cacheClusterEnabled"] is False and stage["cacheClusterStatus"] == "NOT_AVAILABLE"
    assert stage["methodSettings"] == {} and stage["tracingEnabled"] is False
    with pytest.raises(ClientError) as e:
        apigw.delete_deployment(restApiId=api_id, deploymentId=d1["id"])
    assert error(e) == ("BadRequestException", "Active stages pointing to this deployment must be moved or deleted", 400)
    d2 = apigw.create_deployment(restApiId=api_id)
    s2 = apigw.create_stage(restApiId=api_id, stageName="s2", deploymentId=d2["id"], description="my stage",
                            documentationVersion="v123")
    assert s2["ResponseMetadata"]["HTTPStatusCode"] == 201 and s2["documentationVersion"] == "v123"
    with pytest.raises(ClientError) as e:
        apigw.create_stage(restApiId=api_id, stageName="s2", deploymentId=d2["id"])
    assert error(e)[0] == "ConflictException"
    assert [s["stageName"] for s in apigw.get_stages(restApiId=api_id, deploymentId=d2["id"])["item"]] == ["s2"]
    assert len(apigw.get_deployments(restApiId=api_id)["items"]) == 2
    u = apigw.update_stage(restApiId=api_id, stageName="s1", patchOperations=[
        {"op": "replace", "path": "/deploymentId", "value": d2["id"]},
        {"op": "replace", "path": "/variables/v", "value": "2"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "123"},
        {"op": "replace", "path": "/~1test/GET/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/tracingEnabled", "value": "true"}])
    assert u["deploymentId"] == d2["id"] and u["variables"] == {"v": "2"} and u["tracingEnabled"] is True
    assert u["methodSettings"]["*/*"]["throttlingBurstLimit"] == 123
    assert u["methodSettings"]["test/GET"]["cachingEnabled"] is True
    with pytest.raises(ClientError) as e:
        apigw.update_stage(restApiId=api_id, stageName="s1",
                           patchOperations=[{"op": "replace", "path": "/documentation_version", "value": "x"}])
    assert error(e)[1].startswith("Invalid method setting path: /documentation_version. Must be one of: [/deploymentId, ")
    reset = apigw.update_stage(restApiId=api_id, stageName="s1", patchOperations=[{"op": "remove", "path": "/*/*"}])
    assert "*/*" not in reset["methodSettings"]
    with pytest.raises(ClientError) as e:
        apigw.update_stage(restApiId=api_id, stageName="s1", patchOperations=[{"op": "remove", "path": "/*/*"}])
    assert error(e)[1] == "Cannot remove method setting */* because there is no method setting for this method "
    apigw.delete_deployment(restApiId=api_id, deploymentId=d1["id"])
    apigw.update_deployment(restApiId=api_id, deploymentId=d2["id"],
                            patchOperations=[{"op": "replace", "path": "/description", "value": "new-description"}])
    assert apigw.get_deployment(restApiId=api_id, deploymentId=d2["id"])["description"] == "new-description"
    apigw.delete_stage(restApiId=api_id, stageName="s2")
    with pytest.raises(ClientError) as e:
        apigw.get_stage(restApiId=api_id, stageName="s2")
    assert error(e) == ("NotFoundException", "Invalid Stage identifier specified", 404)


def test_authorizers_models_validators(apigw):
    api_id = new_api(apigw)["id"]
    with pytest.raises(ClientError) as e:
        apigw.create_authorizer(restApiId="test-fake-rest-id", name="a", type="TOKEN",
                                identitySource="method.request.header.Auth", authorizerUri="arn:x")
    assert error(e) == ("ConflictException",
                        "Unable to complete operation due to concurrent modification. Please try again later.", 409)
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:000000000000:function:auth/invocations")
    a = apigw.create_authorizer(restApiId=api_id, name="lambda_authorizer", type="TOKEN", authType="custom",
                                identitySource="method.request.header.Auth", authorizerUri=uri)
    assert a["ResponseMetadata"]["HTTPStatusCode"] == 201 and a["type"] == "TOKEN" and a["authType"] == "custom"
    assert apigw.get_authorizers(restApiId=api_id)["items"][0]["id"] == a["id"]
    u = apigw.update_authorizer(restApiId=api_id, authorizerId=a["id"], patchOperations=[
        {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "60"}])
    assert u["authorizerResultTtlInSeconds"] == 60

    models = {m["name"]: m for m in apigw.get_models(restApiId=api_id)["items"]}
    assert models["Empty"]["description"] == "This is a default empty schema model"
    assert json.loads(models["Error"]["schema"])["title"] == "Error Schema"
    schema = json.dumps({"title": "Calc", "type": "object", "properties": {"a": {"type": "number"}}, "required": ["a"]})
    m = apigw.create_model(restApiId=api_id, name="Calc", contentType="application/json", schema=schema)
    assert m["ResponseMetadata"]["HTTPStatusCode"] == 201 and json.loads(m["schema"])["title"] == "Calc"
    with pytest.raises(ClientError) as e:
        apigw.create_model(restApiId=api_id, name="Calc", contentType="application/json", schema=schema)
    assert error(e) == ("ConflictException", "Model name already exists for this REST API", 409)
    with pytest.raises(ClientError) as e:
        apigw.create_model(restApiId=api_id, name="Other", contentType="application/json", schema="{}")
    assert error(e)[1] == "Model schema must have at least 1 property or array items defined"
    with pytest.raises(ClientError) as e:
        apigw.get_model(restApiId=api_id, modelName="MySchema")
    assert error(e) == ("NotFoundException", "Invalid model name specified: MySchema", 404)
    with pytest.raises(ClientError) as e:
        apigw.update_model(restApiId=api_id, modelName="Calc", patchOperations=[{"op": "replace", "path": "/name", "value": "x"}])
    assert error(e)[1] == "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]"

    v = apigw.create_request_validator(restApiId=api_id, name="body", validateRequestBody=True)
    assert v["validateRequestBody"] is True and v["validateRequestParameters"] is False
    with pytest.raises(ClientError) as e:
        apigw.update_request_validator(restApiId=api_id, requestValidatorId=v["id"],
                                       patchOperations=[{"op": "replace", "path": "/name", "value": ""}])
    assert error(e)[1] == "Request Validator name cannot be blank"
    with pytest.raises(ClientError) as e:
        apigw.create_request_validator(restApiId="nope", name="x")
    assert error(e) == ("NotFoundException", "Invalid REST API identifier specified", 404)
    apigw.delete_request_validator(restApiId=api_id, requestValidatorId=v["id"])
    assert apigw.get_request_validators(restApiId=api_id)["items"] == []


def test_gateway_responses(apigw):
    api_id = new_api(apigw)["id"]
    default = apigw.get_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN")
    assert default["defaultResponse"] is True and default["statusCode"] == "403"
    assert default["responseTemplates"] == {"application/json": '{"message":$context.error.messageString}'}
    put = apigw.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX",
                                     responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"})
    assert put["defaultResponse"] is False and put["ResponseMetadata"]["HTTPStatusCode"] == 201
    types = [g["responseType"] for g in apigw.get_gateway_responses(restApiId=api_id)["items"]]
    assert len(types) == 21 and types[0] == "ACCESS_DENIED"
    with pytest.raises(ClientError) as e:
        apigw.get_gateway_response(restApiId=api_id, responseType="FAKE_RESPONSE_TYPE")
    assert error(e)[0] == "ValidationException"
    with pytest.raises(ClientError) as e:
        apigw.delete_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED")
    assert error(e) == ("NotFoundException", "Gateway response type not defined on api", 404)


def test_api_keys_usage_plans_and_tags(apigw):
    api_id = mock_api(apigw)
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    key = apigw.create_api_key(name="k1", enabled=True)
    assert key["ResponseMetadata"]["HTTPStatusCode"] == 201 and key["enabled"] is True
    assert len(key["value"]) >= 20 and key["stageKeys"] == []
    assert "value" not in apigw.get_api_key(apiKey=key["id"])
    assert apigw.get_api_key(apiKey=key["id"], includeValue=True)["value"] == key["value"]
    plan = apigw.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": "dev"}],
                                   throttle={"burstLimit": 1, "rateLimit": 2.0},
                                   quota={"limit": 10, "offset": 0, "period": "DAY"})
    assert plan["apiStages"] == [{"apiId": api_id, "stage": "dev"}] and plan["quota"]["period"] == "DAY"
    pk = apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    assert pk == {**pk, "id": key["id"], "type": "API_KEY", "value": key["value"], "name": "k1"}
    assert apigw.get_usage_plan_keys(usagePlanId=plan["id"])["items"][0]["id"] == key["id"]
    with pytest.raises(ClientError) as e:
        apigw.update_usage_plan(usagePlanId="nope", patchOperations=[{"op": "replace", "path": "/name", "value": "x"}])
    assert error(e) == ("NotFoundException", "Invalid Usage Plan ID specified", 404)
    with pytest.raises(ClientError) as e:
        apigw.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
            {"op": "add", "path": "/apiStages", "value": f"{api_id}:fakestagename"}])
    assert error(e)[1] == f"Invalid API Stage {{api: {api_id}, stage: fakestagename}} specified for usageplan {plan['id']}"
    u = apigw.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "replace", "path": "/quota/limit", "value": "5000"},
        {"op": "replace", "path": "/quota/period", "value": "MONTH"},
        {"op": "replace", "path": "/throttle/rateLimit", "value": "200"}])
    assert u["quota"] == {"limit": 5000, "offset": 0, "period": "MONTH"} and u["throttle"]["rateLimit"] == 200.0
    k = apigw.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}])
    assert k["enabled"] is False

    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api_id}"
    apigw.tag_resource(resourceArn=arn, tags={"a": "1", "b": "2"})
    apigw.untag_resource(resourceArn=arn, tagKeys=["b"])
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"a": "1"}
    assert apigw.get_rest_api(restApiId=api_id)["tags"] == {"a": "1"}
    stage_arn = f"{arn}/stages/dev"
    apigw.tag_resource(resourceArn=stage_arn, tags={"s": "x"})
    assert apigw.get_stage(restApiId=api_id, stageName="dev")["tags"] == {"s": "x"}
    apigw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    apigw.delete_usage_plan(usagePlanId=plan["id"])
    apigw.delete_api_key(apiKey=key["id"])


def test_records_survive_a_restart(apigw, bunker):
    from apigateway_support import call
    api_id = mock_api(apigw)
    root = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    apigw.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    apigw.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": '{"kept": true}'})
    apigw.create_deployment(restApiId=api_id, stageName="keep")
    assert call(bunker, api_id, "keep").json() == {"kept": True}
    bunker.restart(kill=True)
    assert apigw.get_stage(restApiId=api_id, stageName="keep")["stageName"] == "keep"
    assert call(bunker, api_id, "keep").json() == {"kept": True}  # the deployment snapshot survived
    method = apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert method["methodIntegration"]["type"] == "MOCK"


def test_cli_defines_an_api(aws):
    api = aws.json("apigateway", "create-rest-api", "--name", "cli-api")
    root = aws.json("apigateway", "get-resources", "--rest-api-id", api["id"])["items"][0]["id"]
    res = aws.json("apigateway", "create-resource", "--rest-api-id", api["id"], "--parent-id", root, "--path-part", "items")
    aws.json("apigateway", "put-method", "--rest-api-id", api["id"], "--resource-id", res["id"],
             "--http-method", "GET", "--authorization-type", "NONE")
    aws.json("apigateway", "put-integration", "--rest-api-id", api["id"], "--resource-id", res["id"],
             "--http-method", "GET", "--type", "MOCK", "--request-templates", '{"application/json": "{\\"statusCode\\": 200}"}')
    items = aws.json("apigateway", "get-resources", "--rest-api-id", api["id"])["items"]
    assert [r["path"] for r in items] == ["/", "/items"]
    d = aws.json("apigateway", "create-deployment", "--rest-api-id", api["id"], "--stage-name", "prod")
    assert aws.json("apigateway", "get-stage", "--rest-api-id", api["id"], "--stage-name", "prod")["deploymentId"] == d["id"]
    p = aws.run("apigateway", "get-rest-api", "--rest-api-id", "missing", check=False)
    assert p.returncode != 0 and "NotFoundException" in p.stderr
