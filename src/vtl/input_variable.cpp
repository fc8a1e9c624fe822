#include <optional>

#include "bunker/core/strings.h"
#include "vtl/api_gateway_variables.h"
#include "vtl/json_value.h"
#include "vtl/jsonpath.h"
#include "vtl/runtime.h"

namespace bunker::vtl {

namespace {

class InputVariable : public HostObject {
 public:
  explicit InputVariable(const MappingInput& in) : in_(in) {
    // Recorded on AWS: $input.body of an empty payload is "{}".
    body_ = in.body.empty() ? std::string("{}") : in.body;
  }

  std::string_view type_name() const override { return "Input"; }

  Value property(std::string_view name, Runtime&) override {
    if (name == "body") return Value::string(body_);
    return Value();
  }

  std::optional<Value> call(std::string_view name, std::span<const Value> args, Runtime& rt) override {
    if (name == "getBody" && args.empty()) return Value::string(body_);
    if ((name == "path" || name == "json") && args.size() == 1) {
      if (args[0].is_null()) return Value();
      auto path = JsonPath::get(rt.java_string(args[0]));
      Value found = path->evaluate(root(rt));
      if (name == "path" || found.is_null()) return found;
      std::string text = to_json(found, rt.print_budget());
      rt.check_string(text.size());
      return Value::string(std::move(text));
    }
    if (name == "params" && args.empty()) return all_params();
    if (name == "params" && args.size() == 1) {
      if (args[0].is_null()) return Value();
      return param(rt.java_string(args[0]));
    }
    return std::nullopt;
  }

 private:
  // The payload parsed once per render; a payload that is not JSON is one string.
  const Value& root(Runtime& rt) {
    if (!root_) {
      rt.step(body_.size() / 64 + 1);
      auto parsed = parse_json(body_);
      root_ = parsed ? std::move(*parsed) : Value::string(body_);
    }
    return *root_;
  }

  static Value last_wins(const ParamList& params) {
    Value m = Value::new_map();
    for (const auto& [k, v] : params) m.as_map().put(k, Value::string(v));
    return m;
  }

  Value all_params() const {
    Value m = Value::new_map();
    m.as_map().put("path", last_wins(in_.path_params));
    m.as_map().put("querystring", last_wins(in_.query_params));
    m.as_map().put("header", last_wins(in_.headers));
    return m;
  }

  Value param(const std::string& name) const {
    auto find_last = [&](const ParamList& params, bool ignore_case) -> const std::string* {
      const std::string* hit = nullptr;
      for (const auto& [k, v] : params) {
        if (ignore_case ? iequals(k, name) : k == name) hit = &v;
      }
      return hit;
    };
    if (const std::string* v = find_last(in_.path_params, false)) return Value::string(*v);
    if (const std::string* v = find_last(in_.query_params, false)) return Value::string(*v);
    if (const std::string* v = find_last(in_.headers, true)) return Value::string(*v);
    return Value();
  }

  const MappingInput& in_;
  std::string body_;
  std::optional<Value> root_;
};

}  // namespace

std::shared_ptr<HostObject> make_input_variable(const MappingInput& in) { return std::make_shared<InputVariable>(in); }

}  // namespace bunker::vtl
