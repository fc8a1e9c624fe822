#pragma once
// Who owns what: every access key maps to an owner (canonical user id and display name).
// --s3-owners configures keys ("AKID=CANONICAL_ID[:DISPLAY_NAME],…"); any other key is the
// default owner of its account, whose canonical id is derived from the account id so it is
// stable across restarts.
#include <map>
#include <string>
#include <string_view>

#include "bunker/http/message.h"

namespace bunker::s3 {

struct Owner {
  std::string id;
  std::string display_name;
};

class Owners {
 public:
  // Throws std::invalid_argument on a malformed configuration.
  explicit Owners(std::string_view config);
  static std::string check_config(std::string_view config);  // error text or empty

  Owner for_caller(const http::Caller& caller) const;
  Owner for_account(std::string_view account) const;
  // The display name of a canonical id (for listings of records that keep only the id).
  Owner by_id(std::string_view id) const;

 private:
  std::map<std::string, Owner, std::less<>> by_key_;
  std::map<std::string, Owner, std::less<>> by_id_;
};

}  // namespace bunker::s3
