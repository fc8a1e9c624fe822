#pragma once
// S3's CORS rule matching (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html):
// the first rule whose AllowedOrigin matches the Origin (one '*' wildcard allowed), whose
// AllowedMethod lists the method, and — for a preflight — whose AllowedHeader patterns
// cover every header in Access-Control-Request-Headers (case-insensitively, '*'
// wildcards) wins.
#include <string>
#include <string_view>
#include <vector>

#include "bunker/http/message.h"
#include "s3/bucket_config.h"

namespace bunker::s3 {

bool wildcard_match(std::string_view pattern, std::string_view text, bool case_insensitive);

const CorsRule* match_cors_rule(const std::vector<CorsRule>& rules, std::string_view origin, std::string_view method,
                                const std::vector<std::string>& request_headers);

// CORS response headers for an actual (non-preflight) request with an Origin header.
void apply_cors(const BucketRecord& bucket, const http::Request& request, http::Response& response);
// Adds the headers of a matched rule (preflight adds the requested headers too).
void add_cors_headers(const CorsRule& rule, std::string_view origin, http::Headers& out);

// <CORSConfiguration> both ways; MalformedXML / InvalidRequest as S3 answers.
std::vector<CorsRule> parse_cors_xml(std::string_view xml);
std::string cors_xml(const std::vector<CorsRule>& rules);

}  // namespace bunker::s3
