#include "vtl/mapping.h"

#include <charconv>
#include <cmath>

#include "vtl/api_gateway_variables.h"
#include "vtl/json_value.h"

namespace bunker::vtl {

class MappingRender {
 public:
  static MappingOutput run(const Template& tpl, const MappingInput& in, MappingState& state, const Limits& limits) {
    Context ctx;
    Heap::Scope scope(ctx.heap());
    ctx.set("input", Value::object(make_input_variable(in)));
    ctx.set("util", Value::object(make_util_variable()));
    ctx.set("context", context_map(in, state));
    Value stage = Value::new_map();
    for (const auto& [k, v] : in.stage_variables) stage.as_map().put(k, Value::string(v));
    ctx.set("stageVariables", stage);

    MappingOutput out;
    tpl.render_to(ctx, out.text, limits);

    const Value* context = ctx.get("context");
    Value request = member(context, "requestOverride");
    Value response = member(context, "responseOverride");
    state.request_override_ = request.is_map() ? to_nlohmann(request) : nlohmann::ordered_json::object();
    state.response_override_ = response.is_map() ? to_nlohmann(response) : nlohmann::ordered_json::object();
    out.request_override.header = pairs(member(&request, "header"));
    out.request_override.querystring = pairs(member(&request, "querystring"));
    out.request_override.path = pairs(member(&request, "path"));
    out.response_override.header = pairs(member(&response, "header"));
    out.response_override.status = status_of(member(&response, "status"));
    return out;
  }

 private:
  static Value member(const Value* m, std::string_view name) {
    if (!m || !m->is_map()) return Value();
    const Value* v = m->as_map().find(name);
    return v ? *v : Value();
  }

  static Value override_map(const nlohmann::ordered_json& saved, std::initializer_list<const char*> sections) {
    Value m = saved.is_object() ? from_nlohmann(saved) : Value::new_map();
    for (const char* s : sections) {
      const Value* existing = m.as_map().find(std::string_view(s));
      if (!existing || !existing->is_map()) m.as_map().put(s, Value::new_map());
    }
    return m;
  }

  static Value context_map(const MappingInput& in, const MappingState& state) {
    Value ctx = in.context.is_object() ? from_nlohmann(in.context) : Value::new_map();
    // API Gateway documents authorizer context values as "the stringified value".
    if (Value* auth = ctx.as_map().find(Value::string("authorizer")); auth && auth->is_map()) {
      for (const auto& [k, v] : std::vector<std::pair<Value, Value>>(auth->as_map().entries())) {
        if (v.is_number() || v.is_bool()) auth->as_map().put(k, Value::string(to_java_text(v)));
      }
    }
    ctx.as_map().put("requestOverride", override_map(state.request_override_, {"header", "querystring", "path"}));
    ctx.as_map().put("responseOverride", override_map(state.response_override_, {"header"}));
    return ctx;
  }

  static ParamList pairs(const Value& m) {
    ParamList out;
    if (!m.is_map()) return out;
    for (const auto& [k, v] : m.as_map().entries()) {
      if (v.is_null()) continue;
      out.emplace_back(k.is_string() ? k.as_string() : to_java_text(k), v.is_string() ? v.as_string() : to_java_text(v));
    }
    return out;
  }

  static std::optional<int> status_of(const Value& v) {
    if (v.is_integral() && v.as_int64() >= 0 && v.as_int64() <= 999) return static_cast<int>(v.as_int64());
    if (v.kind() == ValueKind::Double && std::floor(v.as_double()) == v.as_double() && v.as_double() >= 0 &&
        v.as_double() <= 999) {
      return static_cast<int>(v.as_double());
    }
    if (v.is_string()) {
      int s = 0;
      const std::string& t = v.as_string();
      auto r = std::from_chars(t.data(), t.data() + t.size(), s);
      if (r.ec == std::errc() && r.ptr == t.data() + t.size() && s >= 0 && s <= 999) return s;
    }
    return std::nullopt;
  }
};

MappingOutput render_mapping_template(const Template& tpl, const MappingInput& in, MappingState& state,
                                      const Limits& limits) {
  return MappingRender::run(tpl, in, state, limits);
}

MappingOutput render_mapping_template(std::string_view template_text, const MappingInput& in, MappingState& state,
                                      const Limits& limits) {
  return MappingRender::run(Template::parse(template_text), in, state, limits);
}

MappingOutput render_mapping_template(std::string_view template_text, const MappingInput& in, const Limits& limits) {
  MappingState state;
  return render_mapping_template(template_text, in, state, limits);
}

}  // namespace bunker::vtl
