// GET /zombie/talkers — who is typing in a channel right now. Written in today's style:
// an ES module with an async handler and the AWS SDK for JavaScript v3 (which the
// nodejs18.x+ runtimes provide); the client lives at module level so warm invocations
// reuse it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.ACTIVITY_TABLE ?? 'activity';
// A survivor counts as typing for this long after their last keystroke.
const TYPING_WINDOW_MS = Number(process.env.TYPING_WINDOW_MS ?? 4000);

export const handler = async (event) => {
  const channel = (typeof event?.channel === 'string' && event.channel.trim()) || 'default';
  const since = Date.now() - TYPING_WINDOW_MS;
  const talkers = [];
  let ExclusiveStartKey;
  do {
    const page = await documents.send(new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'channel = :channel',
      FilterExpression: '#ts > :since',
      ExpressionAttributeNames: { '#ts': 'timestamp' },
      ExpressionAttributeValues: { ':channel': channel, ':since': since },
      ExclusiveStartKey,
    }));
    for (const item of page.Items ?? []) talkers.push({ name: item.name, timestamp: item.timestamp });
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { channel, talkers };
};
