#pragma once
// Access control lists as S3 reports them. Bunker does not enforce ACLs: every bucket and
// object reports its owner with FULL_CONTROL, as a new S3 bucket (ACLs disabled) does.
#include <string>

#include "s3/owners.h"

namespace bunker::s3 {

std::string access_control_policy(const Owner& owner);

}  // namespace bunker::s3
