#pragma once
// Static website hosting: requests to <bucket>.s3-website.<host> (router key
// "s3-website"), or the path form /_bunker/s3-website/<bucket>/<key> for clients that
// cannot resolve such names. Serves the bucket's objects with index documents for "/"
// and folders, the error document with the error's status, RedirectAllRequestsTo,
// RoutingRules and x-amz-website-redirect-location, and S3 websites' plain HTML errors.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html
#include <boost/asio/awaitable.hpp>

#include "bunker/core/aws_error.h"
#include "bunker/http/message.h"
#include "s3/engine.h"

namespace bunker::s3 {

inline constexpr std::string_view kWebsitePathPrefix = "/_bunker/s3-website/";

boost::asio::awaitable<http::Response> serve_website(http::Request& request, Engine& engine);
// An error as an S3 website shows it: an HTML page (no body for HEAD).
http::Response website_error_page(const http::Request& request, const AwsError& error);

}  // namespace bunker::s3
