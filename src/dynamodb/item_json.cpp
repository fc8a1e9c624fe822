#include "dynamodb/item_json.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "bunker/core/encoding.h"

namespace bunker::dynamodb {
namespace {

// Bytes nlohmann writes as they are: printable ASCII other than the quote and the
// backslash. Anything else (control characters, UTF-8, invalid bytes) takes the
// library's own escaping so the text stays identical. Eight bytes at a time: this runs
// over every string of every item read.
constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
constexpr uint64_t has_zero_byte(uint64_t v) { return (v - kOnes) & ~v & kHighs; }
constexpr uint64_t has_byte(uint64_t v, unsigned char b) { return has_zero_byte(v ^ (kOnes * b)); }

bool plain(std::string_view s) {
  const char* p = s.data();
  std::size_t n = s.size();
#ifdef __SSE2__
  // Sixteen at a time where SSE2 is there (every x86-64): as signed bytes, everything
  // >= 0x80 and everything below 0x20 compares less than 0x20.
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F), quote = _mm_set1_epi8('"'),
                backslash = _mm_set1_epi8('\\');
  for (; n >= 16; p += 16, n -= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (_mm_movemask_epi8(bad) != 0) return false;
  }
#endif
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    // High bit set (>= 0x80), below 0x20, or one of 0x7F, '"', '\\'.
    if ((w & kHighs) || ((w - kOnes * 0x20) & ~w & kHighs) || has_byte(w, 0x7F) || has_byte(w, '"') ||
        has_byte(w, '\\'))
      return false;
  }
  for (; n; ++p, --n) {
    auto b = static_cast<unsigned char>(*p);
    if (b < 0x20 || b > 0x7E || b == '"' || b == '\\') return false;
  }
  return true;
}

void append_key(std::string& out, std::string_view name) {
  append_json_string(out, name);
  out += ':';
}

void append_tagged(std::string& out, const char* tag) {
  out += "{\"";
  out += tag;
  out += "\":";
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (plain(s)) {
    out += '"';
    out.append(s);
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_value_json(std::string& out, const AttributeValue& v) {
  switch (v.type()) {
    case Type::S:
      append_tagged(out, "S");
      append_json_string(out, v.as_string());
      break;
    case Type::N:
      append_tagged(out, "N");
      append_json_string(out, v.as_number().to_string());
      break;
    case Type::B:
      append_tagged(out, "B");
      append_json_string(out, base64_encode(v.as_string()));
      break;
    case Type::BOOL:
      append_tagged(out, "BOOL");
      out += v.as_bool() ? "true" : "false";
      break;
    case Type::NUL: append_tagged(out, "NULL"); out += "true"; break;
    case Type::M:
      append_tagged(out, "M");
      append_item_json(out, v.as_map());
      break;
    case Type::L: {
      append_tagged(out, "L");
      out += '[';
      bool first = true;
      for (const auto& e : v.as_list()) {
        if (!first) out += ',';
        first = false;
        append_value_json(out, e);
      }
      out += ']';
      break;
    }
    case Type::SS:
    case Type::BS: {
      append_tagged(out, v.is(Type::SS) ? "SS" : "BS");
      out += '[';
      bool first = true;
      for (const auto& m : v.as_strings()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, v.is(Type::SS) ? m : base64_encode(m));
      }
      out += ']';
      break;
    }
    case Type::NS: {
      append_tagged(out, "NS");
      out += '[';
      bool first = true;
      for (const auto& m : v.as_numbers()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, m.to_string());
      }
      out += ']';
      break;
    }
  }
  out += '}';
}

void append_item_json(std::string& out, const Item& item) {
  out += '{';
  bool first = true;
  for (const auto& [k, v] : item) {
    if (!first) out += ',';
    first = false;
    append_key(out, k);
    append_value_json(out, v);
  }
  out += '}';
}

}  // namespace bunker::dynamodb
