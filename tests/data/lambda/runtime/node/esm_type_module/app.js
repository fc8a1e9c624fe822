import { S3Client } from '@aws-sdk/client-s3';

let calls = 0;
export const handler = async (event, context) => ({ esm: true, calls: ++calls, id: context.awsRequestId, sdk: typeof S3Client });
