#include "apigateway/patch.h"

#include "apigateway/errors.h"
#include "apigateway/json_fields.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

std::string unescape_segment(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '~' && i + 1 < s.size() && (s[i + 1] == '1' || s[i + 1] == '0')) {
      out.push_back(s[i + 1] == '1' ? '/' : '~');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool valid_op(std::string_view op) {
  return op == "add" || op == "remove" || op == "replace" || op == "move" || op == "test" || op == "copy";
}

}  // namespace

void throw_validation_errors(const std::vector<std::string>& errors) {
  if (errors.empty()) return;
  std::string msg = std::to_string(errors.size()) + (errors.size() == 1 ? " validation error" : " validation errors") +
                    " detected: ";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i) msg += "; ";
    msg += errors[i];
  }
  throw validation(msg);
}

std::vector<PatchOp> parse_patch_operations(const json& body, std::string_view input_name,
                                            std::vector<std::string> extra_errors) {
  std::vector<PatchOp> ops;
  std::vector<std::string> errors;
  auto list = body.is_object() ? body.find("patchOperations") : body.end();
  if (body.is_object() && list != body.end() && !list->is_null()) {
    if (!list->is_array()) throw serialization(java_class_of(*list) + " can not be converted to an List");
    size_t index = 0;
    for (const auto& item : *list) {
      ++index;
      PatchOp op;
      op.op = opt_string(item, "op").value_or("");
      op.path = opt_string(item, "path").value_or("");
      op.value = opt_string(item, "value");
      op.from = opt_string(item, "from");
      if (!valid_op(op.op)) {
        errors.push_back("Value '" + op.op + "' at '" + std::string(input_name) + ".patchOperations." +
                         std::to_string(index) +
                         ".member.op' failed to satisfy constraint: Member must satisfy enum value set: "
                         "[add, remove, move, test, replace, copy]");
      }
      for (auto seg : split(op.path, '/'))
        if (!seg.empty() || !op.segments.empty()) op.segments.push_back(unescape_segment(seg));
      if (!op.segments.empty() && op.segments.front().empty()) op.segments.erase(op.segments.begin());
      ops.push_back(std::move(op));
    }
  }
  for (auto& e : extra_errors) errors.push_back(std::move(e));
  throw_validation_errors(errors);
  return ops;
}

void invalid_patch_path(const PatchOp& op) { throw bad_request("Invalid patch path " + op.path); }

void unsupported_op(const PatchOp& op, std::string_view allowed) {
  throw bad_request("Invalid patch operation specified. Must be one of: [" + std::string(allowed) + "]");
}

void invalid_path_for_op(const PatchOp& op, std::string_view allowed_paths) {
  throw bad_request("Invalid patch path  '" + op.path + "' specified for op '" + op.op + "'. Must be one of: [" +
                    std::string(allowed_paths) + "]");
}

void op_not_supported_for_path(const PatchOp& op) {
  throw bad_request("Invalid patch path  '" + op.path + "' specified for op '" + op.op +
                    "'. Please choose supported operations");
}

bool patch_bool(const PatchOp& op) { return op.value && iequals(*op.value, "true"); }

std::string patch_string(const PatchOp& op) { return op.value.value_or(""); }

std::string rest_of_path(const PatchOp& op, size_t n) {
  std::string out;
  for (size_t i = n; i < op.segments.size(); ++i) {
    if (i > n) out.push_back('/');
    out += op.segments[i];
  }
  return out;
}

}  // namespace bunker::apigateway
