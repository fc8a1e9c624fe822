#include "dynamodb/expression_lexer.h"

namespace bunker::dynamodb {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto push = [&](Token::Kind kind, std::size_t len) {
    out.push_back({kind, s.substr(i, len), i});
    i += len;
  };
  while (i < s.size()) {
    char c = s[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (is_alpha(c) || c == '_') {
      std::size_t j = i;
      while (j < s.size() && is_word(s[j])) ++j;
      push(Token::Kind::kIdentifier, j - i);
    } else if (is_digit(c)) {
      std::size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      // Digits followed by letters ("1a") form one unusable token, as a name may
      // not start with a digit.
      if (j < s.size() && is_word(s[j])) {
        while (j < s.size() && is_word(s[j])) ++j;
        push(Token::Kind::kInvalid, j - i);
      } else {
        push(Token::Kind::kInteger, j - i);
      }
    } else if (c == '#' || c == ':') {
      std::size_t j = i + 1;
      while (j < s.size() && is_word(s[j])) ++j;
      if (j == i + 1) {
        push(Token::Kind::kInvalid, 1);
      } else {
        push(c == '#' ? Token::Kind::kName : Token::Kind::kValue, j - i);
      }
    } else if (c == '<') {
      if (i + 1 < s.size() && s[i + 1] == '>') push(Token::Kind::kNe, 2);
      else if (i + 1 < s.size() && s[i + 1] == '=') push(Token::Kind::kLe, 2);
      else push(Token::Kind::kLt, 1);
    } else if (c == '>') {
      if (i + 1 < s.size() && s[i + 1] == '=') push(Token::Kind::kGe, 2);
      else push(Token::Kind::kGt, 1);
    } else {
      Token::Kind k;
      switch (c) {
        case '=': k = Token::Kind::kEq; break;
        case '(': k = Token::Kind::kLParen; break;
        case ')': k = Token::Kind::kRParen; break;
        case '[': k = Token::Kind::kLBracket; break;
        case ']': k = Token::Kind::kRBracket; break;
        case ',': k = Token::Kind::kComma; break;
        case '.': k = Token::Kind::kDot; break;
        case '+': k = Token::Kind::kPlus; break;
        case '-': k = Token::Kind::kMinus; break;
        default: k = Token::Kind::kInvalid; break;
      }
      push(k, 1);
    }
  }
  out.push_back({Token::Kind::kEnd, s.substr(s.size()), s.size()});
  return out;
}

}  // namespace bunker::dynamodb
