#pragma once
// Tag sets: the <Tagging> document, the x-amz-tagging header, and S3's limits.
#include <string>
#include <string_view>

#include "s3/object_record.h"

namespace bunker::s3 {

// <Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>; MalformedXML / InvalidTag.
Pairs parse_tagging_xml(std::string_view xml, size_t max_tags, bool object_tags);
std::string tagging_xml(const Pairs& tags);
// "k1=v1&k2=v2" (URL-encoded) as x-amz-tagging carries it.
Pairs parse_tagging_header(std::string_view header);
void validate_tags(const Pairs& tags, size_t max_tags, bool object_tags);

}  // namespace bunker::s3
