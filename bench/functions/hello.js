// The function every Lambda and API Gateway workload calls: small answer, no work, so
// what is measured is the emulator's invoke path.
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ hello: "world", path: (event && (event.rawPath || event.path)) || null }),
});
