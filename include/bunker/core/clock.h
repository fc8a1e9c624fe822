#pragma once
// Wall-clock time in the textual forms AWS APIs use.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bunker {

int64_t now_millis();  // Unix epoch milliseconds
double now_epoch_seconds();  // with millisecond fraction (DynamoDB/Lambda timestamps)

std::string iso8601_millis(int64_t epoch_millis);   // 2024-01-02T03:04:05.678Z (S3 XML)
std::string iso8601_seconds(int64_t epoch_millis);  // 2024-01-02T03:04:05Z
std::string lambda_timestamp(int64_t epoch_millis); // 2024-01-02T03:04:05.678+0000 (Lambda)
std::string http_date(int64_t epoch_millis);        // Tue, 02 Jan 2024 03:04:05 GMT
std::string amz_date(int64_t epoch_millis);         // 20240102T030405Z (SigV4)

// Parses RFC 1123 / RFC 850 / asctime HTTP dates and ISO 8601; epoch milliseconds.
std::optional<int64_t> parse_http_date(std::string_view text);
std::optional<int64_t> parse_iso8601(std::string_view text);
std::optional<int64_t> parse_amz_date(std::string_view text);

}  // namespace bunker
