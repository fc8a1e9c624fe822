// API Gateway through the AWS SDK for JavaScript v3, called with Node's fetch: a REST API
// with a Lambda proxy route, a MOCK route and a CORS preflight method; an HTTP API with
// CORS configured; typed errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { crc32 } from "node:zlib";
import {
  APIGatewayClient, CreateRestApiCommand, CreateResourceCommand, PutMethodCommand, PutIntegrationCommand,
  PutMethodResponseCommand, PutIntegrationResponseCommand, CreateDeploymentCommand, GetResourcesCommand,
  GetRestApiCommand, NotFoundException,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, CreateApiCommand } from "@aws-sdk/client-apigatewayv2";
import { LambdaClient, CreateFunctionCommand, AddPermissionCommand, waitUntilFunctionActiveV2 } from "@aws-sdk/client-lambda";
import { Bunker, clientConfig } from "./harness.mjs";

const bunker = new Bunker("apigateway");
const ROLE = "arn:aws:iam::000000000000:role/js";
let apigw, apigw2, lambda;

// A zip of one stored file.
function zipOf(name, text) {
  const data = Buffer.from(text);
  const nameBytes = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(0x031e, 4); central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12); end.writeUInt32LE(30 + nameBytes.length + data.length, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

const ECHO = `exports.handler = async (event) => ({ statusCode: 200, headers: { 'x-echo': 'yes' },
  body: JSON.stringify({ path: event.path, resource: event.resource, method: event.httpMethod,
                         query: event.queryStringParameters, body: event.body, stage: event.requestContext.stage }) });`;

// The path form of a stage URL, which needs no DNS for <api-id>.execute-api.localhost.
const stageUrl = (apiId, stage, path) => `${bunker.endpoint}/restapis/${apiId}/${stage}/_user_request_${path}`;

let fnArn;

before(async () => {
  await bunker.start();
  apigw = new APIGatewayClient(clientConfig(bunker.endpoint));
  apigw2 = new ApiGatewayV2Client(clientConfig(bunker.endpoint));
  lambda = new LambdaClient(clientConfig(bunker.endpoint));
  const fn = await lambda.send(new CreateFunctionCommand({
    FunctionName: "js-echo", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler",
    Code: { ZipFile: zipOf("index.js", ECHO) },
  }));
  fnArn = fn.FunctionArn;
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: "js-echo" });
});

after(async () => {
  await bunker.cleanup();
});

test("a REST API defined with the SDK answers fetch, with a CORS preflight", async () => {
  const api = await apigw.send(new CreateRestApiCommand({ name: "js-api" }));
  const items = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "items" }));
  const proxy = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: items.id, pathPart: "{proxy+}" }));
  await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: "ANY", authorizationType: "NONE" }));
  await apigw.send(new PutIntegrationCommand({
    restApiId: api.id, resourceId: proxy.id, httpMethod: "ANY", type: "AWS_PROXY", integrationHttpMethod: "POST",
    uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
    credentials: "arn:aws:iam::000000000000:role/apigw",
  }));
  // OPTIONS answered by a MOCK integration with CORS headers, the console's way.
  await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: "OPTIONS", authorizationType: "NONE" }));
  await apigw.send(new PutIntegrationCommand({
    restApiId: api.id, resourceId: proxy.id, httpMethod: "OPTIONS", type: "MOCK",
    requestTemplates: { "application/json": '{"statusCode": 200}' },
  }));
  await apigw.send(new PutMethodResponseCommand({
    restApiId: api.id, resourceId: proxy.id, httpMethod: "OPTIONS", statusCode: "200",
    responseParameters: { "method.response.header.Access-Control-Allow-Origin": true,
                          "method.response.header.Access-Control-Allow-Methods": true },
  }));
  await apigw.send(new PutIntegrationResponseCommand({
    restApiId: api.id, resourceId: proxy.id, httpMethod: "OPTIONS", statusCode: "200",
    responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'http://localhost:3000'",
                          "method.response.header.Access-Control-Allow-Methods": "'GET,POST,OPTIONS'" },
  }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "dev" }));
  const listed = await apigw.send(new GetResourcesCommand({ restApiId: api.id }));
  assert.deepEqual(listed.items.map((r) => r.path), ["/", "/items", "/items/{proxy+}"]);

  const res = await fetch(stageUrl(api.id, "dev", "/items/a/b?x=1"), {
    method: "POST", body: JSON.stringify({ hello: "fetch" }), headers: { "content-type": "application/json" },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-echo"), "yes");
  const body = await res.json();
  assert.deepEqual(body, { path: "/items/a/b", resource: "/items/{proxy+}", method: "POST", query: { x: "1" },
                           body: '{"hello":"fetch"}', stage: "dev" });

  const pre = await fetch(stageUrl(api.id, "dev", "/items/a"), {
    method: "OPTIONS", headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "POST" },
  });
  assert.equal(pre.status, 200);
  assert.equal(pre.headers.get("access-control-allow-origin"), "http://localhost:3000");
  assert.equal(pre.headers.get("access-control-allow-methods"), "GET,POST,OPTIONS");

  const missing = await fetch(stageUrl(api.id, "dev", "/nothing"));
  assert.equal(missing.status, 403);
  assert.deepEqual(await missing.json(), { message: "Missing Authentication Token" });
});

test("an HTTP API quick-created with the SDK, CORS configured", async () => {
  const api = await apigw2.send(new CreateApiCommand({
    Name: "js-http", ProtocolType: "HTTP", Target: fnArn,
    CorsConfiguration: { AllowOrigins: ["http://localhost:3000"], AllowMethods: ["GET"], AllowHeaders: ["x-token"] },
  }));
  // As a real deploy does: quick create adds no permission for API Gateway to invoke the function.
  await lambda.send(new AddPermissionCommand({
    FunctionName: "js-echo", StatementId: `apigw-${api.ApiId}`, Action: "lambda:InvokeFunction",
    Principal: "apigateway.amazonaws.com", SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${api.ApiId}/*/$default`,
  }));
  const pre = await fetch(stageUrl(api.ApiId, "$default", "/thing"), {
    method: "OPTIONS",
    headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-token" },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "http://localhost:3000");
  assert.equal(pre.headers.get("access-control-allow-headers"), "x-token");
  const res = await fetch(stageUrl(api.ApiId, "$default", "/thing"), { headers: { Origin: "http://localhost:3000" } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:3000");
});

test("typed errors", async () => {
  await assert.rejects(apigw.send(new GetRestApiCommand({ restApiId: "missing" })), (e) => {
    assert.ok(e instanceof NotFoundException);
    assert.equal(e.message, "Invalid API identifier specified 000000000000:missing");
    return true;
  });
});
