#include "lambda/lambda_store.h"

#include "bunker/storage/database.h"
#include "bunker/storage/key_codec.h"

namespace bunker::lambda {
namespace {

// Keys start with the account and the region, so one scope's records are one range.
std::string key1(const Scope& s) {
  std::string k;
  storage::append_string(k, s.account);
  storage::append_string(k, s.region);
  return k;
}

std::string key2(const Scope& s, std::string_view name) {
  std::string k = key1(s);
  storage::append_string(k, name);
  return k;
}

std::string key3(const Scope& s, std::string_view name, std::string_view c) {
  std::string k = key2(s, name);
  storage::append_string(k, c);
  return k;
}

std::string key_num(const Scope& s, std::string_view name, uint64_t n) {
  std::string k = key2(s, name);
  storage::append_u64(k, n);
  return k;
}

std::string code_key(std::string_view sha) {
  std::string k;
  storage::append_string(k, sha);
  return k;
}

}  // namespace

LambdaStore::LambdaStore(storage::Database& db)
    : db_(db),
      functions_(db.family("lambda.functions")),
      versions_(db.family("lambda.versions")),
      aliases_(db.family("lambda.aliases")),
      layers_(db.family("lambda.layers")),
      code_(db.family("lambda.code", {.large_values = true})),
      async_(db.family("lambda.async")) {}

std::optional<json> LambdaStore::get_json(storage::ColumnFamily* cf, const std::string& key) const {
  auto value = db_.get(cf, key);
  if (!value) return std::nullopt;
  return json::parse(*value);
}

std::vector<json> LambdaStore::scan(storage::ColumnFamily* cf, const std::string& prefix) const {
  storage::ReadOptions ro;
  ro.lower_bound = prefix;
  auto upper = storage::prefix_successor(prefix);
  if (!upper.empty()) ro.upper_bound = upper;
  auto it = db_.iterator(cf, ro);
  std::vector<json> out;
  for (it->seek(prefix); it->valid(); it->next()) out.push_back(json::parse(it->value()));
  it->check();
  return out;
}

std::optional<json> LambdaStore::function(const Scope& scope, std::string_view name) const {
  return get_json(functions_, key2(scope, name));
}

void LambdaStore::put_function(const Scope& scope, std::string_view name, const json& record) {
  ++generation_;
  db_.put(functions_, key2(scope, name), record.dump());
}

void LambdaStore::delete_function(const Scope& scope, std::string_view name) {
  ++generation_;
  storage::WriteBatch batch;
  batch.del(functions_, key2(scope, name));
  const std::string prefix = key2(scope, name);
  const std::string end = storage::prefix_successor(prefix);
  batch.del_range(versions_, prefix, end);
  batch.del_range(aliases_, prefix, end);
  db_.write(batch);
}

std::vector<json> LambdaStore::functions(const Scope& scope) const { return scan(functions_, key1(scope)); }

std::optional<json> LambdaStore::version(const Scope& scope, std::string_view name, uint64_t number) const {
  return get_json(versions_, key_num(scope, name, number));
}

void LambdaStore::put_version(const Scope& scope, std::string_view name, uint64_t number, const json& record) {
  ++generation_;
  db_.put(versions_, key_num(scope, name, number), record.dump());
}

void LambdaStore::delete_version(const Scope& scope, std::string_view name, uint64_t number) {
  ++generation_;
  db_.del(versions_, key_num(scope, name, number));
}

std::vector<json> LambdaStore::versions(const Scope& scope, std::string_view name) const {
  return scan(versions_, key2(scope, name));
}

std::optional<json> LambdaStore::alias(const Scope& scope, std::string_view name, std::string_view alias) const {
  return get_json(aliases_, key3(scope, name, alias));
}

void LambdaStore::put_alias(const Scope& scope, std::string_view name, std::string_view alias,
                            const json& record) {
  ++generation_;
  db_.put(aliases_, key3(scope, name, alias), record.dump());
}

void LambdaStore::delete_alias(const Scope& scope, std::string_view name, std::string_view alias) {
  ++generation_;
  db_.del(aliases_, key3(scope, name, alias));
}

std::vector<json> LambdaStore::aliases(const Scope& scope, std::string_view name) const {
  return scan(aliases_, key2(scope, name));
}

std::optional<json> LambdaStore::layer_version(const Scope& scope, std::string_view layer,
                                               uint64_t number) const {
  return get_json(layers_, key_num(scope, layer, number));
}

void LambdaStore::put_layer_version(const Scope& scope, std::string_view layer, uint64_t number,
                                    const json& record) {
  db_.put(layers_, key_num(scope, layer, number), record.dump());
}

void LambdaStore::delete_layer_version(const Scope& scope, std::string_view layer, uint64_t number) {
  db_.del(layers_, key_num(scope, layer, number));
}

std::vector<json> LambdaStore::layer_versions(const Scope& scope, std::string_view layer) const {
  return scan(layers_, key2(scope, layer));
}

std::vector<std::string> LambdaStore::layer_names(const Scope& scope) const {
  std::vector<std::string> names;
  for (const auto& record : scan(layers_, key1(scope))) {
    std::string name = record.value("LayerName", "");
    if (names.empty() || names.back() != name) names.push_back(name);
  }
  return names;
}

std::optional<std::string> LambdaStore::code(std::string_view sha256_hex) const {
  return db_.get(code_, code_key(sha256_hex));
}

void LambdaStore::put_code(std::string_view sha256_hex, std::string_view zip) {
  db_.put(code_, code_key(sha256_hex), zip);
}

void LambdaStore::put_async(uint64_t sequence, const json& record) {
  std::string k;
  storage::append_u64(k, sequence);
  db_.put(async_, k, record.dump());
}

void LambdaStore::delete_async(uint64_t sequence) {
  std::string k;
  storage::append_u64(k, sequence);
  db_.del(async_, k);
}

std::vector<std::pair<uint64_t, json>> LambdaStore::async_queue() const {
  auto it = db_.iterator(async_);
  std::vector<std::pair<uint64_t, json>> out;
  for (it->seek_to_first(); it->valid(); it->next()) {
    std::string_view k = it->key();
    auto seq = storage::read_u64(k);
    if (seq) out.emplace_back(*seq, json::parse(it->value()));
  }
  it->check();
  return out;
}

void LambdaStore::clear() {
  ++generation_;
  for (auto* cf : {functions_, versions_, aliases_, layers_, code_, async_}) db_.clear(cf);
}

}  // namespace bunker::lambda
