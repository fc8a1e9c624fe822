#include "iam/pagination.h"

namespace bunker::iam {

PageRequest read_page_request(Input& in) {
  PageRequest page;
  if (auto marker = in.string("Marker", rules::kMarker)) {
    auto decoded = base64_decode(*marker);
    // A marker Bunker did not issue: AWS rejects markers it cannot read.
    if (!decoded) throw invalid_input("Invalid Marker.");
    page.marker = std::move(*decoded);
  }
  if (auto max = in.integer("MaxItems", 1, 1000)) page.max_items = static_cast<size_t>(*max);
  return page;
}

void write_page_end(XmlWriter& w, const PageEnd& end) {
  w.element("IsTruncated", end.next_marker ? "true" : "false");
  if (end.next_marker) w.element("Marker", *end.next_marker);
}

}  // namespace bunker::iam
