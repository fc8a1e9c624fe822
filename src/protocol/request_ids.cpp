#include "bunker/protocol/request_ids.h"

#include "bunker/core/ids.h"

namespace bunker::protocol {

std::string dynamodb_request_id() { return random_alnum(52); }
std::string s3_request_id() { return random_hex(16, true); }
std::string s3_host_id() { return random_base64(57); }
std::string uuid_request_id() { return uuid4(); }

}  // namespace bunker::protocol
