// 2016-era function (nodejs4.3 days): the SDK v2 from the runtime, callbacks and
// context.succeed, writing to DynamoDB with no endpoint configured in the code.
var AWS = require('aws-sdk');
var dynamodb = new AWS.DynamoDB.DocumentClient();

exports.handler = function (event, context) {
  var params = { TableName: event.table, Item: { id: event.id, message: 'zombies at the gate' } };
  dynamodb.put(params, function (err) {
    if (err) {
      context.fail(err);
    } else {
      context.succeed({ saved: event.id });
    }
  });
};
