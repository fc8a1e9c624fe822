#include "dynamodb/item_codec.h"

#include <stdexcept>

#include "bunker/core/encoding.h"
#include "dynamodb/item_json.h"

namespace bunker::dynamodb {
namespace {

constexpr char kFormatVersion = 1;

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_bytes(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

void put_value(std::string& out, const AttributeValue& v) {
  out += static_cast<char>(v.type());
  switch (v.type()) {
    case Type::S:
    case Type::B: put_bytes(out, v.as_string()); break;
    case Type::N: put_bytes(out, v.as_number().to_string()); break;
    case Type::BOOL: out += v.as_bool() ? '\1' : '\0'; break;
    case Type::NUL: break;
    case Type::M:
      put_varint(out, v.as_map().size());
      for (const auto& [k, e] : v.as_map()) {
        put_bytes(out, k);
        put_value(out, e);
      }
      break;
    case Type::L:
      put_varint(out, v.as_list().size());
      for (const auto& e : v.as_list()) put_value(out, e);
      break;
    case Type::SS:
    case Type::BS:
      put_varint(out, v.as_strings().size());
      for (const auto& e : v.as_strings()) put_bytes(out, e);
      break;
    case Type::NS:
      put_varint(out, v.as_numbers().size());
      for (const auto& e : v.as_numbers()) put_bytes(out, e.to_string());
      break;
  }
}

struct Reader {
  std::string_view in;

  [[noreturn]] static void corrupt() { throw std::runtime_error("corrupt stored item"); }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in.empty()) corrupt();
      auto b = static_cast<unsigned char>(in[0]);
      in.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    corrupt();
  }
  std::string bytes() { return std::string(view()); }
  std::string_view view() {
    uint64_t n = varint();
    if (n > in.size()) corrupt();
    std::string_view s = in.substr(0, n);
    in.remove_prefix(n);
    return s;
  }
  AttributeValue value() {
    if (in.empty()) corrupt();
    auto t = static_cast<Type>(in[0]);
    in.remove_prefix(1);
    switch (t) {
      case Type::S: return AttributeValue::string(bytes());
      case Type::B: return AttributeValue::binary(bytes());
      case Type::N: return AttributeValue::number(Number::parse(bytes()));
      case Type::BOOL: {
        if (in.empty()) corrupt();
        bool b = in[0] != 0;
        in.remove_prefix(1);
        return AttributeValue::boolean(b);
      }
      case Type::NUL: return AttributeValue::null();
      case Type::M: {
        uint64_t n = varint();
        Map m;
        for (uint64_t i = 0; i < n; ++i) {
          std::string k = bytes();
          m.emplace(std::move(k), value());
        }
        return AttributeValue::map(std::move(m));
      }
      case Type::L: {
        uint64_t n = varint();
        List l;
        l.reserve(n);
        for (uint64_t i = 0; i < n; ++i) l.push_back(value());
        return AttributeValue::list(std::move(l));
      }
      case Type::SS:
      case Type::BS: {
        uint64_t n = varint();
        std::vector<std::string> m;
        for (uint64_t i = 0; i < n; ++i) m.push_back(bytes());
        return t == Type::SS ? AttributeValue::string_set(std::move(m)) : AttributeValue::binary_set(std::move(m));
      }
      case Type::NS: {
        uint64_t n = varint();
        std::vector<Number> m;
        for (uint64_t i = 0; i < n; ++i) m.push_back(Number::parse(bytes()));
        return AttributeValue::number_set(std::move(m));
      }
    }
    corrupt();
  }
};

// Stored bytes to JSON text (out may be null: size only), mirroring Reader::value() and
// AttributeValue::to_json()/size_bytes() without building values.
struct Renderer {
  Reader r;
  std::string* out;

  void put(char c) {
    if (out) *out += c;
  }
  void put(std::string_view s) {
    if (out) out->append(s);
  }
  void text(std::string_view s) {
    if (out) append_json_string(*out, s);
  }
  void binary(std::string_view s) {
    if (out) append_json_string(*out, base64_encode(s));
  }
  // t is the whole opening, e.g. {"S":
  void tag(std::string_view t) { put(t); }
  uint64_t count_and_open(char open) {
    uint64_t n = r.varint();
    put(open);
    return n;
  }

  std::size_t value() {
    if (r.in.empty()) Reader::corrupt();
    auto t = static_cast<Type>(r.in[0]);
    r.in.remove_prefix(1);
    std::size_t size = 0;
    switch (t) {
      case Type::S: {
        tag(R"({"S":)");
        std::string_view s = r.view();
        text(s);
        size = s.size();
        break;
      }
      case Type::B: {
        tag(R"({"B":)");
        std::string_view s = r.view();
        binary(s);
        size = s.size();
        break;
      }
      case Type::N: {
        tag(R"({"N":)");
        std::string_view s = r.view();
        text(s);
        size = Number::size_bytes_of_canonical(s);
        break;
      }
      case Type::BOOL: {
        if (r.in.empty()) Reader::corrupt();
        tag(R"({"BOOL":)");
        put(r.in[0] != 0 ? std::string_view("true") : std::string_view("false"));
        r.in.remove_prefix(1);
        size = 1;
        break;
      }
      case Type::NUL:
        tag(R"({"NULL":)");
        put("true");
        size = 1;
        break;
      case Type::M: {
        tag(R"({"M":)");
        uint64_t n = 0;
        size = members(n);
        size += 3 + n;  // a map's overhead, as AttributeValue::size_bytes() counts it
        break;
      }
      case Type::L: {
        tag(R"({"L":)");
        uint64_t n = count_and_open('[');
        size = 3 + n;
        for (uint64_t i = 0; i < n; ++i) {
          if (i) put(',');
          size += value();
        }
        put(']');
        break;
      }
      case Type::SS:
      case Type::BS:
      case Type::NS: {
        tag(t == Type::SS ? R"({"SS":)" : t == Type::BS ? R"({"BS":)" : R"({"NS":)");
        uint64_t n = count_and_open('[');
        for (uint64_t i = 0; i < n; ++i) {
          if (i) put(',');
          std::string_view s = r.view();
          if (t == Type::BS) binary(s);
          else text(s);
          size += t == Type::NS ? Number::size_bytes_of_canonical(s) : s.size();
        }
        put(']');
        break;
      }
      default: Reader::corrupt();
    }
    put('}');
    return size;
  }

  // A map's (or an item's) members as a JSON object; the size of names and values.
  std::size_t members(uint64_t& n) {
    n = count_and_open('{');
    std::size_t size = 0;
    for (uint64_t i = 0; i < n; ++i) {
      if (i) put(',');
      std::string_view k = r.view();
      text(k);
      put(':');
      size += k.size() + value();
    }
    put('}');
    return size;
  }
};

}  // namespace

std::size_t render_stored_item(std::string_view stored, std::string* out) {
  Renderer w{Reader{stored}, out};
  if (w.r.in.empty() || w.r.in[0] != kFormatVersion) Reader::corrupt();
  w.r.in.remove_prefix(1);
  uint64_t n = 0;
  return w.members(n);
}

std::string encode_item(const Item& item) {
  std::string out;
  out += kFormatVersion;
  put_varint(out, item.size());
  for (const auto& [k, v] : item) {
    put_bytes(out, k);
    put_value(out, v);
  }
  return out;
}

Item decode_item(std::string_view bytes) {
  Reader r{bytes};
  if (r.in.empty() || r.in[0] != kFormatVersion) Reader::corrupt();
  r.in.remove_prefix(1);
  uint64_t n = r.varint();
  Item item;
  for (uint64_t i = 0; i < n; ++i) {
    std::string k = r.bytes();
    item.emplace(std::move(k), r.value());
  }
  return item;
}

}  // namespace bunker::dynamodb
