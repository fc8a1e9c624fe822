// EventBridge custom event buses through the AWS SDK for JavaScript v3: create, describe,
// list with a prefix and pages, rules on a bus, PutEvents by bus name and ARN, and the typed
// errors the SDK raises.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  EventBridgeClient, CreateEventBusCommand, DescribeEventBusCommand, ListEventBusesCommand,
  DeleteEventBusCommand, PutRuleCommand, DeleteRuleCommand, ListRulesCommand, PutEventsCommand,
  ResourceAlreadyExistsException, ResourceNotFoundException,
} from "@aws-sdk/client-eventbridge";
import { Bunker, clientConfig, errorOf } from "./harness.mjs";

const bunker = new Bunker("events");
let events;

before(async () => {
  await bunker.start();
  events = new EventBridgeClient(clientConfig(bunker.endpoint));
});

after(async () => {
  await bunker.cleanup();
});

test("a custom bus: create, describe, list, rules, events, delete", async () => {
  const created = await events.send(new CreateEventBusCommand({ Name: "js-bus", Description: "from js" }));
  assert.equal(created.EventBusArn, "arn:aws:events:us-east-1:000000000000:event-bus/js-bus");
  assert.equal(created.Description, "from js");
  const again = await errorOf(events.send(new CreateEventBusCommand({ Name: "js-bus" })));
  assert.ok(again instanceof ResourceAlreadyExistsException);
  assert.equal(again.message, "Event bus js-bus already exists.");

  const d = await events.send(new DescribeEventBusCommand({ Name: created.EventBusArn }));
  assert.equal(d.Name, "js-bus");
  assert.equal(d.Description, "from js");
  assert.ok(d.CreationTime instanceof Date);

  await events.send(new CreateEventBusCommand({ Name: "js-bus-2" }));
  const page1 = await events.send(new ListEventBusesCommand({ NamePrefix: "js-", Limit: 1 }));
  const page2 = await events.send(new ListEventBusesCommand({ NamePrefix: "js-", Limit: 1, NextToken: page1.NextToken }));
  assert.deepEqual([...page1.EventBuses, ...page2.EventBuses].map((b) => b.Name), ["js-bus", "js-bus-2"]);
  assert.equal(page2.NextToken, undefined);

  const { RuleArn } = await events.send(new PutRuleCommand({
    Name: "js-rule", EventBusName: "js-bus", EventPattern: JSON.stringify({ source: ["js"] }),
  }));
  assert.equal(RuleArn, "arn:aws:events:us-east-1:000000000000:rule/js-bus/js-rule");
  const { Rules } = await events.send(new ListRulesCommand({ EventBusName: created.EventBusArn }));
  assert.deepEqual(Rules.map((r) => [r.Name, r.EventBusName]), [["js-rule", "js-bus"]]);
  const missing = await errorOf(events.send(new PutRuleCommand({
    Name: "x", EventBusName: "no-such-bus", EventPattern: JSON.stringify({ source: ["js"] }),
  })));
  assert.ok(missing instanceof ResourceNotFoundException);
  assert.equal(missing.message, "Event bus no-such-bus does not exist.");

  const put = await events.send(new PutEventsCommand({ Entries: [
    { Source: "js", DetailType: "t", Detail: "{}", EventBusName: "js-bus" },
    { Source: "js", DetailType: "t", Detail: "{}", EventBusName: "no-such-bus" },
  ] }));
  assert.equal(put.FailedEntryCount, 0);
  assert.ok(put.Entries.every((e) => typeof e.EventId === "string"));

  const busy = await errorOf(events.send(new DeleteEventBusCommand({ Name: "js-bus" })));
  assert.equal(busy.name, "ValidationException");
  assert.equal(busy.message, "EventBus can't be deleted since it has rules.");
  await events.send(new DeleteRuleCommand({ Name: "js-rule", EventBusName: "js-bus" }));
  await events.send(new DeleteEventBusCommand({ Name: "js-bus" }));
  const gone = await errorOf(events.send(new DescribeEventBusCommand({ Name: "js-bus" })));
  assert.ok(gone instanceof ResourceNotFoundException);
});
