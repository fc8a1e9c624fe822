import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const handler = async (event) => ({ esm: true, sdk: typeof DynamoDBClient, event });
