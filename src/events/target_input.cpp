#include "events/target_input.h"

#include "bunker/core/strings.h"

namespace bunker::events {

using json = nlohmann::json;

std::optional<json> json_path(const json& document, std::string_view path) {
  if (!path.starts_with("$")) return std::nullopt;
  const json* cur = &document;
  std::size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.') {
      std::size_t end = path.find_first_of(".[", i + 1);
      std::string key(path.substr(i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1));
      if (!cur->is_object() || !cur->contains(key)) return std::nullopt;
      cur = &(*cur)[key];
      i = end == std::string_view::npos ? path.size() : end;
    } else if (path[i] == '[') {
      std::size_t end = path.find(']', i);
      if (end == std::string_view::npos) return std::nullopt;
      long long n = 0;
      if (!parse_int64(path.substr(i + 1, end - i - 1), n) || !cur->is_array() || n < 0 ||
          static_cast<std::size_t>(n) >= cur->size())
        return std::nullopt;
      cur = &(*cur)[static_cast<std::size_t>(n)];
      i = end + 1;
    } else {
      return std::nullopt;
    }
  }
  return *cur;
}

std::string target_input(const json& target, const json& event) {
  if (target.contains("Input") && target["Input"].is_string()) return target["Input"].get<std::string>();
  if (target.contains("InputPath") && target["InputPath"].is_string()) {
    auto v = json_path(event, target["InputPath"].get<std::string>());
    return v ? v->dump() : "null";
  }
  if (target.contains("InputTransformer") && target["InputTransformer"].is_object()) {
    const json& t = target["InputTransformer"];
    std::string out = t.value("InputTemplate", "");
    if (t.contains("InputPathsMap") && t["InputPathsMap"].is_object()) {
      for (const auto& [name, path] : t["InputPathsMap"].items()) {
        auto v = json_path(event, path.get<std::string>());
        // Inside a JSON template a string value is placed with its quotes by the template
        // itself ("<name>"), so strings go in raw and everything else as JSON.
        std::string text = !v ? "" : v->is_string() ? v->get<std::string>() : v->dump();
        std::string placeholder = "<" + name + ">";
        for (std::size_t at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder, at + text.size()))
          out.replace(at, placeholder.size(), text);
      }
    }
    return out;
  }
  // The event itself, in the member order EventBridge writes envelopes in.
  nlohmann::ordered_json ordered;
  for (const char* k : {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"})
    if (event.contains(k)) ordered[k] = event[k];
  for (const auto& [k, v] : event.items())
    if (!ordered.contains(k)) ordered[k] = v;
  return ordered.dump();
}

}  // namespace bunker::events
