#pragma once
// A quick reader for the JSON request bodies SDKs send: ASCII text, plain escapes, integer
// numbers. It builds the document with nlohmann's own DOM builder, so what it accepts comes
// out exactly as nlohmann::json::parse would give it; anything else (non-ASCII, \u escapes,
// fractions, exponents, huge integers, deep nesting, any syntax error) it declines, and the
// caller parses the text with nlohmann, whose verdict on bad input stays the only one.
// nlohmann's lexer spends ~90 instructions per byte; a PutItem body cost 30k to parse.
#include <nlohmann/json.hpp>

#include <string_view>

namespace bunker::protocol {

// True and `out` set when `text` was read; false when the caller must use nlohmann.
bool parse_simple_json(std::string_view text, nlohmann::json& out);

}  // namespace bunker::protocol
