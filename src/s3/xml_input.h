#pragma once
// Request XML documents (S3 accepts them with or without the S3 namespace): a thin layer
// over pugixml that answers MalformedXML for anything unreadable.
#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace bunker::s3 {

class XmlDocument {
 public:
  explicit XmlDocument(std::string_view text);  // throws MalformedXML
  // The document element, which must be named `name` (MalformedXML otherwise).
  pugi::xml_node root(std::string_view name) const;

 private:
  pugi::xml_document doc_;
};

// Text of a child element, trimmed of nothing (S3 keeps values verbatim).
inline std::string text_of(const pugi::xml_node& node, const char* child) { return node.child(child).child_value(); }

}  // namespace bunker::s3
