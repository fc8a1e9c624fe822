// The search add-on's indexer: the `messages` table's stream invokes this function
// through an event source mapping with batches of change records; every word of a new
// message becomes an item of the `search` table (word + message id), which
// SearchMessages queries. Today's style: async handler, SDK v3, module-level client.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.SEARCH_TABLE ?? 'search';
const MAX_WORDS = 50;

// Lower-case words of letters and digits, two characters or more, each once.
export function words(text) {
  const found = String(text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(found.filter((w) => w.length >= 2))].slice(0, MAX_WORDS);
}

// The id sorts by time within a word: channel#zero-padded timestamp.
export const messageId = (channel, timestamp) => `${channel}#${String(timestamp).padStart(15, '0')}`;

async function writeAll(requests) {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = { [TABLE]: requests.slice(i, i + 25) };
    for (let attempt = 0; pending[TABLE]?.length; attempt++) {
      if (attempt > 5) throw new Error('the search table keeps refusing writes');
      const out = await documents.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = out.UnprocessedItems ?? {};
    }
  }
}

export const handler = async (event) => {
  const requests = [];
  for (const record of event.Records ?? []) {
    // Messages are only ever added (a MODIFY re-indexes); nothing removes them.
    if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') continue;
    const image = record.dynamodb?.NewImage;
    if (!image?.message?.S || !image.channel?.S || !image.timestamp?.N) continue;
    const item = {
      id: messageId(image.channel.S, image.timestamp.N),
      channel: image.channel.S,
      timestamp: Number(image.timestamp.N),
      name: image.name?.S ?? '',
      message: image.message.S,
    };
    for (const word of words(item.message)) requests.push({ PutRequest: { Item: { word, ...item } } });
  }
  await writeAll(requests);
  console.log(`indexed ${requests.length} words from ${event.Records?.length ?? 0} records`);
  return { indexed: requests.length };
};
