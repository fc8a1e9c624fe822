#include "lambda/work_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace bunker::lambda {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kPrefix = "bunker-lambda-";

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The inode of this process's pid namespace ("pid:[4026531836]"), 0 when unknown.
uint64_t pid_namespace() {
  std::error_code ec;
  const std::string link = fs::read_symlink("/proc/self/ns/pid", ec).string();
  const auto open = link.find('['), close = link.rfind(']');
  if (ec || open == std::string::npos || close == std::string::npos || close <= open) return 0;
  return parse_number(std::string_view(link).substr(open + 1, close - open - 1)).value_or(0);
}

// When the process started, in clock ticks since boot (field 22 of /proc/<pid>/stat):
// with the pid, it names one process, even once the pid is reused.
std::optional<uint64_t> start_time(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return std::nullopt;
  const auto paren = stat.rfind(')');  // the command name may hold spaces and parentheses
  if (paren == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(stat).substr(paren + 2);
  // Fields from the 3rd on; the start time is the 22nd.
  for (int field = 3; field < 22; ++field) {
    const auto space = rest.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(space + 1);
  }
  return parse_number(rest.substr(0, rest.find(' ')));
}

struct Owner {
  uint64_t pid_namespace = 0;
  pid_t pid = 0;
  uint64_t start = 0;
};

// bunker-lambda-<ns>-<pid>-<start>-XXXXXX, or nullopt.
std::optional<Owner> owner_of(std::string_view name) {
  if (!name.starts_with(kPrefix)) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  uint64_t parts[3];
  for (auto& part : parts) {
    const auto dash = name.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto value = parse_number(name.substr(0, dash));
    if (!value) return std::nullopt;
    part = *value;
    name.remove_prefix(dash + 1);
  }
  if (name.size() != 6 || parts[1] == 0) return std::nullopt;
  return Owner{parts[0], static_cast<pid_t>(parts[1]), parts[2]};
}

}  // namespace

fs::path make_work_dir(const fs::path& root) {
  const pid_t pid = ::getpid();
  std::string pattern = (root / (std::string(kPrefix) + std::to_string(pid_namespace()) + "-" + std::to_string(pid) +
                                 "-" + std::to_string(start_time(pid).value_or(0)) + "-XXXXXX"))
                            .string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a folder for Lambda workers under " + root.string());
  ::chmod(pattern.c_str(), 0755);
  return pattern;
}

size_t sweep_orphaned_work_dirs(const fs::path& root) {
  const uint64_t own_namespace = pid_namespace();
  size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    auto owner = owner_of(it->path().filename().string());
    if (!owner || owner->pid_namespace != own_namespace) continue;
    struct stat st;
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (start_time(owner->pid) == owner->start) continue;  // its server still runs
    std::error_code removal;
    fs::remove_all(it->path(), removal);
    if (!removal) ++removed;
  }
  return removed;
}

}  // namespace bunker::lambda
