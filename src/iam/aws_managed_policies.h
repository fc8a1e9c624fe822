#pragma once
// The AWS managed policies that tutorials, frameworks and workshops attach by ARN
// (arn:aws:iam::aws:policy/<path><name>). Names, paths and descriptions are AWS's; the
// documents are valid IAM policies granting what AWS's versions grant, abbreviated where
// AWS's list every action of a service (a wildcard stands in). Policy ids are derived
// from the name (stable across runs), not AWS's own ids.
#include <string_view>
#include <vector>

#include "iam/records.h"

namespace bunker::iam {

// Every built-in policy, in name order, as a ManagedPolicy record (one version, v1).
const std::vector<ManagedPolicy>& aws_managed_policies();
// The built-in policy with that ARN, or nullptr.
const ManagedPolicy* find_aws_managed_policy(std::string_view arn);

}  // namespace bunker::iam
