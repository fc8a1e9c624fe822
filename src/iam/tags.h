#pragma once
// Tag rules shared by every taggable IAM entity: at most 50 tags, keys unique without
// regard to case, TagX overwriting values of keys already present.
#include <string>
#include <string_view>
#include <vector>

#include "iam/records.h"

namespace bunker::iam {

// InvalidInput when the same key (ignoring case) appears twice in one request.
void check_unique_tag_keys(const std::vector<Tag>& tags);
// Adds or overwrites; LimitExceeded past 50 tags.
void merge_tags(std::vector<Tag>& current, const std::vector<Tag>& added);
void remove_tags(std::vector<Tag>& current, const std::vector<std::string>& keys);

}  // namespace bunker::iam
