#pragma once
// Which S3 operation a request names: from its method, whether it addresses a bucket or a
// key, and its sub-resource (the query parameter that selects an operation: ?acl, ?cors…).
#include <string_view>

#include "s3/call.h"

namespace bunker::s3 {

struct Route {
  const char* name = "";
  Operation op = nullptr;
  // ?notification belongs to the event-source module; the service answers it itself.
  bool notification = false;
};

// The operation for `call` (bucket and key already addressed). Throws S3's refusal when
// there is none: MethodNotAllowed for a method the sub-resource does not have (so that a
// request with a sub-resource never becomes the plain bucket or object operation),
// InvalidArgument for two sub-resources at once, NotImplemented for what Bunker lacks.
Route route(const Call& call);

}  // namespace bunker::s3
