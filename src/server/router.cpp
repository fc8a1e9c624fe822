#include "server/router.h"

#include <array>
#include <utility>

#include "bunker/core/strings.h"

namespace bunker::server {
namespace {

constexpr std::array<std::string_view, 2> kLocalBases = {"localhost.localstack.cloud", "localhost"};

// Services addressed as <name>.<region>.amazonaws.com (or <name>.amazonaws.com).
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kAwsHostServices = {{
    {"streams.dynamodb", "dynamodbstreams"},
    {"dynamodb", "dynamodb"},
    {"lambda", "lambda"},
    {"apigateway", "apigateway"},
    {"iam", "iam"},
    {"sts", "sts"},
    {"logs", "logs"},
    {"events", "events"},
    {"s3", "s3"},
    {"execute-api", "execute-api"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kTargets = {{
    {"DynamoDB_20120810.", "dynamodb"},
    {"DynamoDBStreams_20120810.", "dynamodbstreams"},
    {"Logs_20140328.", "logs"},
    {"AWSEvents.", "events"},
    {"AWSIdentityManagementV20100508.", "iam"},
}};

std::string host_without_port(std::string_view host) {
  std::string h = to_lower(trim(host));
  if (!h.empty() && h.front() == '[') return h;  // IPv6 literal: no virtual hosts
  if (auto colon = h.rfind(':'); colon != std::string::npos) h.resize(colon);
  if (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

// If host is "<label>.<middle>.<base>" for a local base, returns label.
bool strip_suffix(std::string_view host, std::string_view suffix, std::string_view& label) {
  if (host.size() <= suffix.size() + 1 || !host.ends_with(suffix)) return false;
  if (host[host.size() - suffix.size() - 1] != '.') return false;
  label = host.substr(0, host.size() - suffix.size() - 1);
  return true;
}

// Matches "<label>.<infix>.<base>" for every local base (no allocation: this runs on
// every request).
bool local_virtual_host(std::string_view host, std::string_view infix, std::string_view& label) {
  for (auto base : kLocalBases) {
    if (host.size() <= base.size() + infix.size() + 2 || !host.ends_with(base)) continue;
    std::string_view rest = host.substr(0, host.size() - base.size());
    if (rest.back() != '.') continue;
    rest.remove_suffix(1);
    if (!rest.ends_with(infix) || rest[rest.size() - infix.size() - 1] != '.') continue;
    label = rest.substr(0, rest.size() - infix.size() - 1);
    return true;
  }
  return false;
}

// host == "<name>.<base>" for a local base.
bool is_local_name(std::string_view host, std::string_view name) {
  for (auto base : kLocalBases) {
    if (host.size() == name.size() + 1 + base.size() && host.starts_with(name) && host[name.size()] == '.' &&
        host.ends_with(base))
      return true;
  }
  return false;
}

bool is_local_base(std::string_view host) {
  for (auto base : kLocalBases)
    if (host == base) return true;
  return false;
}

// Splits "<head>.amazonaws.com" into head; false for other hosts.
bool aws_host(std::string_view host, std::string_view& head) {
  for (std::string_view suffix : {".amazonaws.com.cn", ".amazonaws.com"}) {
    if (host.ends_with(suffix) && host.size() > suffix.size()) {
      head = host.substr(0, host.size() - suffix.size());
      return true;
    }
  }
  return false;
}

bool looks_like_region(std::string_view s) {
  // us-east-1, eu-central-2, us-gov-west-1, …: letters and dashes ending in a digit.
  if (s.size() < 9 || s.find('-') == std::string_view::npos) return false;
  if (s.back() < '0' || s.back() > '9') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// Recognises AWS's own host names: returns true and fills route when the host names a
// service (virtual-hosted S3 buckets and API ids included).
bool route_aws_host(std::string_view head, Route& r) {
  // <id>.execute-api.<region>
  if (auto pos = head.find(".execute-api."); pos != std::string_view::npos && pos > 0) {
    r.service = "execute-api";
    r.host_label = std::string(head.substr(0, pos));
    return true;
  }
  // <bucket>.s3-website-<region> | <bucket>.s3-website.<region>
  for (std::string_view marker : {".s3-website-", ".s3-website."}) {
    if (auto pos = head.rfind(marker); pos != std::string_view::npos && pos > 0) {
      r.service = "s3-website";
      r.host_label = std::string(head.substr(0, pos));
      return true;
    }
  }
  // s3 | s3.<region> | s3-<region> | s3.dualstack.<region> | s3-external-1
  auto is_s3_endpoint = [](std::string_view s) {
    if (s == "s3" || s == "s3-external-1") return true;
    if (s.starts_with("s3.")) return true;
    if (s.starts_with("s3-") && looks_like_region(s.substr(3))) return true;
    return false;
  };
  if (is_s3_endpoint(head)) {
    r.service = "s3";
    return true;
  }
  // <bucket>.s3[...]: find the last ".s3" label that starts an S3 endpoint.
  for (size_t pos = head.find(".s3"); pos != std::string_view::npos; pos = head.find(".s3", pos + 1)) {
    if (pos > 0 && is_s3_endpoint(head.substr(pos + 1))) {
      r.service = "s3";
      r.host_label = std::string(head.substr(0, pos));
      return true;
    }
  }
  for (const auto& [name, service] : kAwsHostServices) {
    if (head == name || (head.starts_with(name) && head.size() > name.size() && head[name.size()] == '.' &&
                         head.substr(name.size() + 1).find('.') == std::string_view::npos)) {
      r.service = std::string(service);
      return true;
    }
  }
  return false;
}

bool starts_with_segment(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/' || path[prefix.size()] == '?');
}

}  // namespace

Route route_request(const http::Request& req, const sigv4::Authorization* auth) {
  Route r;
  const std::string_view path = req.path;

  // 1. Bunker's own endpoints; /_bunker/<service>/… reaches that service directly.
  if (path == "/_bunker/health" || path == "/_bunker/reset" || path == "/_bunker" || path == "/_bunker/" ||
      path.starts_with("/_localstack/")) {
    return {"internal", "", "internal path"};
  }
  if (path.starts_with("/_bunker/")) {
    auto rest = path.substr(9);
    auto slash = rest.find('/');
    return {std::string(rest.substr(0, slash)), "", "bunker path"};
  }

  // 2. Host header.
  const std::string host = host_without_port(req.headers.get_or("host", ""));
  std::string_view label;
  std::string_view head;
  const auto target = req.headers.get("x-amz-target");
  const bool other_service_signed = auth && !auth->service.empty() && auth->service != "s3";
  if (local_virtual_host(host, "execute-api", label)) return {"execute-api", std::string(label), "host"};
  if (local_virtual_host(host, "s3-website", label)) return {"s3-website", std::string(label), "host"};
  if (local_virtual_host(host, "s3", label)) return {"s3", std::string(label), "host"};
  if (is_local_name(host, "s3")) return {"s3", "", "host"};
  if (is_local_name(host, "s3-website")) return {"s3-website", "", "host"};
  if (aws_host(host, head)) {
    Route aws;
    if (route_aws_host(head, aws)) {
      aws.reason = "host";
      return aws;
    }
  }
  if (!target && !other_service_signed) {
    for (auto base : kLocalBases) {
      if (strip_suffix(host, base, label) && !label.empty()) return {"s3", std::string(label), "host"};
    }
  }

  // 3. X-Amz-Target.
  if (target) {
    for (const auto& [prefix, service] : kTargets)
      if (target->starts_with(prefix)) return {std::string(service), "", "target"};
  }

  // 4. API Gateway's path form for invoking a stage.
  if (path.starts_with("/restapis/") && path.find("/_user_request_") != std::string_view::npos)
    return {"execute-api", "", "path"};

  // 5. SigV4 credential scope.
  if (auth && !auth->service.empty()) {
    const std::string& s = auth->service;
    if (s == "s3" || s == "lambda" || s == "apigateway" || s == "execute-api" || s == "iam" || s == "sts" ||
        s == "logs" || s == "events")
      return {s, "", "scope"};
    if (s == "dynamodb") return {"dynamodb", "", "scope"};
  }

  // 6. Path prefixes.
  for (std::string_view p : {"/2015-03-31/functions", "/2015-03-31/event-source-mappings", "/2018-10-31/layers",
                             "/2017-10-31/functions", "/2019-09-25/functions", "/2019-09-30/functions",
                             "/2016-08-19/account-settings", "/2017-03-31/tags", "/2021-10-31/functions",
                             "/2018-06-01/runtime", "/2020-04-22/code-signing-configs", "/2015-03-31/tags",
                             "/2014-11-13/functions"}) {
    if (starts_with_segment(path, p)) return {"lambda", "", "path"};
  }
  for (std::string_view p : {"/restapis", "/apikeys", "/usageplans", "/domainnames", "/account", "/v2/apis",
                             "/v2/domainnames", "/v2/vpclinks", "/clientcertificates", "/vpclinks", "/sdktypes"}) {
    if (starts_with_segment(path, p)) return {"apigateway", "", "path"};
  }
  if (path.starts_with("/tags/arn:aws:apigateway") || path.starts_with("/tags/arn%3Aaws%3Aapigateway"))
    return {"apigateway", "", "path"};

  // 7. S3, path-style.
  return {"s3", "", "fallback"};
}

}  // namespace bunker::server
