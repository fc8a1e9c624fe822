'use strict';
// POST /zombie/talkers — "this survivor is typing". Records the survivor's last keystroke
// time in the activity table (its own data store, separate from the messages), in the
// workshop's 2016 style with the SDK v2 DocumentClient cached per container.
var AWS = require('aws-sdk');

var docClient = new AWS.DynamoDB.DocumentClient();
var TABLE = process.env.ACTIVITY_TABLE || 'activity';

exports.handler = function (event, context) {
  var name = typeof event.name === 'string' ? event.name.trim() : '';
  var channel = (typeof event.channel === 'string' && event.channel.trim()) || 'default';
  if (!name) {
    context.fail('Bad Request: a survivor name is required');
    return;
  }
  var now = Date.now();
  docClient.put({
    TableName: TABLE,
    Item: {
      channel: channel,
      name: name.slice(0, 64),
      timestamp: now,
      // The table's TTL attribute: survivors who left drop out of the table after a day.
      expires: Math.floor(now / 1000) + 86400,
    },
  }, function (err) {
    if (err) {
      console.log('put failed', err);
      context.fail('Internal Error: could not record activity');
      return;
    }
    context.succeed({ channel: channel, name: name, timestamp: now });
  });
};
