#pragma once
// Items written straight to DynamoDB JSON text for the hot read paths (GetItem, Query,
// Scan): byte for byte what nlohmann's compact dump of item_to_json() gives (members in
// name order, the same string escaping), without building a JSON document per value.
#include <string>
#include <string_view>

#include "dynamodb/attribute_value.h"

namespace bunker::dynamodb {

// A JSON string literal, quotes included, escaped as nlohmann::json::dump escapes it
// (ensure_ascii off, invalid UTF-8 replaced).
void append_json_string(std::string& out, std::string_view s);
// {"S":"x"}, {"N":"1"}, {"M":{…}}, …
void append_value_json(std::string& out, const AttributeValue& v);
// {"name":{"S":"x"},…}
void append_item_json(std::string& out, const Item& item);

}  // namespace bunker::dynamodb
