'use strict';
// POST /zombie/slack — a Slack slash command (/zombie <text>) posts to the chat.
//
// Slack sends an application/x-www-form-urlencoded form; API Gateway's request template
// hands it over as {"body": "<raw form>"} and this function parses it. The answer is a
// slash-command response (JSON with "text"), which Slack shows to the user. 2016 style:
// context.succeed/fail, SDK v2 DocumentClient cached per container.
var AWS = require('aws-sdk');
var querystring = require('querystring');

var docClient = new AWS.DynamoDB.DocumentClient();
var TABLE = process.env.MESSAGES_TABLE || 'messages';
var CHANNEL = process.env.SLACK_CHANNEL || 'default';
// Slack's verification token for the slash command; when set, other posts are refused.
var TOKEN = process.env.SLACK_VERIFICATION_TOKEN || '';

exports.handler = function (event, context) {
  var form = querystring.parse(typeof event.body === 'string' ? event.body : '');
  if (TOKEN && form.token !== TOKEN) {
    context.fail('Forbidden: the Slack verification token does not match');
    return;
  }
  var user = typeof form.user_name === 'string' ? form.user_name.trim() : '';
  var text = typeof form.text === 'string' ? form.text.trim() : '';
  if (!user) {
    context.fail('Bad Request: the form has no user_name');
    return;
  }
  if (!text) {
    context.succeed({ response_type: 'ephemeral', text: 'Usage: ' + (form.command || '/zombie') + ' <message to the survivors>' });
    return;
  }
  docClient.put({
    TableName: TABLE,
    Item: {
      channel: CHANNEL,
      timestamp: Date.now(),
      name: 'Slack ' + user.slice(0, 58),
      message: text.slice(0, 1000),
      via: 'slack',
    },
  }, function (err) {
    if (err) {
      console.log('put failed', err);
      context.fail('Internal Error: could not store the message');
      return;
    }
    context.succeed({ response_type: 'in_channel', text: 'Posted to the survivor chat: ' + text });
  });
};
