#pragma once
// Is a payload JSON? Invoke refuses one that is not (InvalidRequestContentException), and
// asks this of every payload, API Gateway's proxy events included: a check that builds no
// document costs a few instructions a byte where a parse into nlohmann::json cost ~90.
#include <string_view>

namespace bunker::lambda {

// True exactly when nlohmann::json::parse(text) succeeds, which is what Invoke accepted
// before this check existed: one value of strict RFC 8259 JSON with well-formed UTF-8 in
// its strings, an optional UTF-8 byte order mark before it, whitespace around it; a number
// must convert to a finite double (1e400 is refused); a NUL byte where a token would start
// ends the text (nlohmann reads it as the end of a C string).
bool is_json_text(std::string_view text);

// True when every byte sequence of `text` is well-formed UTF-8 (RFC 3629), as
// is_json_text asks of a string's bytes. For a payload written by a JSON writer, whose
// syntax is right by construction, this is the whole of is_json_text's answer.
bool is_utf8_text(std::string_view text);

}  // namespace bunker::lambda
