#pragma once
// Byte/text encodings used on the wire: base64, hex, percent-encoding.
#include <optional>
#include <string>
#include <string_view>

namespace bunker {

std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding; whitespace is not accepted. nullopt on bad input.
std::optional<std::string> base64_decode(std::string_view text);

std::string hex_encode(std::string_view bytes);  // lowercase
std::optional<std::string> hex_decode(std::string_view text);

// RFC 3986 percent-encoding of everything except unreserved characters
// (A-Z a-z 0-9 - _ . ~); with keep_slash, '/' is left as is (SigV4 paths, S3 keys).
std::string uri_encode(std::string_view text, bool keep_slash = false);
// Decodes %XX; with plus_as_space, '+' becomes ' ' (HTML form encoding).
std::string uri_decode(std::string_view text, bool plus_as_space = false);
// application/x-www-form-urlencoded as Java's URLEncoder writes it
// (space -> '+', keeps A-Z a-z 0-9 . - * _).
std::string form_encode(std::string_view text);

}  // namespace bunker
