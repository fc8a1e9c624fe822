// GET /zombie/search?q=… — messages that contain every word of the query, newest first,
// from the `search` table that IndexMessages fills from the messages' stream.
// Today's style: async handler, SDK v3, module-level client.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.SEARCH_TABLE ?? 'search';
const MAX_QUERY_WORDS = 5;
const MAX_RESULTS = 20;

// The same words the indexer makes.
function words(text) {
  const found = String(text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(found.filter((w) => w.length >= 2))];
}

async function messagesWith(word) {
  const found = new Map();
  let ExclusiveStartKey;
  do {
    const page = await documents.send(new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'word = :word',
      ExpressionAttributeValues: { ':word': word },
      ScanIndexForward: false,
      ExclusiveStartKey,
    }));
    for (const item of page.Items ?? []) found.set(item.id, item);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

export const handler = async (event) => {
  const query = typeof event?.q === 'string' ? event.q.trim() : '';
  const channel = typeof event?.channel === 'string' ? event.channel.trim() : '';
  const terms = words(query).slice(0, MAX_QUERY_WORDS);
  if (terms.length === 0) throw new Error('Bad Request: search for at least one word of two or more letters');

  const sets = await Promise.all(terms.map(messagesWith));
  const [first, ...rest] = sets.sort((a, b) => a.size - b.size);
  const results = [...first.values()]
    .filter((m) => rest.every((s) => s.has(m.id)))
    .filter((m) => !channel || m.channel === channel)
    .sort((a, b) => b.timestamp - a.timestamp)
    .slice(0, MAX_RESULTS)
    .map(({ name, message, channel: c, timestamp }) => ({ name, message, channel: c, timestamp }));
  return { query, words: terms, results };
};
