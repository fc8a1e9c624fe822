#include "s3/tags.h"

#include <set>

#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "bunker/http/headers.h"
#include "s3/errors.h"
#include "s3/xml_input.h"

namespace bunker::s3 {

void validate_tags(const Pairs& tags, size_t max_tags, bool object_tags) {
  if (tags.size() > max_tags) {
    if (object_tags) throw AwsError(400, "BadRequest", "Object tags cannot be greater than 10");
    throw AwsError(400, "InvalidTag", "The TagSet cannot contain more than 50 tags");
  }
  std::set<std::string_view> seen;
  for (const auto& [k, v] : tags) {
    if (!seen.insert(k).second) throw AwsError(400, "InvalidTag", "Cannot provide multiple Tags with the same key");
    if (k.empty() || k.size() > 128) throw AwsError(400, "InvalidTag", "The TagKey you have provided is invalid");
    if (v.size() > 256) throw AwsError(400, "InvalidTag", "The TagValue you have provided is invalid");
    if (!object_tags && k.starts_with("aws:"))
      throw AwsError(400, "InvalidTag", "System tags cannot be added/updated by requester");
  }
}

Pairs parse_tagging_xml(std::string_view xml, size_t max_tags, bool object_tags) {
  XmlDocument doc(xml);
  auto root = doc.root("Tagging");
  auto set = root.child("TagSet");
  if (!set) throw malformed_xml();
  Pairs tags;
  for (auto tag : set.children("Tag")) {
    auto k = tag.child("Key");
    if (!k) throw malformed_xml();
    tags.emplace_back(k.child_value(), tag.child("Value").child_value());
  }
  validate_tags(tags, max_tags, object_tags);
  return tags;
}

std::string tagging_xml(const Pairs& tags) {
  XmlWriter w;
  w.open("Tagging", "http://s3.amazonaws.com/doc/2006-03-01/").open("TagSet");
  for (const auto& [k, v] : tags) w.open("Tag").element("Key", k).element("Value", v).close();
  return w.finish();
}

Pairs parse_tagging_header(std::string_view header) {
  Pairs tags;
  for (auto& [k, v] : http::parse_query(header, true)) tags.emplace_back(k, v);
  validate_tags(tags, 10, true);
  return tags;
}

}  // namespace bunker::s3
