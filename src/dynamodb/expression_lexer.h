#pragma once
// Tokens of DynamoDB's expression language. Keywords (AND, OR, NOT, BETWEEN, IN, SET,
// REMOVE, ADD, DELETE) are case-insensitive identifiers; the parser decides.
#include <string>
#include <string_view>
#include <vector>

namespace bunker::dynamodb {

struct Token {
  enum class Kind {
    kIdentifier,   // a bare name or keyword
    kName,         // #placeholder
    kValue,        // :placeholder
    kInteger,      // digits (list indexes)
    kEq, kNe, kLt, kLe, kGt, kGe,
    kLParen, kRParen, kLBracket, kRBracket, kComma, kDot, kPlus, kMinus,
    kInvalid,      // a character that starts no token
    kEnd,
  };
  Kind kind;
  std::string_view text;
  std::size_t offset = 0;  // into the expression
};

// Splits an expression into tokens, ending with one kEnd token.
std::vector<Token> tokenize(std::string_view expression);

}  // namespace bunker::dynamodb
