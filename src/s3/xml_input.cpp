#include "s3/xml_input.h"

#include "s3/errors.h"

namespace bunker::s3 {

XmlDocument::XmlDocument(std::string_view text) {
  auto result = doc_.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) throw malformed_xml();
}

pugi::xml_node XmlDocument::root(std::string_view name) const {
  pugi::xml_node r = doc_.document_element();
  if (!r || std::string_view(r.name()) != name) throw malformed_xml();
  return r;
}

}  // namespace bunker::s3
