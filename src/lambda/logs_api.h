#pragma once
// The CloudWatch Logs API subset functions' logs are read with (JSON 1.1,
// X-Amz-Target: Logs_20140328.*): what `aws logs tail [--follow]`, describe-log-groups,
// describe-log-streams, get-log-events and filter-log-events use, plus the calls that
// create groups and streams and put events.
#include <string>

#include "bunker/http/message.h"
#include "bunker/protocol/json_rpc.h"

namespace bunker::lambda {

class LogStore;

const protocol::JsonRpcStyle& logs_style();
// `account` and `region` are the caller's: each sees its own functions' logs.
http::Response handle_logs_request(LogStore& logs, const http::Request& request, std::string_view body,
                                   const std::string& account, const std::string& region);

}  // namespace bunker::lambda
