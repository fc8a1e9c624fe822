// STS: GetCallerIdentity, AssumeRole, GetSessionToken, GetAccessKeyInfo. Credentials it
// issues are kept in "iam.sessions" and accepted by every Bunker service until they
// expire (see credential_directory.cpp).
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/identifiers.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/policy_document.h"
#include "iam/principal.h"

namespace bunker::iam {
namespace {

Session new_session(const std::string& account, std::string principal_arn, std::string user_id, long long seconds) {
  Session s;
  s.id = access_key_id(true);
  s.secret = secret_access_key();
  s.token = session_token();
  s.account = account;
  s.principal_arn = std::move(principal_arn);
  s.user_id = std::move(user_id);
  s.expires_ms = now_ms() + seconds * 1000;
  return s;
}

// Expired temporary credentials are useless; they are dropped, at most once a minute,
// in the batch that stores new ones.
void purge_expired_sessions(Engine& engine, storage::WriteBatch& batch) {
  const int64_t now = now_ms();
  if (now - engine.sessions_purged_ms < 60'000) return;
  engine.sessions_purged_ms = now;
  for (const auto& s : engine.store.sessions.list(""))
    if (s.expires_ms <= now) engine.store.sessions.del(batch, "", s.id);
}

void write_credentials(XmlWriter& w, const Session& s) {
  w.open("Credentials");
  w.element("AccessKeyId", s.id);
  w.element("SecretAccessKey", s.secret);
  w.element("SessionToken", s.token);
  w.element("Expiration", iam_date(s.expires_ms));
  w.close();
}

bool is_account_id(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string get_caller_identity(Engine& engine, const Call& call) {
  const Principal p = caller_principal(engine.store, call.caller, call.account);
  XmlWriter w(false);
  w.element("UserId", p.user_id);
  w.element("Account", p.account);
  w.element("Arn", p.arn);
  return w.finish();
}

std::string assume_role(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string role_arn = in.required("RoleArn", rules::kStsArn);
  const std::string session = in.required("RoleSessionName", rules::kRoleSessionName);
  const auto policy = in.string("Policy", StringRule{1, SIZE_MAX, rules::kPolicyDocument.pattern, rules::kPolicyDocument.matches});
  const auto duration = in.integer("DurationSeconds", 900, 43200);
  const auto tags = in.tags();
  in.string("ExternalId", rules::kExternalId);
  in.string("SerialNumber", rules::kSerialNumber);
  in.string("TokenCode", rules::kTokenCode);
  const auto source_identity = in.string("SourceIdentity", rules::kSourceIdentity);
  const auto policy_arns = call.q.structure_list("PolicyArns");
  in.done();
  if (policy) validate_policy_document(*policy, PolicyKind::kIdentity);

  const Principal caller = caller_principal(engine.store, call.caller, call.account);
  // A role that does not exist (or whose path differs) cannot be assumed: AWS answers
  // AccessDenied, as for a trust policy that does not admit the caller.
  auto parts = parse_entity_arn(role_arn, "role");
  std::optional<Role> role;
  if (parts) role = engine.store.roles.get(parts->account, parts->name);
  if (!role || role->arn != role_arn)
    throw AwsError(403, "AccessDenied",
                   "User: " + caller.arn + " is not authorized to perform: sts:AssumeRole on resource: " + role_arn);

  const bool chained = caller.user_id.find(':') != std::string::npos;  // AROA…:session
  if (duration && chained && *duration > 3600)
    throw validation_error("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  if (duration && *duration > role->max_session_duration)
    throw validation_error("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

  Session s = new_session(parts->account, assumed_role_arn(parts->account, role->name, session),
                          role->id + ":" + session, duration.value_or(3600));
  role->last_used_ms = now_ms();
  role->last_used_region = call.region;
  storage::WriteBatch batch;
  purge_expired_sessions(engine, batch);
  engine.store.sessions.put(batch, "", s.id, s);
  engine.store.roles.put(batch, parts->account, role->name, *role);
  engine.store.write(batch);

  XmlWriter w(false);
  write_credentials(w, s);
  w.open("AssumedRoleUser");
  w.element("AssumedRoleId", s.user_id);
  w.element("Arn", s.principal_arn);
  w.close();
  if (policy || !policy_arns.empty() || !tags.empty()) {
    // The packed size is AWS's compressed session-policy size in percent of the limit;
    // Bunker reports a proportional estimate.
    size_t bytes = policy ? policy->size() : 0;
    for (const auto& p : policy_arns) bytes += p.count("arn") ? p.at("arn").size() : 0;
    for (const auto& t : tags) bytes += t.key.size() + t.value.size();
    w.element("PackedPolicySize", std::to_string(std::min<size_t>(100, 1 + bytes / 40)));
  }
  if (source_identity) w.element("SourceIdentity", *source_identity);
  return w.finish();
}

std::string get_session_token(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto duration = in.integer("DurationSeconds", 900, 129600);
  in.string("SerialNumber", rules::kSerialNumber);
  in.string("TokenCode", rules::kTokenCode);
  in.done();
  const Principal caller = caller_principal(engine.store, call.caller, call.account);
  if (call.caller.access_key.starts_with("ASIA"))
    throw AwsError(403, "AccessDenied", "Cannot call GetSessionToken with session credentials");
  // The root user's sessions last at most an hour.
  long long seconds = duration.value_or(43200);
  if (caller.root) seconds = std::min<long long>(seconds, 3600);
  Session s = new_session(caller.account, caller.arn, caller.user_id, seconds);
  storage::WriteBatch batch;
  purge_expired_sessions(engine, batch);
  engine.store.sessions.put(batch, "", s.id, s);
  engine.store.write(batch);
  XmlWriter w(false);
  write_credentials(w, s);
  return w.finish();
}

std::string get_access_key_info(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string id = in.required("AccessKeyId", StringRule{16, 128, "[\\w]*", nullptr});
  in.done();
  std::string account = call.default_account;
  if (auto key = engine.store.access_keys.get("", id)) {
    account = key->account;
  } else if (auto s = engine.store.sessions.get("", id)) {
    account = s->account;
  } else if (is_account_id(id)) {
    account = id;
  }
  XmlWriter w(false);
  w.element("Account", account);
  return w.finish();
}

}  // namespace bunker::iam
