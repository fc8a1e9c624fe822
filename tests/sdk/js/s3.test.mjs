// S3 through the AWS SDK for JavaScript v3: @aws-sdk/client-s3 with its default checksum
// behaviour (aws-chunked bodies with a CRC32 trailer), path-style and virtual-hosted
// addressing, @aws-sdk/lib-storage Upload (multipart from a stream), presigned URLs from
// @aws-sdk/s3-request-presigner, typed errors, and Block Public Access, Object Ownership and
// ACLs with a new bucket's defaults, the settings infrastructure tools read back from a new
// bucket, lifecycle rules, and a bucket surviving DELETE with a sub-resource.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command,
  DeleteObjectsCommand, CopyObjectCommand, NoSuchKey, NoSuchBucket, paginateListObjectsV2,
  GetObjectAttributesCommand, PutBucketCorsCommand, DeleteObjectCommand, GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand, DeletePublicAccessBlockCommand, GetBucketOwnershipControlsCommand,
  PutBucketOwnershipControlsCommand, PutObjectAclCommand, GetObjectAclCommand, PutBucketPolicyCommand,
  GetBucketPolicyStatusCommand, S3ServiceException, GetBucketAccelerateConfigurationCommand,
  GetBucketRequestPaymentCommand, PutBucketRequestPaymentCommand, GetBucketLoggingCommand,
  GetBucketLifecycleConfigurationCommand, DeleteBucketLifecycleCommand, GetBucketReplicationCommand,
  GetObjectLockConfigurationCommand, HeadBucketCommand, PutBucketLifecycleConfigurationCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Bunker, clientConfig } from "./harness.mjs";

const bunker = new Bunker("s3");
let s3;
const BUCKET = "js-bucket";

before(async () => {
  await bunker.start();
  s3 = new S3Client(clientConfig(bunker.endpoint, { forcePathStyle: true }));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
after(async () => { await bunker.cleanup(); });

async function errorOf(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

test("put and get with the SDK's default checksums", async () => {
  const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "hello.txt", Body: "hello from js",
    ContentType: "text/plain", Metadata: { Who: "js" } }));
  assert.equal(put.ETag, `"${createHash("md5").update("hello from js").digest("hex")}"`);
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "hello.txt", ChecksumMode: "ENABLED" }));
  assert.equal(await got.Body.transformToString(), "hello from js");
  assert.equal(got.ContentType, "text/plain");
  assert.deepEqual(got.Metadata, { who: "js" });
  assert.ok(got.ChecksumCRC32 || got.ChecksumCRC64NVME, "a whole-object checksum comes back");
});

test("streamed body of unknown length goes up aws-chunked", async () => {
  const data = randomBytes(3 * 1024 * 1024 + 5);
  // A stream body: the SDK sends STREAMING-UNSIGNED-PAYLOAD-TRAILER with a checksum trailer.
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "stream.bin", Body: Readable.from([data.subarray(0, 1000000),
    data.subarray(1000000)]), ContentLength: data.length, ChecksumAlgorithm: "CRC32C" }));
  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "stream.bin", ChecksumMode: "ENABLED" }));
  assert.equal(head.ContentLength, data.length);
  assert.ok(head.ChecksumCRC32C);
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "stream.bin" }));
  assert.equal(sha256(Buffer.from(await got.Body.transformToByteArray())), sha256(data));
});

test("lib-storage Upload of a large stream", async () => {
  const parts = [];
  for (let i = 0; i < 3; i++) parts.push(randomBytes(5 * 1024 * 1024));
  parts.push(randomBytes(1234));
  const all = Buffer.concat(parts);
  const upload = new Upload({ client: s3, params: { Bucket: BUCKET, Key: "lib-storage.bin", Body: Readable.from(parts) },
    partSize: 5 * 1024 * 1024, queueSize: 2 });
  const result = await upload.done();
  assert.match(result.ETag, /-4"$/);
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "lib-storage.bin" }));
  assert.equal(sha256(Buffer.from(await got.Body.transformToByteArray())), sha256(all));
  const attrs = await s3.send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: "lib-storage.bin",
    ObjectAttributes: ["ObjectParts", "ObjectSize"] }));
  assert.equal(attrs.ObjectParts.TotalPartsCount, 4);
  assert.equal(attrs.ObjectSize, all.length);
});

test("typed errors", async () => {
  const e = await errorOf(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "missing" })));
  assert.ok(e instanceof NoSuchKey);
  assert.equal(e.$metadata.httpStatusCode, 404);
  const b = await errorOf(s3.send(new ListObjectsV2Command({ Bucket: "no-such-js-bucket" })));
  assert.ok(b instanceof NoSuchBucket);
  const h = await errorOf(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "missing" })));
  assert.equal(h.name, "NotFound");
});

test("listing, paginators, copy and batch delete", async () => {
  for (let i = 0; i < 7; i++) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `list/${i}`, Body: `${i}` }));
  const keys = [];
  for await (const page of paginateListObjectsV2({ client: s3, pageSize: 3 }, { Bucket: BUCKET, Prefix: "list/" }))
    for (const o of page.Contents ?? []) keys.push(o.Key);
  assert.deepEqual(keys, [0, 1, 2, 3, 4, 5, 6].map((i) => `list/${i}`));
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "list/copy", CopySource: `${BUCKET}/list/3` }));
  const copied = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "list/copy" }));
  assert.equal(await copied.Body.transformToString(), "3");
  const del = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET,
    Delete: { Objects: [...keys, "list/copy"].map((Key) => ({ Key })) } }));
  assert.equal(del.Deleted.length, 8);
  const after = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "list/" }));
  assert.equal(after.KeyCount, 0);
});

test("virtual-hosted addressing", async () => {
  // <bucket>.s3.localhost resolves to loopback on most systems; the Host header is what matters.
  const vh = new S3Client(clientConfig(`http://s3.localhost:${bunker.port}`));
  try {
    await vh.send(new PutObjectCommand({ Bucket: BUCKET, Key: "vhost.txt", Body: "virtual" }));
  } catch (e) {
    if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return; // no *.localhost resolution here
    throw e;
  }
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "vhost.txt" }));
  assert.equal(await got.Body.transformToString(), "virtual");
});

test("presigned URLs from s3-request-presigner", async () => {
  const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: "presigned.txt" }), { expiresIn: 60 });
  const put = await fetch(putUrl, { method: "PUT", body: "via presigned put" });
  assert.equal(put.status, 200);
  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: "presigned.txt" }), { expiresIn: 60 });
  const got = await fetch(getUrl);
  assert.equal(await got.text(), "via presigned put");
  const expired = getUrl.replace(/X-Amz-Date=\d{8}T\d{6}Z/, "X-Amz-Date=20200101T000000Z");
  const r = await fetch(expired);
  assert.equal(r.status, 403);
  assert.match(await r.text(), /Request has expired/);
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "presigned.txt" }));
});

test("CORS headers reach a browser-like fetch", async () => {
  await s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: [
    { AllowedOrigins: ["http://localhost:3000"], AllowedMethods: ["GET", "PUT"], AllowedHeaders: ["*"] }] } }));
  const pre = await fetch(`${bunker.endpoint}/${BUCKET}/hello.txt`, { method: "OPTIONS", headers: {
    Origin: "http://localhost:3000", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" } });
  assert.equal(pre.status, 200);
  assert.equal(pre.headers.get("access-control-allow-origin"), "http://localhost:3000");
  assert.equal(pre.headers.get("access-control-allow-methods"), "GET, PUT");
});

test("Block Public Access, Object Ownership and ACLs", async () => {
  const b = "js-acl-bucket";
  await s3.send(new CreateBucketCommand({ Bucket: b }));
  const bpa = await s3.send(new GetPublicAccessBlockCommand({ Bucket: b }));
  assert.deepEqual(bpa.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true,
    BlockPublicPolicy: true, RestrictPublicBuckets: true });
  const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: b }));
  assert.deepEqual(own.OwnershipControls.Rules, [{ ObjectOwnership: "BucketOwnerEnforced" }]);

  let e = await errorOf(s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x", ACL: "public-read" })));
  assert.ok(e instanceof S3ServiceException);
  assert.equal(e.name, "AccessControlListNotSupported");
  assert.equal(e.message, "The bucket does not allow ACLs");
  assert.equal(e.$metadata.httpStatusCode, 400);
  const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*",
    Action: "s3:GetObject", Resource: `arn:aws:s3:::${b}/*` }] });
  e = await errorOf(s3.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy })));
  assert.equal(e.name, "AccessDenied");
  assert.equal(e.$metadata.httpStatusCode, 403);

  await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: b,
    OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: b, PublicAccessBlockConfiguration: {
    BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } }));
  await s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x", ACL: "public-read" }));
  const acl = await s3.send(new GetObjectAclCommand({ Bucket: b, Key: "k" }));
  assert.deepEqual(acl.Grants.map((g) => [g.Grantee.Type, g.Grantee.URI ?? g.Grantee.ID, g.Permission]), [
    ["CanonicalUser", acl.Owner.ID, "FULL_CONTROL"], ["Group", "http://acs.amazonaws.com/groups/global/AllUsers", "READ"]]);
  await s3.send(new PutObjectAclCommand({ Bucket: b, Key: "k", ACL: "private" }));
  assert.equal((await s3.send(new GetObjectAclCommand({ Bucket: b, Key: "k" }))).Grants.length, 1);
  await s3.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy }));
  assert.equal((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: b }))).PolicyStatus.IsPublic, true);

  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: b }));
  e = await errorOf(s3.send(new GetPublicAccessBlockCommand({ Bucket: b })));
  assert.equal(e.name, "NoSuchPublicAccessBlockConfiguration");
  assert.equal(e.$metadata.httpStatusCode, 404);
});

test("settings read back from a bucket nobody configured, as CDK and Terraform read them", async () => {
  const b = "js-settings";
  await s3.send(new CreateBucketCommand({ Bucket: b }));
  const accelerate = await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: b }));
  assert.equal(accelerate.Status, undefined);
  assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: b }))).Payer, "BucketOwner");
  await s3.send(new PutBucketRequestPaymentCommand({ Bucket: b,
    RequestPaymentConfiguration: { Payer: "BucketOwner" } }));
  assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket: b }))).LoggingEnabled, undefined);
  for (const [command, name] of [
    [new GetBucketLifecycleConfigurationCommand({ Bucket: b }), "NoSuchLifecycleConfiguration"],
    [new GetBucketReplicationCommand({ Bucket: b }), "ReplicationConfigurationNotFoundError"],
    [new GetObjectLockConfigurationCommand({ Bucket: b }), "ObjectLockConfigurationNotFoundError"],
  ]) {
    const e = await errorOf(s3.send(command));
    assert.equal(e.name, name);
    assert.equal(e.$metadata.httpStatusCode, 404);
  }
  assert.equal((await s3.send(new DeleteBucketLifecycleCommand({ Bucket: b }))).$metadata.httpStatusCode, 204);

  // DELETE /bucket?acl has no operation: refused, and the bucket is still there.
  const r = await fetch(`${bunker.endpoint}/${b}?acl`, { method: "DELETE" });
  assert.equal(r.status, 405);
  const body = await r.text();
  assert.match(body, /<Code>MethodNotAllowed<\/Code>/);
  assert.match(body, /<Method>DELETE<\/Method><ResourceType>ACL<\/ResourceType>/);
  await s3.send(new HeadBucketCommand({ Bucket: b }));
});

test("lifecycle rules: stored as sent, applied, and removed", async () => {
  const b = "js-lifecycle";
  await s3.send(new CreateBucketCommand({ Bucket: b }));
  await s3.send(new PutObjectCommand({ Bucket: b, Key: "expired/a", Body: "x" }));
  await s3.send(new PutObjectCommand({ Bucket: b, Key: "kept/a", Body: "x" }));
  const Rules = [
    { ID: "old", Status: "Enabled", Filter: { Prefix: "expired/" }, Expiration: { Date: new Date("2020-01-01T00:00:00Z") } },
    { ID: "uploads", Status: "Enabled", Filter: { Prefix: "" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
  ];
  await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: b, LifecycleConfiguration: { Rules } }));
  const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: b }));
  assert.deepEqual(got.Rules, Rules);
  assert.equal(got.TransitionDefaultMinimumObjectSize, "all_storage_classes_128K");
  for (let i = 0; ; i++) {
    const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: b }))).Contents ?? []).map((o) => o.Key);
    if (keys.length === 1) {
      assert.deepEqual(keys, ["kept/a"]);
      break;
    }
    assert.ok(i < 300, "the expired object goes");
    await new Promise((r) => setTimeout(r, 50));
  }
  await s3.send(new DeleteBucketLifecycleCommand({ Bucket: b }));
  const e = await errorOf(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: b })));
  assert.equal(e.name, "NoSuchLifecycleConfiguration");
});
