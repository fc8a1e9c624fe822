#pragma once
// Who is calling, in IAM's terms: the root user of an account, an IAM user (by one of its
// access keys) or an assumed role (by temporary credentials), worked out from the access
// key the request was signed with. Keys Bunker did not issue (the configured ones, and
// any key when signatures are not verified) act as the root user of their account.
#include <string>

#include "bunker/http/message.h"
#include "iam/store.h"

namespace bunker::iam {

struct Principal {
  std::string account;
  std::string arn;
  std::string user_id;    // account id for root, AIDA… for users, AROA…:session for roles
  std::string user_name;  // set for IAM users (and their GetSessionToken sessions)
  bool root = true;
};

Principal caller_principal(const Store& store, const http::Caller& caller, std::string_view account);

}  // namespace bunker::iam
