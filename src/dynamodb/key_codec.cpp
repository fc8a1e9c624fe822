#include "dynamodb/key_codec.h"

#include <stdexcept>

namespace bunker::dynamodb {
namespace {

// Strings and binaries: each 0x00 byte becomes 0x00 0xFF and the part ends with
// 0x00 0x01, so a shorter value sorts before every longer value it prefixes and no
// terminator is confused with content.
void encode_bytes(std::string_view bytes, std::string& out) {
  for (char c : bytes) {
    out += c;
    if (c == '\0') out += '\xff';
  }
  out += '\0';
  out += '\x01';
}

std::string decode_bytes(std::string_view& in) {
  std::string out;
  for (std::size_t i = 0; i + 1 < in.size(); ++i) {
    if (in[i] != '\0') {
      out += in[i];
      continue;
    }
    if (in[i + 1] == '\xff') {
      out += '\0';
      ++i;
      continue;
    }
    if (in[i + 1] == '\x01') {
      in.remove_prefix(i + 2);
      return out;
    }
    break;
  }
  throw std::runtime_error("corrupt key encoding (bytes)");
}

// Numbers: a class byte (negative < zero < positive), then for non-zero values the
// exponent and the significant digits, both inverted for negatives so that a larger
// magnitude sorts first. Digits end with a terminator below (positives) or above
// (negatives) every digit byte, so 0.12 < 0.123 and -0.123 < -0.12.
constexpr char kNegative = 0x01, kZero = 0x02, kPositive = 0x03;

void encode_number(const Number& n, std::string& out) {
  if (n.is_zero()) {
    out += kZero;
    return;
  }
  bool neg = n.negative();
  out += neg ? kNegative : kPositive;
  auto exp_byte = static_cast<unsigned char>(n.exponent() - Number::kMinExponent);  // 0..255
  out += static_cast<char>(neg ? 0xFF - exp_byte : exp_byte);
  for (char d : n.digits()) {
    auto b = static_cast<unsigned char>(d - '0' + 1);  // 1..10
    out += static_cast<char>(neg ? 0xFF - b : b);
  }
  out += neg ? '\xff' : '\0';
}

Number decode_number(std::string_view& in) {
  if (in.empty()) throw std::runtime_error("corrupt key encoding (number)");
  char cls = in[0];
  in.remove_prefix(1);
  if (cls == kZero) return Number();
  if ((cls != kNegative && cls != kPositive) || in.empty()) throw std::runtime_error("corrupt key encoding (number)");
  bool neg = cls == kNegative;
  auto exp_byte = static_cast<unsigned char>(in[0]);
  if (neg) exp_byte = static_cast<unsigned char>(0xFF - exp_byte);
  std::string text = neg ? "-0." : "0.";
  std::size_t i = 1;
  for (; i < in.size(); ++i) {
    auto b = static_cast<unsigned char>(in[i]);
    if (neg) b = static_cast<unsigned char>(0xFF - b);
    if (b == 0) break;
    text += static_cast<char>('0' + b - 1);
  }
  if (i >= in.size()) throw std::runtime_error("corrupt key encoding (number)");
  in.remove_prefix(i + 1);
  text += "E" + std::to_string(static_cast<int>(exp_byte) + Number::kMinExponent);
  return Number::parse(text);
}

}  // namespace

void encode_key_part(const AttributeValue& value, std::string& out) {
  switch (value.type()) {
    case Type::S:
    case Type::B: encode_bytes(value.as_string(), out); return;
    case Type::N: encode_number(value.as_number(), out); return;
    default: throw std::logic_error("key values are S, N or B");
  }
}

std::string encode_key_part(const AttributeValue& value) {
  std::string out;
  encode_key_part(value, out);
  return out;
}

AttributeValue decode_key_part(std::string_view& in, Type type) {
  switch (type) {
    case Type::S: return AttributeValue::string(decode_bytes(in));
    case Type::B: return AttributeValue::binary(decode_bytes(in));
    case Type::N: return AttributeValue::number(decode_number(in));
    default: throw std::logic_error("key values are S, N or B");
  }
}

}  // namespace bunker::dynamodb
