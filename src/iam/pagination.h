#pragma once
// IAM's Marker/MaxItems paging: a listing returns at most MaxItems (default 100,
// 1..1000) items and, when more remain, IsTruncated=true with an opaque Marker that the
// next call passes back. Bunker's marker is the base64 of the next item's sort key, so
// a listing resumes in place even when items were added or removed in between.
#include <optional>
#include <string>
#include <vector>

#include "bunker/core/encoding.h"
#include "bunker/core/xml_writer.h"
#include "iam/errors.h"
#include "iam/input.h"

namespace bunker::iam {

struct PageRequest {
  std::optional<std::string> marker;  // decoded sort key to resume at
  size_t max_items = 100;
};

PageRequest read_page_request(Input& in);

struct PageEnd {
  std::optional<std::string> next_marker;  // set when truncated
};

// Keeps the items of the requested page. items must be sorted by key_of.
template <class T, class KeyFn>
PageEnd take_page(std::vector<T>& items, const PageRequest& page, KeyFn key_of) {
  size_t begin = 0;
  if (page.marker) {
    while (begin < items.size() && key_of(items[begin]) < *page.marker) ++begin;
  }
  PageEnd end;
  size_t stop = items.size();
  if (items.size() - begin > page.max_items) {
    stop = begin + page.max_items;
    end.next_marker = base64_encode(key_of(items[stop]));
  }
  std::vector<T> kept(std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(begin)),
                      std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(stop)));
  items = std::move(kept);
  return end;
}

// <IsTruncated>…</IsTruncated> and, when truncated, <Marker>…</Marker>.
void write_page_end(XmlWriter& w, const PageEnd& end);

}  // namespace bunker::iam
