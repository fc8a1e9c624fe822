#include <gtest/gtest.h>

#include <random>

#include "bunker/core/aws_error.h"
#include "dynamodb/number.h"

using bunker::AwsError;
using bunker::dynamodb::Number;

namespace {

std::string canon(std::string_view s) { return Number::parse(s).to_string(); }

std::string error_of(std::string_view s) {
  try {
    Number::parse(s);
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "ValidationException");
    return e.message();
  }
  return "(accepted)";
}

const std::string kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const std::string kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

}  // namespace

TEST(Number, CanonicalText) {
  EXPECT_EQ(canon("1.0"), "1");
  EXPECT_EQ(canon("00042"), "42");
  EXPECT_EQ(canon("0042.1200"), "42.12");
  EXPECT_EQ(canon("-0"), "0");
  EXPECT_EQ(canon("-0.0e5"), "0");
  EXPECT_EQ(canon("1.5E2"), "150");
  EXPECT_EQ(canon("1.5e-2"), "0.015");
  EXPECT_EQ(canon("+7"), "7");
  EXPECT_EQ(canon(".5"), "0.5");
  EXPECT_EQ(canon("5."), "5");
  EXPECT_EQ(canon("-123.4500"), "-123.45");
  EXPECT_EQ(canon("1E125"), "1" + std::string(125, '0'));
  EXPECT_EQ(canon("1E-130"), "0." + std::string(129, '0') + "1");
  EXPECT_EQ(canon("9.9999999999999999999999999999999999999E+125"),
            "99999999999999999999999999999999999999" + std::string(88, '0'));
  EXPECT_EQ(canon("0e125"), "0");
}

TEST(Number, RejectsWhatDynamoDbRejects) {
  const std::string nn = "The parameter cannot be converted to a numeric value: ";
  for (std::string bad : {"abc", "", " 1", "1 ", "0x10", "1e", "NaN", "Infinity", "1.2.3", "--1", "1e+", "."})
    EXPECT_EQ(error_of(bad), nn + bad) << bad;
  EXPECT_EQ(error_of("1e9223372036854775808"), nn + "1e9223372036854775808");
  EXPECT_EQ(error_of("1e126"), kOverflow);
  EXPECT_EQ(error_of("-1e126"), kOverflow);
  EXPECT_EQ(error_of("1e99999999999"), kOverflow);
  EXPECT_EQ(error_of("1e2147483648"), kOverflow);
  EXPECT_EQ(error_of("1e-131"), kUnderflow);
  EXPECT_EQ(error_of("1e-99999999999"), kUnderflow);
  EXPECT_EQ(error_of("0e126"), kOverflow);
  EXPECT_EQ(error_of("0e-131"), kUnderflow);
  EXPECT_EQ(error_of("1234567890123456789012345678901234567890"),
            "Attempting to store more than 38 significant digits in a Number");
  // Trailing zeros are not significant: 1 followed by 40 zeros is 1E40.
  EXPECT_EQ(error_of("1" + std::string(40, '0')), "(accepted)");
  EXPECT_EQ(error_of("12345678901234567890123456789012345678"), "(accepted)");
  EXPECT_EQ(error_of("0.00000000000000000000000000000000000000012345678901234567890123456789012345678"),
            "(accepted)");
}

TEST(Number, ComparesNumerically) {
  auto lt = [](std::string_view a, std::string_view b) { return Number::parse(a) < Number::parse(b); };
  EXPECT_TRUE(lt("2", "10"));
  EXPECT_TRUE(lt("-10", "-2"));
  EXPECT_TRUE(lt("-1", "0"));
  EXPECT_TRUE(lt("0", "1e-130"));
  EXPECT_TRUE(lt("0.12", "0.123"));
  EXPECT_TRUE(lt("-0.123", "-0.12"));
  EXPECT_TRUE(Number::parse("1") == Number::parse("1.000"));
  EXPECT_TRUE(Number::parse("100") == Number::parse("1e2"));
}

TEST(Number, ExactArithmetic) {
  auto add = [](std::string_view a, std::string_view b) { return Number::parse(a).plus(Number::parse(b)).to_string(); };
  auto sub = [](std::string_view a, std::string_view b) { return Number::parse(a).minus(Number::parse(b)).to_string(); };
  EXPECT_EQ(add("0.1", "0.2"), "0.3");
  EXPECT_EQ(add("1", "-1"), "0");
  EXPECT_EQ(add("999", "1"), "1000");
  EXPECT_EQ(add("-5", "3"), "-2");
  EXPECT_EQ(sub("3", "5"), "-2");
  EXPECT_EQ(sub("1e10", "1"), "9999999999");
  EXPECT_EQ(add("12345678901234567890123456789012345678", "1"), "12345678901234567890123456789012345679");
  EXPECT_EQ(add("1e125", "-1e125"), "0");
  // Precision: the exact sum needs 39 significant digits.
  try {
    (void)add("12345678901234567890123456789012345678", "0.1");
    FAIL() << "accepted";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message(), "Attempting to store more than 38 significant digits in a Number");
  }
  try {
    (void)add("9.9999999999999999999999999999999999999E+125", "9.9999999999999999999999999999999999999E+125");
    FAIL() << "accepted";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message(), kOverflow);
  }
}

TEST(Number, RandomArithmeticMatchesInt64) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<long long> dist(-1'000'000'000'000LL, 1'000'000'000'000LL);
  for (int i = 0; i < 5000; ++i) {
    long long a = dist(rng), b = dist(rng);
    Number na = Number::parse(std::to_string(a)), nb = Number::parse(std::to_string(b));
    EXPECT_EQ(na.plus(nb).to_string(), std::to_string(a + b));
    EXPECT_EQ(na.minus(nb).to_string(), std::to_string(a - b));
    EXPECT_EQ(na < nb, a < b);
  }
}

TEST(Number, SizeFollowsSignificantDigits) {
  auto size = [](std::string_view s) { return Number::parse(s).size_bytes(); };
  EXPECT_EQ(size("1"), 2u);
  EXPECT_EQ(size("1E125"), 2u);
  EXPECT_EQ(size("123456"), 4u);
  EXPECT_EQ(size("3.14159"), 5u);
  EXPECT_EQ(size("-1"), 3u);
  EXPECT_EQ(size("0"), 1u);
  EXPECT_EQ(size("0.001"), 2u);
}
