// Lambda through the AWS SDK for JavaScript v3: create, waiters, invoke (success, function
// error, Tail logs, Event), versions and aliases, typed errors, and the function's log
// read back through the CloudWatch Logs client.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { crc32 } from "node:zlib";
import {
  LambdaClient, CreateFunctionCommand, InvokeCommand, GetFunctionCommand, PublishVersionCommand,
  CreateAliasCommand, ListFunctionsCommand, DeleteFunctionCommand, UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2, ResourceNotFoundException, ResourceConflictException,
  paginateListFunctions, PutFunctionEventInvokeConfigCommand, GetFunctionEventInvokeConfigCommand,
  GetFunctionCodeSigningConfigCommand, GetRuntimeManagementConfigCommand,
} from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { Bunker, clientConfig, errorOf } from "./harness.mjs";

const bunker = new Bunker("lambda", { args: ["--lambda-async-retry-delay", "0.2s"] });
const ROLE = "arn:aws:iam::000000000000:role/js";
let lambda, logs;

// A zip of {name: text} with stored (uncompressed) entries.
function zipOf(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
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
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(centrals.length / 2, 8); end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(centralSize, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const HANDLER = `
let calls = 0;
exports.handler = async (event, context) => {
  calls++;
  console.log('js-sdk-marker', JSON.stringify(event));
  if (event.fail) throw new TypeError('asked to fail');
  return { calls, version: context.functionVersion, event };
};
`;

before(async () => {
  await bunker.start();
  lambda = new LambdaClient(clientConfig(bunker.endpoint));
  logs = new CloudWatchLogsClient(clientConfig(bunker.endpoint));
  await lambda.send(new CreateFunctionCommand({
    FunctionName: "js-fn", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler",
    Code: { ZipFile: zipOf({ "index.js": HANDLER }) },
  }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { FunctionName: "js-fn" });
});
after(async () => { await bunker.cleanup(); });

const decode = (bytes) => JSON.parse(Buffer.from(bytes).toString());

test("invoke returns the handler's result and keeps the worker warm", async () => {
  const first = await lambda.send(new InvokeCommand({ FunctionName: "js-fn", Payload: JSON.stringify({ a: 1 }) }));
  assert.equal(first.StatusCode, 200);
  assert.equal(first.ExecutedVersion, "$LATEST");
  assert.equal(first.FunctionError, undefined);
  const body = decode(first.Payload);
  assert.deepEqual(body.event, { a: 1 });
  const second = decode((await lambda.send(new InvokeCommand({ FunctionName: "js-fn", Payload: "{}" }))).Payload);
  assert.equal(second.calls, body.calls + 1);
});

test("a function error is HTTP 200 with X-Amz-Function-Error and the runtime's payload", async () => {
  const r = await lambda.send(new InvokeCommand({ FunctionName: "js-fn", Payload: JSON.stringify({ fail: true }), LogType: "Tail" }));
  assert.equal(r.StatusCode, 200);
  assert.equal(r.FunctionError, "Unhandled");
  const body = decode(r.Payload);
  assert.equal(body.errorType, "TypeError");
  assert.equal(body.errorMessage, "asked to fail");
  assert.equal(body.trace[0], "TypeError: asked to fail");
  const log = Buffer.from(r.LogResult, "base64").toString();
  assert.match(log, /\tERROR\tInvoke Error \t\{"errorType":"TypeError"/);
  assert.match(log, /REPORT RequestId: [0-9a-f-]+\tDuration: [0-9.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/);
});

test("versions, aliases and qualified invokes", async () => {
  const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: "js-fn" }));
  assert.equal(v1.Version, "1");
  await lambda.send(new UpdateFunctionCodeCommand({
    FunctionName: "js-fn", ZipFile: zipOf({ "index.js": "exports.handler = async () => 'second';" }),
  }));
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { FunctionName: "js-fn" });
  await lambda.send(new CreateAliasCommand({ FunctionName: "js-fn", Name: "stable", FunctionVersion: "1" }));
  const viaAlias = await lambda.send(new InvokeCommand({ FunctionName: "js-fn", Qualifier: "stable", Payload: "{}" }));
  assert.equal(viaAlias.ExecutedVersion, "1");
  assert.equal(decode(viaAlias.Payload).version, "1");
  const latest = await lambda.send(new InvokeCommand({ FunctionName: "js-fn", Payload: "{}" }));
  assert.equal(decode(latest.Payload), "second");
});

test("Event invocations run in the background and log", async () => {
  const r = await lambda.send(new InvokeCommand({
    FunctionName: "js-fn:stable", InvocationType: "Event", Payload: JSON.stringify({ async: "yes" }),
  }));
  assert.equal(r.StatusCode, 202);
  let events = [];
  for (let i = 0; i < 100 && events.length === 0; i++) {
    events = (await logs.send(new FilterLogEventsCommand({
      logGroupName: "/aws/lambda/js-fn", filterPattern: "js-sdk-marker async",
    }))).events;
    if (events.length === 0) await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(events.length, 1);
  assert.match(events[0].message, /\tINFO\tjs-sdk-marker \{"async":"yes"\}\n$/);
});

test("typed errors", async () => {
  await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "js-missing" })), (e) => {
    assert.ok(e instanceof ResourceNotFoundException);
    assert.equal(e.message, "Function not found: arn:aws:lambda:us-east-1:000000000000:function:js-missing");
    assert.equal(e.$metadata.httpStatusCode, 404);
    return true;
  });
  await assert.rejects(lambda.send(new CreateFunctionCommand({
    FunctionName: "js-fn", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler",
    Code: { ZipFile: zipOf({ "index.js": HANDLER }) },
  })), (e) => e instanceof ResourceConflictException && e.message === "Function already exist: js-fn");
});

test("list functions paginates and delete removes", async () => {
  for (let i = 0; i < 3; i++) {
    await lambda.send(new CreateFunctionCommand({
      FunctionName: `js-page-${i}`, Runtime: "python3.12", Role: ROLE, Handler: "app.handler",
      Code: { ZipFile: zipOf({ "app.py": "def handler(e, c):\n    return 1\n" }) },
    }));
  }
  const names = [];
  for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) {
    names.push(...page.Functions.map((f) => f.FunctionName));
  }
  assert.deepEqual(names.filter((n) => n.startsWith("js-page-")), ["js-page-0", "js-page-1", "js-page-2"]);
  await lambda.send(new DeleteFunctionCommand({ FunctionName: "js-page-0" }));
  const after = (await lambda.send(new ListFunctionsCommand({}))).Functions.map((f) => f.FunctionName);
  assert.ok(!after.includes("js-page-0"));
});

test("settings read back after creating a function: event invoke config, code signing, runtime management", async () => {
  await lambda.send(new CreateFunctionCommand({
    FunctionName: "js-settings", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler",
    Code: { ZipFile: zipOf({ "index.js": HANDLER }) },
  }));
  const arn = "arn:aws:lambda:us-east-1:000000000000:function:js-settings";
  const none = await errorOf(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "js-settings" })));
  assert.ok(none instanceof ResourceNotFoundException);
  assert.equal(none.message, `The function ${arn}:$LATEST doesn't have an EventInvokeConfig`);
  await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "js-settings", MaximumRetryAttempts: 0 }));
  const config = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "js-settings" }));
  assert.equal(config.MaximumRetryAttempts, 0);
  assert.equal(config.FunctionArn, `${arn}:$LATEST`);
  assert.ok(config.LastModified instanceof Date);
  const csc = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "js-settings" }));
  assert.deepEqual([csc.CodeSigningConfigArn, csc.FunctionName], ["", "js-settings"]);
  const runtime = await lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: "js-settings" }));
  assert.deepEqual([runtime.UpdateRuntimeOn, runtime.FunctionArn], ["Auto", arn]);
});
