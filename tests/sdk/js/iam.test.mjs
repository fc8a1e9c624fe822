// IAM and STS through the AWS SDK for JavaScript v3: the Lambda-tutorial role/policy
// flow, URL-encoded documents as the SDK hands them over, paginators, typed errors, and
// credentials from CreateAccessKey / AssumeRole used by another client.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, CreateRoleCommand, GetRoleCommand, CreatePolicyCommand, AttachRolePolicyCommand,
  ListAttachedRolePoliciesCommand, CreatePolicyVersionCommand, DeleteRoleCommand, CreateUserCommand,
  CreateAccessKeyCommand, paginateListPolicies, NoSuchEntityException, LimitExceededException,
  MalformedPolicyDocumentException, DeleteConflictException, EntityAlreadyExistsException,
} from "@aws-sdk/client-iam";
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { Bunker, clientConfig } from "./harness.mjs";

const bunker = new Bunker("iam", { args: ["--verify-signatures", "--credentials", "test:test"] });
let iam, sts;

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const policyDocument = (action) => JSON.stringify({
  Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }],
});

before(async () => {
  await bunker.start();
  iam = new IAMClient(clientConfig(bunker.endpoint));
  sts = new STSClient(clientConfig(bunker.endpoint));
});

after(async () => {
  await bunker.cleanup();
});

test("tutorial flow: create-policy, create-role, attach-role-policy", async () => {
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "js-policy", PolicyDocument: policyDocument("dynamodb:*") }));
  assert.equal(Policy.Arn, "arn:aws:iam::000000000000:policy/js-policy");
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "js-role", AssumeRolePolicyDocument: trust }));
  assert.match(Role.RoleId, /^AROA[A-Z2-7]{17}$/);
  // The JavaScript SDK hands documents over as IAM sends them: URL-encoded.
  assert.deepEqual(JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument)), JSON.parse(trust));
  assert.ok(Role.CreateDate instanceof Date);
  for (const arn of [Policy.Arn, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: "js-role", PolicyArn: arn }));
  }
  const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "js-role" }));
  assert.deepEqual(AttachedPolicies.map((p) => p.PolicyName).sort(), ["AWSLambdaBasicExecutionRole", "js-policy"]);
  await assert.rejects(iam.send(new DeleteRoleCommand({ RoleName: "js-role" })), DeleteConflictException);
  await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: "JS-ROLE", AssumeRolePolicyDocument: trust })),
    EntityAlreadyExistsException);
});

test("typed errors", async () => {
  await assert.rejects(iam.send(new GetRoleCommand({ RoleName: "nobody" })), (e) => {
    assert.ok(e instanceof NoSuchEntityException);
    assert.equal(e.message, "The role with name nobody cannot be found.");
    assert.equal(e.$metadata.httpStatusCode, 404);
    return true;
  });
  await assert.rejects(iam.send(new CreatePolicyCommand({ PolicyName: "bad", PolicyDocument: "{" })),
    MalformedPolicyDocumentException);
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "five", PolicyDocument: policyDocument("s3:*") }));
  for (let i = 0; i < 4; i++) {
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy.Arn, PolicyDocument: policyDocument(`s3:A${i}`) }));
  }
  await assert.rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy.Arn, PolicyDocument: policyDocument("s3:B") })),
    LimitExceededException);
});

test("paginator walks the AWS managed policies", async () => {
  const names = [];
  for await (const page of paginateListPolicies({ client: iam, pageSize: 10 }, { Scope: "AWS" })) {
    assert.ok(page.Policies.length <= 10);
    names.push(...page.Policies.map((p) => p.PolicyName));
  }
  assert.ok(names.includes("AmazonS3FullAccess") && names.includes("AWSLambdaDynamoDBExecutionRole"));
  assert.equal(new Set(names).size, names.length);
});

test("issued credentials sign requests: access keys and AssumeRole", async () => {
  const root = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(root.Arn, "arn:aws:iam::000000000000:root");

  await iam.send(new CreateUserCommand({ UserName: "js-user" }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "js-user" }));
  const asUser = new STSClient(clientConfig(bunker.endpoint, {
    credentials: { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey },
  }));
  const me = await asUser.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, "arn:aws:iam::000000000000:user/js-user");
  assert.match(me.UserId, /^AIDA/);

  const { Role } = await iam.send(new GetRoleCommand({ RoleName: "js-role" }));
  const { Credentials, AssumedRoleUser } = await asUser.send(new AssumeRoleCommand({ RoleArn: Role.Arn, RoleSessionName: "js" }));
  assert.match(Credentials.AccessKeyId, /^ASIA/);
  assert.ok(Credentials.Expiration instanceof Date && Credentials.Expiration > new Date());
  const asRole = new IAMClient(clientConfig(bunker.endpoint, {
    credentials: {
      accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
    },
  }));
  const got = await asRole.send(new GetRoleCommand({ RoleName: "js-role" }));
  assert.equal(got.Role.Arn, Role.Arn);
  const stsAsRole = new STSClient(clientConfig(bunker.endpoint, { credentials: await asRole.config.credentials() }));
  assert.equal((await stsAsRole.send(new GetCallerIdentityCommand({}))).Arn, AssumedRoleUser.Arn);
});
