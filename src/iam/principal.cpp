#include "iam/principal.h"

#include "iam/identifiers.h"
#include "iam/lookups.h"

namespace bunker::iam {

Principal caller_principal(const Store& store, const http::Caller& caller, std::string_view account) {
  Principal p;
  p.account = std::string(account);
  p.arn = root_arn(account);
  p.user_id = std::string(account);
  const std::string& key = caller.access_key;
  if (key.starts_with("ASIA")) {
    if (auto s = store.sessions.get("", key); s && s->expires_ms > now_ms()) {
      p.account = s->account;
      p.arn = s->principal_arn;
      p.user_id = s->user_id;
      if (auto user = parse_entity_arn(s->principal_arn, "user")) p.user_name = user->name;
      p.root = false;
      if (s->principal_arn == root_arn(s->account)) p.root = true;
    }
  } else if (key.starts_with("AKIA")) {
    if (auto k = store.access_keys.get("", key)) {
      p.account = k->account;
      if (!k->user.empty()) {
        if (auto user = store.users.get(k->account, k->user)) {
          p.arn = user->arn;
          p.user_id = user->id;
          p.user_name = user->name;
          p.root = false;
        }
      } else {
        p.arn = root_arn(k->account);
        p.user_id = k->account;
      }
    }
  }
  return p;
}

}  // namespace bunker::iam
