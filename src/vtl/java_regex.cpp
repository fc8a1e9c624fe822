#include "vtl/java_regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <mutex>
#include <unordered_map>

#include "vtl/error.h"
#include "vtl/java_text.h"

namespace bunker::vtl {

namespace {

constexpr std::size_t kCacheCapacity = 512;
constexpr uint32_t kMatchLimit = 2'000'000;
constexpr uint32_t kDepthLimit = 20'000;

// Java's POSIX-style classes that PCRE2 spells differently (ASCII, as Java's default).
struct PosixClass {
  std::string_view name;
  std::string_view body;  // the inside of a character class
};
constexpr PosixClass kPosix[] = {
    {"Lower", "a-z"},         {"Upper", "A-Z"},          {"ASCII", "\\x00-\\x7F"},
    {"Alpha", "a-zA-Z"},      {"Digit", "0-9"},          {"Alnum", "a-zA-Z0-9"},
    {"Punct", "!-/:-@\\[-`{-~"}, {"Graph", "!-~"},       {"Print", " -~"},
    {"Blank", " \\t"},        {"Cntrl", "\\x00-\\x1F\\x7F"}, {"XDigit", "0-9a-fA-F"},
    {"Space", " \\t\\n\\x0B\\f\\r"}, {"javaLowerCase", "a-z"}, {"javaUpperCase", "A-Z"},
    {"javaWhitespace", " \\t\\n\\x0B\\f\\r\\x1C-\\x1F"},
};

// Rewrites the few Java constructs PCRE2 does not share; everything else is the same
// syntax in both engines.
std::string translate(std::string_view p) {
  std::string out;
  out.reserve(p.size());
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char n = p[i + 1];
      if (n == 'Q') {  // \Q…\E quoting: copy verbatim
        std::size_t end = p.find("\\E", i + 2);
        std::size_t stop = end == std::string_view::npos ? p.size() : end + 2;
        out.append(p.substr(i, stop - i));
        i = stop - 1;
        continue;
      }
      if ((n == 'p' || n == 'P') && i + 2 < p.size() && p[i + 2] == '{') {
        std::size_t close = p.find('}', i + 3);
        if (close != std::string_view::npos) {
          std::string_view name = p.substr(i + 3, close - i - 3);
          if (name.starts_with("Is")) name.remove_prefix(2);
          for (const auto& pc : kPosix) {
            if (pc.name == name) {
              bool negate = n == 'P';
              if (in_class && !negate) {
                out.append(pc.body);
              } else {
                out += negate ? "[^" : "[";
                out.append(pc.body);
                out += ']';
              }
              i = close;
              goto next;
            }
          }
        }
      }
      out += c;
      out += n;
      ++i;
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += "\\]", ++i;  // leading ] is literal
      continue;
    }
    if (c == ']' && in_class) in_class = false;
    out += c;
  next:;
  }
  return out;
}

struct MatchDataDeleter {
  void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};

std::mutex g_cache_mutex;
std::unordered_map<std::string, std::shared_ptr<const JavaRegex>>& cache() {
  static auto* c = new std::unordered_map<std::string, std::shared_ptr<const JavaRegex>>();
  return *c;
}

}  // namespace

struct JavaRegex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_context* mctx = nullptr;
  uint32_t group_count = 0;
  std::vector<std::pair<std::string, uint32_t>> names;

  ~Impl() {
    if (mctx) pcre2_match_context_free(mctx);
    if (code) pcre2_code_free(code);
  }

  // One match attempt from `start`; false when none. ovector filled.
  bool match(std::string_view s, std::size_t start, uint32_t options, pcre2_match_data* md) const {
    int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), start, options, md, mctx);
    if (rc >= 0) return true;
    if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL) return false;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
      throw TemplateError(TemplateError::Kind::Limit, "regular expression match exceeded its backtracking limit");
    }
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(rc, buf, sizeof buf);
    throw TemplateError(TemplateError::Kind::Runtime,
                        std::string("regular expression match failed: ") + reinterpret_cast<char*>(buf));
  }

  // Java's Matcher.find loop: after an empty match the next search starts one
  // character further on.
  template <class F>
  void each(std::string_view s, F&& on_match) const {
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> md(pcre2_match_data_create_from_pattern(code, nullptr));
    std::size_t from = 0;
    while (from <= s.size()) {
      if (!match(s, from, 0, md.get())) return;
      PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.get());
      std::size_t b = ov[0];
      std::size_t e = ov[1];
      if (e < b) e = b;  // \K can produce this; treat as empty
      if (!on_match(b, e, ov)) return;
      if (e == b) {
        if (e >= s.size()) return;
        std::size_t next = e;
        decode_utf8(s, next);
        from = next;
      } else {
        from = e;
      }
    }
  }
};

JavaRegex::JavaRegex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JavaRegex::~JavaRegex() = default;

std::shared_ptr<const JavaRegex> JavaRegex::get(std::string_view pattern, unsigned flags) {
  std::string key = std::to_string(flags) + ':' + std::string(pattern);
  {
    std::lock_guard<std::mutex> lock(g_cache_mutex);
    auto it = cache().find(key);
    if (it != cache().end()) return it->second;
  }
  std::string translated = translate(pattern);
  uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (flags & kCaseInsensitive) options |= PCRE2_CASELESS;
  int err = 0;
  PCRE2_SIZE erroff = 0;
  pcre2_compile_context* cctx = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(cctx, PCRE2_NEWLINE_ANYCRLF);
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(), options,
                                   &err, &erroff, cctx);
  pcre2_compile_context_free(cctx);
  if (!code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(err, buf, sizeof buf);
    throw TemplateError(TemplateError::Kind::Runtime, std::string("invalid regular expression '") +
                                                          std::string(pattern) + "': " +
                                                          reinterpret_cast<char*>(buf));
  }
  auto impl = std::make_unique<Impl>();
  impl->code = code;
  impl->mctx = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(impl->mctx, kMatchLimit);
  pcre2_set_depth_limit(impl->mctx, kDepthLimit);
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &impl->group_count);
  uint32_t name_count = 0;
  uint32_t entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &name_count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  for (uint32_t k = 0; k < name_count; ++k) {
    PCRE2_SPTR e = table + k * entry_size;
    uint32_t n = (static_cast<uint32_t>(e[0]) << 8) | e[1];
    impl->names.emplace_back(reinterpret_cast<const char*>(e + 2), n);
  }
  std::shared_ptr<const JavaRegex> compiled(new JavaRegex(std::move(impl)));
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  if (cache().size() >= kCacheCapacity) cache().clear();
  cache().emplace(std::move(key), compiled);
  return compiled;
}

std::size_t JavaRegex::cache_size() {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  return cache().size();
}

bool JavaRegex::matches(std::string_view subject) const {
  std::unique_ptr<pcre2_match_data, MatchDataDeleter> md(pcre2_match_data_create_from_pattern(impl_->code, nullptr));
  return impl_->match(subject, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, md.get());
}

bool JavaRegex::find(std::string_view subject) const {
  std::unique_ptr<pcre2_match_data, MatchDataDeleter> md(pcre2_match_data_create_from_pattern(impl_->code, nullptr));
  return impl_->match(subject, 0, 0, md.get());
}

std::string JavaRegex::replace(std::string_view s, std::string_view repl, bool all, std::size_t max_bytes) const {
  std::string out;
  std::size_t copied = 0;
  auto append_group = [&](uint32_t g, const PCRE2_SIZE* ov) {
    if (g > impl_->group_count) {
      throw TemplateError(TemplateError::Kind::Runtime, "No group " + std::to_string(g));
    }
    if (ov[2 * g] == PCRE2_UNSET) return;
    out.append(s.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]));
  };
  impl_->each(s, [&](std::size_t b, std::size_t e, const PCRE2_SIZE* ov) {
    out.append(s.substr(copied, b - copied));
    for (std::size_t i = 0; i < repl.size(); ++i) {
      char c = repl[i];
      if (c == '\\') {
        if (++i >= repl.size()) {
          throw TemplateError(TemplateError::Kind::Runtime, "character to be escaped is missing");
        }
        out += repl[i];
      } else if (c == '$') {
        if (++i >= repl.size()) {
          throw TemplateError(TemplateError::Kind::Runtime, "Illegal group reference: group index is missing");
        }
        if (repl[i] == '{') {
          std::size_t close = repl.find('}', i);
          if (close == std::string_view::npos) {
            throw TemplateError(TemplateError::Kind::Runtime, "named capturing group is missing trailing '}'");
          }
          std::string_view name = repl.substr(i + 1, close - i - 1);
          bool found = false;
          for (const auto& [n, g] : impl_->names) {
            if (n == name) {
              append_group(g, ov);
              found = true;
              break;
            }
          }
          if (!found) {
            throw TemplateError(TemplateError::Kind::Runtime,
                                "No group with name {" + std::string(name) + "}");
          }
          i = close;
        } else if (repl[i] >= '0' && repl[i] <= '9') {
          // Java reads further digits only while they still name an existing group.
          uint32_t g = static_cast<uint32_t>(repl[i] - '0');
          while (i + 1 < repl.size() && repl[i + 1] >= '0' && repl[i + 1] <= '9') {
            uint32_t ng = g * 10 + static_cast<uint32_t>(repl[i + 1] - '0');
            if (ng > impl_->group_count) break;
            g = ng;
            ++i;
          }
          append_group(g, ov);
        } else {
          throw TemplateError(TemplateError::Kind::Runtime, "Illegal group reference");
        }
      } else {
        out += c;
      }
    }
    copied = e;
    if (out.size() > max_bytes) {
      throw TemplateError(TemplateError::Kind::Limit, "string exceeds the size limit");
    }
    return all;
  });
  out.append(s.substr(copied));
  if (out.size() > max_bytes) throw TemplateError(TemplateError::Kind::Limit, "string exceeds the size limit");
  return out;
}

std::vector<std::string> JavaRegex::split(std::string_view s, int limit) const {
  std::vector<std::string> parts;
  std::size_t index = 0;
  bool limited = limit > 0;
  bool any = false;
  impl_->each(s, [&](std::size_t b, std::size_t e, const PCRE2_SIZE*) {
    if (!limited || parts.size() < static_cast<std::size_t>(limit - 1)) {
      // A zero-width match at the very beginning never yields an empty leading part.
      if (b == 0 && e == 0) return true;
      parts.emplace_back(s.substr(index, b - index));
      index = e;
      any = true;
      return true;
    }
    return false;
  });
  if (!any) return {std::string(s)};
  if (!limited || parts.size() < static_cast<std::size_t>(limit)) parts.emplace_back(s.substr(index));
  if (limit == 0) {
    while (!parts.empty() && parts.back().empty()) parts.pop_back();
  }
  return parts;
}

}  // namespace bunker::vtl
