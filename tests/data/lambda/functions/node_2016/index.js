// A 2016-style function: callback-era code that answers with context.succeed/fail.
var counter = 0;

exports.handler = function (event, context) {
  counter++;
  if (event.fail) {
    context.fail(new Error('failed the old way'));
    return;
  }
  if (event.failString) {
    context.fail('plain failure');
    return;
  }
  setTimeout(function () {
    context.succeed({ message: 'Hello ' + (event.name || 'world'), counter: counter });
  }, 5);
};
