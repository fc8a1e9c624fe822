#pragma once
// Every S3 operation, by family; each family lives in the file named after it.
#include <optional>
#include <string_view>

#include "bunker/core/aws_error.h"
#include "s3/call.h"

namespace bunker::s3 {

// bucket_operations.cpp
awaitable<http::Response> list_buckets(Call& call);
awaitable<http::Response> create_bucket(Call& call);
awaitable<http::Response> delete_bucket(Call& call);
awaitable<http::Response> head_bucket(Call& call);
awaitable<http::Response> get_bucket_location(Call& call);
awaitable<http::Response> get_bucket_versioning(Call& call);
awaitable<http::Response> get_bucket_encryption(Call& call);

// bucket_tagging_policy.cpp
awaitable<http::Response> put_bucket_tagging(Call& call);
awaitable<http::Response> get_bucket_tagging(Call& call);
awaitable<http::Response> delete_bucket_tagging(Call& call);
awaitable<http::Response> put_bucket_policy(Call& call);
awaitable<http::Response> get_bucket_policy(Call& call);
awaitable<http::Response> delete_bucket_policy(Call& call);

// cors_operations.cpp
awaitable<http::Response> put_bucket_cors(Call& call);
awaitable<http::Response> get_bucket_cors(Call& call);
awaitable<http::Response> delete_bucket_cors(Call& call);
awaitable<http::Response> cors_preflight(Call& call);

// website_operations.cpp
awaitable<http::Response> put_bucket_website(Call& call);
awaitable<http::Response> get_bucket_website(Call& call);
awaitable<http::Response> delete_bucket_website(Call& call);

// object_operations.cpp
awaitable<http::Response> put_object(Call& call);
awaitable<http::Response> get_object(Call& call);
awaitable<http::Response> head_object(Call& call);
awaitable<http::Response> delete_object(Call& call);

// acl_operations.cpp
awaitable<http::Response> get_bucket_acl(Call& call);
awaitable<http::Response> put_bucket_acl(Call& call);
awaitable<http::Response> get_object_acl(Call& call);
awaitable<http::Response> put_object_acl(Call& call);

// public_access_operations.cpp
awaitable<http::Response> put_public_access_block(Call& call);
awaitable<http::Response> get_public_access_block(Call& call);
awaitable<http::Response> delete_public_access_block(Call& call);
awaitable<http::Response> get_bucket_policy_status(Call& call);

// ownership_operations.cpp
awaitable<http::Response> put_bucket_ownership_controls(Call& call);
awaitable<http::Response> get_bucket_ownership_controls(Call& call);
awaitable<http::Response> delete_bucket_ownership_controls(Call& call);
// The ObjectOwnership value named `v`, if it is one.
std::optional<std::string_view> parse_object_ownership(std::string_view v);
AwsError invalid_bucket_acl_with_ownership();

// copy_object.cpp
awaitable<http::Response> copy_object(Call& call);
awaitable<http::Response> upload_part_copy(Call& call);

// delete_objects.cpp
awaitable<http::Response> delete_objects(Call& call);

// object_tagging.cpp
awaitable<http::Response> put_object_tagging(Call& call);
awaitable<http::Response> get_object_tagging(Call& call);
awaitable<http::Response> delete_object_tagging(Call& call);

// object_attributes.cpp
awaitable<http::Response> get_object_attributes(Call& call);

// listings.cpp
awaitable<http::Response> list_objects(Call& call);
awaitable<http::Response> list_objects_v2(Call& call);
awaitable<http::Response> list_object_versions(Call& call);

// multipart_operations.cpp
awaitable<http::Response> create_multipart_upload(Call& call);
awaitable<http::Response> upload_part(Call& call);
awaitable<http::Response> complete_multipart_upload(Call& call);
awaitable<http::Response> abort_multipart_upload(Call& call);
awaitable<http::Response> list_parts(Call& call);
awaitable<http::Response> list_multipart_uploads(Call& call);

// bucket_settings_operations.cpp
awaitable<http::Response> get_bucket_accelerate_configuration(Call& call);
awaitable<http::Response> get_bucket_logging(Call& call);
awaitable<http::Response> get_bucket_request_payment(Call& call);
awaitable<http::Response> put_bucket_request_payment(Call& call);
awaitable<http::Response> get_bucket_replication(Call& call);
awaitable<http::Response> delete_bucket_replication(Call& call);
awaitable<http::Response> get_object_lock_configuration(Call& call);

// lifecycle_operations.cpp
awaitable<http::Response> put_bucket_lifecycle_configuration(Call& call);
awaitable<http::Response> get_bucket_lifecycle_configuration(Call& call);
awaitable<http::Response> delete_bucket_lifecycle(Call& call);

// post_object.cpp
awaitable<http::Response> post_object(Call& call);

}  // namespace bunker::s3
