#pragma once
// EventBridge schedule expressions: rate(value unit) and cron(minutes hours day-of-month
// month day-of-week year), evaluated in UTC. Cron fields take numbers, names (JAN-DEC,
// SUN-SAT with SUN = 1), ranges, lists, steps, * and ?, and the day fields L, W and #.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bunker::events {

class Schedule {
 public:
  // nullopt when the text is not a valid expression (EventBridge answers
  // "Parameter ScheduleExpression is not valid.").
  static std::optional<Schedule> parse(std::string_view text);

  bool is_rate() const { return rate_seconds_ > 0; }
  int64_t rate_seconds() const { return rate_seconds_; }
  // For cron: whether the minute starting at `epoch_seconds` (UTC) is a firing time.
  bool cron_matches(int64_t epoch_seconds) const;

 private:
  struct Field {
    std::vector<bool> allowed;  // indexed by value
    bool any = false;           // '*' or '?'
    bool question = false;
  };
  int64_t rate_seconds_ = 0;
  Field minutes_, hours_, dom_, months_, dow_, years_;
  // Day-of-month specials.
  bool last_day_ = false;
  std::optional<int> nearest_weekday_;  // nW
  // Day-of-week specials.
  std::optional<int> last_weekday_of_month_;        // nL
  std::optional<std::pair<int, int>> nth_weekday_;  // n#k
};

}  // namespace bunker::events
