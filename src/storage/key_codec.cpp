#include "bunker/storage/key_codec.h"

namespace bunker::storage {

void append_u32(std::string& out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void append_u64(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void append_i64(std::string& out, int64_t v) { append_u64(out, static_cast<uint64_t>(v) ^ (1ull << 63)); }

void append_string(std::string& out, std::string_view s) {
  for (char c : s) {
    out += c;
    if (c == '\0') out += '\xFF';
  }
  out += '\0';
  out += '\x01';
}

std::optional<uint32_t> read_u32(std::string_view& in) {
  if (in.size() < 4) return std::nullopt;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  in.remove_prefix(4);
  return v;
}

std::optional<uint64_t> read_u64(std::string_view& in) {
  if (in.size() < 8) return std::nullopt;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  in.remove_prefix(8);
  return v;
}

std::optional<int64_t> read_i64(std::string_view& in) {
  auto u = read_u64(in);
  if (!u) return std::nullopt;
  return static_cast<int64_t>(*u ^ (1ull << 63));
}

std::optional<std::string> read_string(std::string_view& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c != '\0') {
      out += c;
      continue;
    }
    if (i + 1 >= in.size()) return std::nullopt;
    char next = in[i + 1];
    if (next == '\xFF') {
      out += '\0';
      ++i;
    } else if (next == '\x01') {
      in.remove_prefix(i + 2);
      return out;
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string prefix_successor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty()) {
    if (static_cast<uint8_t>(out.back()) != 0xFF) {
      out.back() = static_cast<char>(static_cast<uint8_t>(out.back()) + 1);
      return out;
    }
    out.pop_back();
  }
  return out;
}

}  // namespace bunker::storage
