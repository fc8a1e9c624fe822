#pragma once
// The settings a log group carries besides its events, as Terraform, CDK and SAM read
// them back: retention (PutRetentionPolicy, DeleteRetentionPolicy) and tags (the
// TagLogGroup family by name and the TagResource family by log-group ARN). Both live in
// the group's record: retentionInDays as DescribeLogGroups shows it, tags under "tags",
// which describe_view() removes.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lambda/lambda_store.h"

namespace bunker::lambda {

class LogStore;

// The answer of `op` when it is one of these operations; nullopt otherwise.
std::optional<nlohmann::json> group_settings_operation(LogStore& store, const Scope& scope, std::string_view op,
                                                       const nlohmann::json& body);
// Checks CreateLogGroup's tags before the group is made; stores them after.
void check_create_tags(const nlohmann::json& body);
void store_create_tags(LogStore& store, const Scope& scope, std::string_view group, const nlohmann::json& body);
// Deletes the events a group's retention no longer keeps. It runs when the group's events
// are read (and when a retention is set): no timer sweeps idle groups, and on AWS too,
// expired events go some time after they expire.
void apply_retention(LogStore& store, const Scope& scope, std::string_view group, const nlohmann::json& record);
// A stored group record as DescribeLogGroups shows it.
nlohmann::json describe_view(nlohmann::json record);

}  // namespace bunker::lambda
