#include "s3/acl.h"

#include "bunker/core/xml_writer.h"

namespace bunker::s3 {

std::string access_control_policy(const Owner& owner) {
  XmlWriter w;
  w.open("AccessControlPolicy", "http://s3.amazonaws.com/doc/2006-03-01/");
  w.open("Owner").element("ID", owner.id).element("DisplayName", owner.display_name).close();
  w.open("AccessControlList").open("Grant");
  w.raw("<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">");
  w.raw("<ID>" + xml_escape(owner.id) + "</ID><DisplayName>" + xml_escape(owner.display_name) + "</DisplayName></Grantee>");
  w.element("Permission", "FULL_CONTROL");
  return w.finish();
}

}  // namespace bunker::s3
