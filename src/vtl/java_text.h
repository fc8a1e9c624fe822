#pragma once
// Java's text conventions, which API Gateway's templates inherit: Double.toString,
// UTF-16 string indices, commons-lang's escapeJavaScript, JSON string quoting.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bunker::vtl {

// Java's Double.toString: "1.0", "0.001", "1.0E7", "1.5E-4", "NaN", "Infinity".
std::string java_double_to_string(double d);
void append_java_double(std::string& out, double d);

// Java strings index UTF-16 code units. These convert between those indices and byte
// offsets into UTF-8 text (ASCII text takes the fast path: index == offset).
bool is_ascii(std::string_view s) noexcept;
std::size_t utf16_length(std::string_view s) noexcept;
// Byte offset of UTF-16 index `index` (clamped to the end). An index that falls inside a
// surrogate pair resolves to the start of that character.
std::size_t utf8_offset(std::string_view s, std::size_t index) noexcept;
std::size_t utf16_index(std::string_view s, std::size_t byte_offset) noexcept;
// The UTF-16 unit at `index` as UTF-8 text (a lone surrogate half becomes U+FFFD).
std::string utf16_unit_at(std::string_view s, std::size_t index);

// Decodes one code point from UTF-8 at s[i], advancing i; invalid bytes give U+FFFD.
std::uint32_t decode_utf8(std::string_view s, std::size_t& i) noexcept;
void append_utf8(std::string& out, std::uint32_t cp);

// commons-lang 2 StringEscapeUtils.escapeJavaScript, which API Gateway documents:
// ' → \'  " → \"  \ → \\  / → \/, control characters and every non-ASCII UTF-16 unit
// as \uXXXX (upper-case hex).
std::string escape_javascript(std::string_view s);

// A JSON string literal (with quotes) the way json-smart writes one.
void append_json_string(std::string& out, std::string_view s);

// Java's String.trim(): strips every char <= ' ' from both ends.
std::string_view java_trim(std::string_view s) noexcept;

}  // namespace bunker::vtl
