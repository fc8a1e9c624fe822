'use strict';
// POST /zombie/message — stores a survivor's message and answers the channel's latest
// messages (the same DynamoDB Query output as GetMessages, so both methods share one
// response template). 2016 style: context.succeed/fail, SDK v2, a client cached per
// container.
//
// Errors are reported with context.fail(message): API Gateway picks the method response
// by matching errorMessage against each integration response's selection pattern, so the
// "Bad Request: " prefix is what turns an empty message into a 400.
var AWS = require('aws-sdk');

var dynamodb = new AWS.DynamoDB();
var TABLE = process.env.MESSAGES_TABLE || 'messages';
var PAGE = 50;
var MAX_LENGTH = 1000;

function escapeForTemplate(items) {
  // See GetMessages: the response template prints strings between quotes unescaped.
  items.forEach(function (item) {
    Object.keys(item).forEach(function (key) {
      if (item[key].S !== undefined) item[key].S = JSON.stringify(item[key].S).slice(1, -1);
    });
  });
  return items;
}

function text(value) {
  return typeof value === 'string' ? value.trim() : '';
}

exports.handler = function (event, context) {
  var message = text(event.message);
  var name = text(event.name);
  var channel = text(event.channel) || 'default';
  if (!message) {
    context.fail('Bad Request: the message must not be empty');
    return;
  }
  if (!name) {
    context.fail('Bad Request: a survivor name is required');
    return;
  }
  if (message.length > MAX_LENGTH) {
    context.fail('Bad Request: messages are limited to ' + MAX_LENGTH + ' characters');
    return;
  }
  dynamodb.putItem({
    TableName: TABLE,
    Item: {
      channel: { S: channel },
      timestamp: { N: String(Date.now()) },
      name: { S: name.slice(0, 64) },
      message: { S: message },
    },
  }, function (err) {
    if (err) {
      console.log('putItem failed', err);
      context.fail('Internal Error: could not store the message');
      return;
    }
    dynamodb.query({
      TableName: TABLE,
      KeyConditionExpression: 'channel = :channel',
      ExpressionAttributeValues: { ':channel': { S: channel } },
      ScanIndexForward: false,
      Limit: PAGE,
    }, function (err2, data) {
      if (err2) {
        console.log('query failed', err2);
        context.fail('Internal Error: could not read messages');
        return;
      }
      escapeForTemplate(data.Items);
      context.succeed(data);
    });
  });
};
