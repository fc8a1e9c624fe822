#pragma once
// DynamoDB's number type (N): an exact decimal with at most 38 significant digits and a
// magnitude between 1E-130 and 9.99…E+125 (and zero). Never a double: values are kept
// as a digit string and a decimal exponent, so "0.1 + 0.2" is exactly "0.3".
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace bunker::dynamodb {

class Number {
 public:
  Number() = default;  // zero

  // Parses the wire text of an N value the way DynamoDB accepts it (optional sign,
  // digits with an optional point, optional exponent). Throws AwsError
  // ValidationException with DynamoDB's message when the text is not a number, has
  // more than 38 significant digits, or lies outside the supported magnitude.
  static Number parse(std::string_view text);

  // DynamoDB's canonical text: plain decimal notation, no exponent, no leading or
  // trailing zeros, no "-0" ("1.0" -> "1", "1E2" -> "100", "-0.50" -> "-0.5").
  std::string to_string() const;

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }
  // Significant digits without leading/trailing zeros; empty for zero.
  const std::string& digits() const { return digits_; }
  // Scientific exponent: the value is 0.d1d2d3… × 10^exponent (meaningless for zero).
  int exponent() const { return exponent_; }

  // Exact sum/difference. Throws AwsError ValidationException when the result falls
  // outside the supported range or needs more than 38 significant digits.
  Number plus(const Number& other) const;
  Number minus(const Number& other) const;
  Number negated() const;

  // Numeric order (1 < 2 < 10, -5 < -1, 1 == 1.0).
  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

  // The bytes DynamoDB charges for this number in an item: 1 byte, plus one per two
  // significant digits counted separately on each side of the decimal point, plus 1
  // when negative (the figure real DynamoDB's 400 KB gate measures).
  std::size_t size_bytes() const;
  // The same figure for a number given as its canonical text (to_string()), without
  // parsing it: stored items keep numbers in that form.
  static std::size_t size_bytes_of_canonical(std::string_view text);

  static constexpr int kMaxDigits = 38;
  static constexpr int kMaxExponent = 126;   // 0.99…E+126 == 9.9…E+125
  static constexpr int kMinExponent = -129;  // 0.1E-129 == 1E-130

 private:
  Number(bool negative, std::string digits, int exponent);
  static Number normalized(bool negative, std::string digits, long long exponent);

  bool negative_ = false;
  std::string digits_;  // '1'..'9' first and last; empty for zero
  int exponent_ = 0;
};

}  // namespace bunker::dynamodb
