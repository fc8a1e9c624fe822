// CloudWatch Logs group settings through the AWS SDK for JavaScript v3, as CDK and SAM
// read them back: retention shown by DescribeLogGroups, tags by log-group ARN and by
// name, typed errors, all kept across a restart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand,
  DeleteRetentionPolicyCommand, TagResourceCommand, UntagResourceCommand, ListTagsForResourceCommand,
  ListTagsLogGroupCommand, ResourceNotFoundException, InvalidParameterException,
} from "@aws-sdk/client-cloudwatch-logs";
import { Bunker, clientConfig, errorOf } from "./harness.mjs";

const bunker = new Bunker("lambda-logs");
const ARN = "arn:aws:logs:us-east-1:000000000000:log-group:";
let logs;

before(async () => {
  await bunker.start();
  logs = new CloudWatchLogsClient(clientConfig(bunker.endpoint));
});
after(async () => {
  logs?.destroy();
  await bunker.cleanup();
});

async function groupOf(name) {
  const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return logGroups.find((g) => g.logGroupName === name);
}

test("retention and tags, read back and kept across a restart", async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/js/app", tags: { stack: "cdk" } }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: "/js/app", retentionInDays: 5 }));
  const group = await groupOf("/js/app");
  assert.equal(group.retentionInDays, 5);
  assert.equal(group.logGroupArn, ARN + "/js/app");
  const arn = group.logGroupArn;
  await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: "js", tier: "2" } }));
  await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["tier"] }));
  assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags,
    { stack: "cdk", owner: "js" });

  await bunker.stop();
  await bunker.start();
  assert.equal((await groupOf("/js/app")).retentionInDays, 5);
  assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: "/js/app" }))).tags,
    { stack: "cdk", owner: "js" });
  await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: "/js/app" }));
  assert.equal((await groupOf("/js/app")).retentionInDays, undefined);
});

test("errors are CloudWatch Logs' own", async () => {
  const missing = await errorOf(logs.send(new PutRetentionPolicyCommand({ logGroupName: "/js/none", retentionInDays: 1 })));
  assert.ok(missing instanceof ResourceNotFoundException);
  assert.equal(missing.message, "The specified log group does not exist.");
  const untagged = await errorOf(logs.send(new ListTagsForResourceCommand({ resourceArn: ARN + "/js/none" })));
  assert.ok(untagged instanceof ResourceNotFoundException);
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/js/bad" }));
  const bad = await errorOf(logs.send(new PutRetentionPolicyCommand({ logGroupName: "/js/bad", retentionInDays: 10 })));
  assert.ok(bad instanceof InvalidParameterException);
  assert.match(bad.message, /Value '10' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set/);
});
