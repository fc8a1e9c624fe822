#include "events/schedule.h"

#include <ctime>

#include "bunker/core/strings.h"

namespace bunker::events {
namespace {

std::optional<int> number(std::string_view s, const std::vector<std::string_view>& names, int name_base) {
  long long n = 0;
  if (parse_int64(s, n)) return static_cast<int>(n);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (iequals(s, names[i])) return static_cast<int>(i) + name_base;
  return std::nullopt;
}

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

}  // namespace

std::optional<Schedule> Schedule::parse(std::string_view text) {
  text = trim(text);
  Schedule s;
  if (text.starts_with("rate(") && text.ends_with(")")) {
    auto parts = split(text.substr(5, text.size() - 6), ' ');
    if (parts.size() != 2) return std::nullopt;
    long long n = 0;
    if (!parse_int64(parts[0], n) || n <= 0) return std::nullopt;
    std::string_view unit = parts[1];
    // AWS wants the singular unit for 1 and the plural otherwise.
    std::string_view expected_minute = n == 1 ? "minute" : "minutes", expected_hour = n == 1 ? "hour" : "hours",
                     expected_day = n == 1 ? "day" : "days";
    if (unit == expected_minute) s.rate_seconds_ = n * 60;
    else if (unit == expected_hour) s.rate_seconds_ = n * 3600;
    else if (unit == expected_day) s.rate_seconds_ = n * 86400;
    else return std::nullopt;
    return s;
  }
  if (!text.starts_with("cron(") || !text.ends_with(")")) return std::nullopt;
  std::vector<std::string_view> fields;
  for (auto f : split(text.substr(5, text.size() - 6), ' '))
    if (!f.empty()) fields.push_back(f);
  if (fields.size() != 6) return std::nullopt;
  static const std::vector<std::string_view> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static const std::vector<std::string_view> kDays = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  auto parse_field = [](std::string_view text, int lo, int hi, const std::vector<std::string_view>& names,
                        int name_base, Field& out, bool allow_question) -> bool {
    out.allowed.assign(static_cast<std::size_t>(hi) + 1, false);
    if (text == "*" || (allow_question && text == "?")) {
      out.any = true;
      out.question = text == "?";
      return true;
    }
    for (auto item : split(text, ',')) {
      int step = 1;
      if (auto slash = item.find('/'); slash != std::string_view::npos) {
        auto st = number(item.substr(slash + 1), {}, 0);
        if (!st || *st <= 0) return false;
        step = *st;
        item = item.substr(0, slash);
      }
      int a = lo, b = hi;
      if (item != "*") {
        auto dash = item.find('-');
        auto first = number(item.substr(0, dash), names, name_base);
        if (!first) return false;
        a = *first;
        b = a;
        if (dash != std::string_view::npos) {
          auto last = number(item.substr(dash + 1), names, name_base);
          if (!last) return false;
          b = *last;
        } else if (step != 1) {
          b = hi;
        }
      }
      if (a < lo || b > hi || a > b) return false;
      for (int v = a; v <= b; v += step) out.allowed[static_cast<std::size_t>(v)] = true;
    }
    return true;
  };
  if (!parse_field(fields[0], 0, 59, {}, 0, s.minutes_, false)) return std::nullopt;
  if (!parse_field(fields[1], 0, 23, {}, 0, s.hours_, false)) return std::nullopt;
  // Day of month: L, nW, or a plain field.
  std::string dom(fields[2]), dow(fields[4]);
  if (dom == "L") {
    s.last_day_ = true;
    s.dom_.allowed.assign(32, false);
  } else if (dom.size() > 1 && dom.back() == 'W') {
    auto n = number(std::string_view(dom).substr(0, dom.size() - 1), {}, 0);
    if (!n || *n < 1 || *n > 31) return std::nullopt;
    s.nearest_weekday_ = *n;
    s.dom_.allowed.assign(32, false);
  } else if (!parse_field(dom, 1, 31, {}, 0, s.dom_, true)) {
    return std::nullopt;
  }
  if (!parse_field(fields[3], 1, 12, kMonths, 1, s.months_, false)) return std::nullopt;
  if (dow.size() > 1 && dow.back() == 'L') {
    auto n = number(std::string_view(dow).substr(0, dow.size() - 1), kDays, 1);
    if (!n || *n < 1 || *n > 7) return std::nullopt;
    s.last_weekday_of_month_ = *n;
    s.dow_.allowed.assign(8, false);
  } else if (auto hash = dow.find('#'); hash != std::string::npos) {
    auto d = number(std::string_view(dow).substr(0, hash), kDays, 1);
    auto k = number(std::string_view(dow).substr(hash + 1), {}, 0);
    if (!d || !k || *d < 1 || *d > 7 || *k < 1 || *k > 5) return std::nullopt;
    s.nth_weekday_ = std::pair{*d, *k};
    s.dow_.allowed.assign(8, false);
  } else if (dow == "L") {
    s.dow_.allowed.assign(8, false);
    s.dow_.allowed[7] = true;
  } else if (!parse_field(dow, 1, 7, kDays, 1, s.dow_, true)) {
    return std::nullopt;
  }
  if (!parse_field(fields[5], 1970, 2199, {}, 0, s.years_, false)) return std::nullopt;
  // Exactly one of the day fields is '?'.
  bool dom_q = s.dom_.question, dow_q = s.dow_.question;
  if (dom_q == dow_q) return std::nullopt;
  return s;
}

bool Schedule::cron_matches(int64_t epoch_seconds) const {
  if (is_rate()) return false;
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  int year = tm.tm_year + 1900, month = tm.tm_mon + 1, day = tm.tm_mday, weekday = tm.tm_wday + 1;
  auto in = [](const Field& f, int v) {
    return f.any || (v >= 0 && static_cast<std::size_t>(v) < f.allowed.size() && f.allowed[static_cast<std::size_t>(v)]);
  };
  if (!in(minutes_, tm.tm_min) || !in(hours_, tm.tm_hour) || !in(months_, month) || !in(years_, year)) return false;
  int last = days_in_month(year, month);
  if (!dom_.question) {
    if (last_day_) return day == last;
    if (nearest_weekday_) {
      int target = std::min(*nearest_weekday_, last);
      int target_wday = (weekday - 1 + (target - day) % 7 + 7) % 7;  // 0 = Sunday
      int fire = target;
      if (target_wday == 6) fire = target == 1 ? 3 : target - 1;           // Saturday
      else if (target_wday == 0) fire = target == last ? target - 2 : target + 1;  // Sunday
      return day == fire;
    }
    return in(dom_, day);
  }
  if (last_weekday_of_month_) return weekday == *last_weekday_of_month_ && day + 7 > last;
  if (nth_weekday_) return weekday == nth_weekday_->first && (day - 1) / 7 + 1 == nth_weekday_->second;
  return in(dow_, weekday);
}

}  // namespace bunker::events
