#include "dynamodb/number.h"

#include <algorithm>

#include "dynamodb/errors.h"

namespace bunker::dynamodb {
namespace {

constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr const char* kTooPrecise = "Attempting to store more than 38 significant digits in a Number";

[[noreturn]] void not_numeric(std::string_view text) {
  throw validation_error("The parameter cannot be converted to a numeric value: " + std::string(text));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// a - b for unsigned digit strings of equal length with a >= b.
std::string subtract_digits(const std::string& a, const std::string& b) {
  std::string out(a.size(), '0');
  int borrow = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') - (b[i] - '0') - borrow;
    borrow = d < 0;
    if (d < 0) d += 10;
    out[i] = static_cast<char>('0' + d);
  }
  return out;
}

std::string add_digits(const std::string& a, const std::string& b) {
  std::string out(a.size() + 1, '0');
  int carry = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') + (b[i] - '0') + carry;
    carry = d / 10;
    out[i + 1] = static_cast<char>('0' + d % 10);
  }
  out[0] = static_cast<char>('0' + carry);
  return out;
}

}  // namespace

Number::Number(bool negative, std::string digits, int exponent)
    : negative_(negative), digits_(std::move(digits)), exponent_(exponent) {}

// digits × 10^(exponent - digits.size()) written as 0.digits × 10^exponent; strips
// zeros and applies the range and precision limits.
Number Number::normalized(bool negative, std::string digits, long long exponent) {
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Number();
  exponent -= static_cast<long long>(first);
  digits.erase(0, first);
  digits.erase(digits.find_last_not_of('0') + 1);
  if (exponent > kMaxExponent) throw validation_error(kOverflow);
  if (exponent < kMinExponent) throw validation_error(kUnderflow);
  if (digits.size() > static_cast<std::size_t>(kMaxDigits)) throw validation_error(kTooPrecise);
  return Number(negative, std::move(digits), static_cast<int>(exponent));
}

Number Number::parse(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  long long fraction_digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (is_digit(c)) {
      digits += c;
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digits.empty()) not_numeric(text);
  long long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i >= text.size() || !is_digit(text[i])) not_numeric(text);
    // An exponent that does not fit a 64-bit integer is "not a number" on DynamoDB;
    // one that fits is range-checked like any other.
    unsigned long long magnitude = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      unsigned digit = static_cast<unsigned>(text[i] - '0');
      if (magnitude > (9223372036854775807ULL - digit) / 10) not_numeric(text);
      magnitude = magnitude * 10 + digit;
    }
    // Clamp: anything this far out of range fails the same way.
    long long clamped = static_cast<long long>(std::min<unsigned long long>(magnitude, 1'000'000'000'000ULL));
    exponent = exp_negative ? -clamped : clamped;
  }
  if (i != text.size()) not_numeric(text);

  long long scientific = exponent - fraction_digits + static_cast<long long>(digits.size());
  if (digits.find_first_not_of('0') == std::string::npos) {
    // Zero is range-checked by the exponent it is written with ("0e126" overflows).
    long long adjusted = exponent - fraction_digits;
    if (adjusted > kMaxExponent - 1) throw validation_error(kOverflow);
    if (adjusted < kMinExponent - 1) throw validation_error(kUnderflow);
    return Number();
  }
  return normalized(negative, std::move(digits), scientific);
}

std::string Number::to_string() const {
  if (is_zero()) return "0";
  std::string out = negative_ ? "-" : "";
  const long long n = static_cast<long long>(digits_.size());
  if (exponent_ <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent_), '0');
    out += digits_;
  } else if (exponent_ >= n) {
    out += digits_;
    out.append(static_cast<std::size_t>(exponent_ - n), '0');
  } else {
    out.append(digits_, 0, static_cast<std::size_t>(exponent_));
    out += '.';
    out.append(digits_, static_cast<std::size_t>(exponent_));
  }
  return out;
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  auto sign = [](const Number& x) { return x.is_zero() ? 0 : (x.negative_ ? -1 : 1); };
  int sa = sign(*this), sb = sign(other);
  if (sa != sb) return sa <=> sb;
  if (sa == 0) return std::strong_ordering::equal;
  std::strong_ordering magnitude = exponent_ != other.exponent_ ? exponent_ <=> other.exponent_
                                                                : digits_.compare(other.digits_) <=> 0;
  if (sa < 0) return 0 <=> magnitude;  // reverse for negatives
  return magnitude;
}

Number Number::negated() const {
  if (is_zero()) return *this;
  return Number(!negative_, digits_, exponent_);
}

Number Number::plus(const Number& other) const {
  if (is_zero()) return other;
  if (other.is_zero()) return *this;
  // Align both to the lowest digit position: value = D × 10^(low).
  auto low_of = [](const Number& x) { return x.exponent_ - static_cast<int>(x.digits_.size()); };
  int low = std::min(low_of(*this), low_of(other));
  int high = std::max(exponent_, other.exponent_);
  auto widen = [&](const Number& x) {
    std::string s(static_cast<std::size_t>(high - x.exponent_), '0');
    s += x.digits_;
    s.append(static_cast<std::size_t>(low_of(x) - low), '0');
    return s;
  };
  std::string a = widen(*this), b = widen(other);
  if (negative_ == other.negative_) {
    // One extra leading digit for the carry.
    return normalized(negative_, add_digits(a, b), static_cast<long long>(high) + 1);
  }
  if (a == b) return Number();
  bool a_bigger = a > b;
  std::string diff = a_bigger ? subtract_digits(a, b) : subtract_digits(b, a);
  bool negative = a_bigger ? negative_ : other.negative_;
  return normalized(negative, std::move(diff), high);
}

Number Number::minus(const Number& other) const { return plus(other.negated()); }

std::size_t Number::size_bytes() const {
  if (is_zero()) return 1;
  long long n = static_cast<long long>(digits_.size());
  long long integer_digits = std::clamp<long long>(exponent_, 0, n);
  long long fraction_digits = n - integer_digits;
  return static_cast<std::size_t>(1 + (integer_digits + 1) / 2 + (fraction_digits + 1) / 2 + (negative_ ? 1 : 0));
}

std::size_t Number::size_bytes_of_canonical(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  // Significant digits run from the first to the last non-zero digit; those left of
  // the point are the integer digits.
  std::size_t point = text.find('.');
  if (point == std::string_view::npos) point = text.size();
  long long first = -1, last = -1, position = 0, integer_digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == point) continue;
    if (text[i] != '0') {
      if (first < 0) first = position;
      last = position;
    }
    if (i < point && first >= 0) integer_digits = position - first + 1;
    ++position;
  }
  if (first < 0) return 1;  // zero
  long long n = last - first + 1;
  integer_digits = std::min(integer_digits, n);
  long long fraction_digits = n - integer_digits;
  return static_cast<std::size_t>(1 + (integer_digits + 1) / 2 + (fraction_digits + 1) / 2 + (negative ? 1 : 0));
}

}  // namespace bunker::dynamodb
