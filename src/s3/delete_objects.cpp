// DeleteObjects: up to 1000 keys in one <Delete> document, Quiet mode reporting only errors.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/upload_body.h"
#include "s3/xml_input.h"

namespace bunker::s3 {

awaitable<http::Response> delete_objects(Call& call) {
  call.bucket_record();
  require_integrity_header(call);
  std::string body = co_await read_small_body(call, 4 << 20);
  XmlDocument doc(body);
  auto root = doc.root("Delete");
  const bool quiet = trim(root.child("Quiet").child_value()) == "true";
  struct Item {
    std::string key;
    std::string version;
  };
  std::vector<Item> items;
  for (auto o : root.children("Object")) {
    if (!o.child("Key")) throw malformed_xml();
    items.push_back({o.child("Key").child_value(), o.child("VersionId").child_value()});
  }
  if (items.empty() || items.size() > 1000) throw malformed_xml();

  XmlWriter w;
  w.open("DeleteResult", "http://s3.amazonaws.com/doc/2006-03-01/");
  for (const auto& item : items) {
    if (!item.version.empty() && item.version != "null") {
      w.open("Error")
          .element("Key", item.key)
          .element("VersionId", item.version)
          .element("Code", "NoSuchVersion")
          .element("Message", "The specified version does not exist.")
          .close();
      continue;
    }
    call.engine.objects.remove(call.bucket, item.key);
    if (!quiet) {
      w.open("Deleted").element("Key", item.key);
      if (!item.version.empty()) w.element("VersionId", item.version);
      w.close();
    }
  }
  co_return call.xml(200, w.finish());
}

}  // namespace bunker::s3
