'use strict';
// GET /zombie/message — the latest messages of a channel (or of one survivor), in the
// workshop's 2016 style: a callback handler that answers through context.succeed/fail,
// the JavaScript SDK v2 and a client created once per container, so warm invocations
// reuse it.
//
// The function answers DynamoDB's own Query output (Items in AttributeValue form: {"S": …},
// {"N": …}): API Gateway's response template walks $inputRoot.Items and prints
// "$elem.message.S" between quotes, newest last.
var AWS = require('aws-sdk');

var dynamodb = new AWS.DynamoDB();
var TABLE = process.env.MESSAGES_TABLE || 'messages';
var PAGE = 50;

// The response template prints each string between double quotes without escaping it,
// so a quote or backslash in a message would break the JSON the page receives. The
// strings are handed over JSON-escaped; what the template prints then parses back to the
// survivor's original text.
function escapeForTemplate(items) {
  items.forEach(function (item) {
    Object.keys(item).forEach(function (key) {
      if (item[key].S !== undefined) item[key].S = JSON.stringify(item[key].S).slice(1, -1);
    });
  });
  return items;
}

// The latest messages of a channel, or with a name, of one survivor (across channels)
// through the table's name-timestamp-index.
function queryFor(event) {
  var name = event && typeof event.name === 'string' ? event.name.trim() : '';
  if (name) {
    return {
      TableName: TABLE,
      IndexName: 'name-timestamp-index',
      KeyConditionExpression: '#name = :name',
      ExpressionAttributeNames: { '#name': 'name' }, // a reserved word
      ExpressionAttributeValues: { ':name': { S: name } },
      ScanIndexForward: false,
      Limit: PAGE,
    };
  }
  return {
    TableName: TABLE,
    KeyConditionExpression: 'channel = :channel',
    ExpressionAttributeValues: { ':channel': { S: (event && event.channel) || 'default' } },
    ScanIndexForward: false, // newest first; the template reverses them for display
    Limit: PAGE,
  };
}

exports.handler = function (event, context) {
  dynamodb.query(queryFor(event), function (err, data) {
    if (err) {
      console.log('query failed', err);
      context.fail('Internal Error: could not read messages');
      return;
    }
    escapeForTemplate(data.Items);
    context.succeed(data);
  });
};
