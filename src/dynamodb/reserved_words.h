#pragma once
// DynamoDB's reserved words: a bare attribute name in an expression must not be one
// of them (case-insensitively); clients use #placeholders instead.
#include <cstddef>
#include <string_view>

namespace bunker::dynamodb {

bool is_reserved_word(std::string_view word);
std::size_t reserved_word_count();

}  // namespace bunker::dynamodb
