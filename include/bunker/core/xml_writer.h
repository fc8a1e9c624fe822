#pragma once
// A small forward-only XML writer for response bodies (S3, Query protocol).
// Reading request XML uses pugixml directly.
#include <string>
#include <string_view>
#include <vector>

namespace bunker {

std::string xml_escape(std::string_view text);

class XmlWriter {
 public:
  // Starts the document with <?xml version="1.0" encoding="UTF-8"?> unless told not to.
  explicit XmlWriter(bool declaration = true);

  // Opens <name xmlns="ns">; ns may be empty.
  XmlWriter& open(std::string_view name, std::string_view xmlns = {});
  XmlWriter& close();
  // <name>escaped text</name>
  XmlWriter& element(std::string_view name, std::string_view text);
  XmlWriter& raw(std::string_view xml);  // already-serialised XML

  std::string finish();  // closes what is still open

 private:
  std::string out_;
  std::vector<std::string> stack_;
};

}  // namespace bunker
