#pragma once
// When S3 calls a bucket policy public (Block Public Access, GetBucketPolicyStatus).
#include <string_view>

namespace bunker::s3 {

// S3 starts from "public" and clears a statement only when it is limited to fixed values.
// An Allow statement is public when its Principal is "*" (or {"AWS": "*"}, or NotPrincipal)
// and no condition pins it to fixed values of aws:SourceArn, aws:SourceVpc, aws:SourceVpce,
// aws:SourceOwner, aws:SourceAccount, s3:x-amz-server-side-encryption-aws-kms-key-id,
// aws:userid (outside "AROLEID:*"), or to a set of CIDRs through aws:SourceIp (not
// 0.0.0.0/0 or ::/0): the list in AWS's PublicAccessBlockConfiguration documentation.
// "Fixed" means an operator that is not a negation or ...IfExists, with values without
// wildcards. Deny statements never make a policy public. `policy` is valid JSON (checked
// by PutBucketPolicy).
bool is_public_policy(std::string_view policy);

}  // namespace bunker::s3
