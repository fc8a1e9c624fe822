#include "bunker/core/clock.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace bunker {
namespace {

std::tm utc_tm(int64_t epoch_millis) {
  time_t secs = static_cast<time_t>(epoch_millis >= 0 ? epoch_millis / 1000 : (epoch_millis - 999) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

int millis_part(int64_t epoch_millis) { return static_cast<int>(((epoch_millis % 1000) + 1000) % 1000); }

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

int month_index(std::string_view m) {
  for (int i = 0; i < 12; ++i)
    if (m.size() >= 3 && strncasecmp(m.data(), kMonths[i], 3) == 0) return i;
  return -1;
}

std::optional<int64_t> to_epoch(std::tm tm, int millis) {
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60)
    return std::nullopt;
  time_t t = timegm(&tm);
  return static_cast<int64_t>(t) * 1000 + millis;
}

}  // namespace

int64_t now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

double now_epoch_seconds() { return static_cast<double>(now_millis()) / 1000.0; }

std::string iso8601_millis(int64_t ms) {
  std::tm tm = utc_tm(ms);
  const int year = tm.tm_year + 1900;
  if (year < 0 || year > 9999) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec, millis_part(ms));
    return buf;
  }
  // Digits by hand: listings format one of these per key, and snprintf was most of it.
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](size_t at, int value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) out[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, tm.tm_mon + 1, 2);
  put(8, tm.tm_mday, 2);
  put(11, tm.tm_hour, 2);
  put(14, tm.tm_min, 2);
  put(17, tm.tm_sec, 2);
  put(20, millis_part(ms), 3);
  return out;
}

std::string iso8601_seconds(int64_t ms) {
  std::tm tm = utc_tm(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string lambda_timestamp(int64_t ms) {
  std::tm tm = utc_tm(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis_part(ms));
  return buf;
}

std::string http_date(int64_t ms) {
  std::tm tm = utc_tm(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string amz_date(int64_t ms) {
  std::tm tm = utc_tm(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<int64_t> parse_http_date(std::string_view text) {
  std::string s(text);
  std::tm tm{};
  char wd[8] = {}, mon[8] = {}, tz[8] = {};
  int day, year, h, m, sec;
  // RFC 1123: Sun, 06 Nov 1994 08:49:37 GMT
  if (std::sscanf(s.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", wd, &day, mon, &year, &h, &m, &sec, tz) >= 7) {
    tm.tm_mday = day; tm.tm_mon = month_index(mon); tm.tm_year = year - 1900;
    tm.tm_hour = h; tm.tm_min = m; tm.tm_sec = sec;
    return to_epoch(tm, 0);
  }
  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  char wdl[16] = {};
  if (std::sscanf(s.c_str(), "%15[A-Za-z], %d-%3s-%d %d:%d:%d", wdl, &day, mon, &year, &h, &m, &sec) == 7) {
    if (year < 100) year += year < 70 ? 2000 : 1900;
    tm.tm_mday = day; tm.tm_mon = month_index(mon); tm.tm_year = year - 1900;
    tm.tm_hour = h; tm.tm_min = m; tm.tm_sec = sec;
    return to_epoch(tm, 0);
  }
  // asctime: Sun Nov  6 08:49:37 1994
  if (std::sscanf(s.c_str(), "%3s %3s %d %d:%d:%d %d", wd, mon, &day, &h, &m, &sec, &year) == 7) {
    tm.tm_mday = day; tm.tm_mon = month_index(mon); tm.tm_year = year - 1900;
    tm.tm_hour = h; tm.tm_min = m; tm.tm_sec = sec;
    return to_epoch(tm, 0);
  }
  return parse_iso8601(text);
}

std::optional<int64_t> parse_iso8601(std::string_view text) {
  std::string s(text);
  std::tm tm{};
  int y, mo, d, h = 0, mi = 0, sec = 0, consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &consumed) < 6) return std::nullopt;
  int millis = 0;
  std::string_view rest = std::string_view(s).substr(consumed);
  if (!rest.empty() && rest[0] == '.') {
    size_t i = 1;
    int digits = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
      if (digits < 3) millis = millis * 10 + (rest[i] - '0');
      ++digits;
      ++i;
    }
    for (; digits < 3; ++digits) millis *= 10;
    rest.remove_prefix(i);
  }
  int64_t offset_ms = 0;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    int oh = 0, om = 0;
    std::string r(rest.substr(1));
    if (std::sscanf(r.c_str(), "%2d:%2d", &oh, &om) < 1 && std::sscanf(r.c_str(), "%2d%2d", &oh, &om) < 1)
      return std::nullopt;
    offset_ms = (oh * 60 + om) * 60000LL * (rest[0] == '+' ? 1 : -1);
  } else if (!rest.empty() && rest != "Z") {
    return std::nullopt;
  }
  tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d; tm.tm_hour = h; tm.tm_min = mi; tm.tm_sec = sec;
  auto t = to_epoch(tm, millis);
  if (!t) return std::nullopt;
  return *t - offset_ms;
}

std::optional<int64_t> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  std::string s(text);
  std::tm tm{};
  int y, mo, d, h, mi, sec;
  if (std::sscanf(s.c_str(), "%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &sec) != 6) return std::nullopt;
  tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d; tm.tm_hour = h; tm.tm_min = mi; tm.tm_sec = sec;
  return to_epoch(tm, 0);
}

}  // namespace bunker
