#pragma once
// A quick read of the usual Lambda proxy response ({"statusCode": 200, "headers": {...},
// "body": "..."}) without building a JSON document: the answer of every proxy request
// goes through here. It only answers for texts it reads completely and exactly as
// nlohmann::json would (strict JSON, ASCII strings with the short escapes, integers,
// flat header objects, no repeated names); for anything else it declines, and the caller
// parses the text as a document.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bunker::apigateway {

struct ScannedValue {
  enum class Kind { kNull, kTrue, kFalse, kInteger, kString, kStringObject };
  Kind kind = Kind::kNull;
  long long integer = 0;
  std::string text;  // kString: the decoded string
  // kStringObject: members sorted by name as nlohmann::json orders them; nullopt for null.
  std::vector<std::pair<std::string, std::optional<std::string>>> members;
};

// The members of a top-level object, sorted by name (nlohmann::json's order); nullopt when
// the text is anything the quick read does not take (which says nothing of its validity).
std::optional<std::vector<std::pair<std::string, ScannedValue>>> scan_proxy_response(std::string_view text);

}  // namespace bunker::apigateway
