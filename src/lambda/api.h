#pragma once
// The Lambda operations, one handler each, grouped by file: functions_api.cpp,
// versions_api.cpp, aliases_api.cpp, permissions_api.cpp, concurrency_api.cpp,
// event_invoke_config_api.cpp, function_settings_api.cpp, tags_api.cpp, account_api.cpp, layers_api.cpp, invoke_api.cpp.
#include <boost/asio/awaitable.hpp>

#include "lambda/lambda_core.h"

namespace bunker::lambda {

http::Response create_function(Call& call);
http::Response get_function(Call& call);
http::Response get_function_configuration(Call& call);
http::Response list_functions(Call& call);
http::Response update_function_code(Call& call);
http::Response update_function_configuration(Call& call);
http::Response delete_function(Call& call);
http::Response download_code(Call& call);

http::Response publish_version(Call& call);
http::Response list_versions_by_function(Call& call);

http::Response create_alias(Call& call);
http::Response get_alias(Call& call);
http::Response update_alias(Call& call);
http::Response delete_alias(Call& call);
http::Response list_aliases(Call& call);

http::Response add_permission(Call& call);
http::Response remove_permission(Call& call);
http::Response get_policy(Call& call);

http::Response put_function_concurrency(Call& call);
http::Response get_function_concurrency(Call& call);
http::Response delete_function_concurrency(Call& call);
http::Response get_account_settings(Call& call);

http::Response put_function_event_invoke_config(Call& call);
http::Response update_function_event_invoke_config(Call& call);
http::Response get_function_event_invoke_config(Call& call);
http::Response delete_function_event_invoke_config(Call& call);
http::Response list_function_event_invoke_configs(Call& call);

http::Response get_function_code_signing_config(Call& call);
http::Response put_function_code_signing_config(Call& call);
http::Response delete_function_code_signing_config(Call& call);
http::Response get_runtime_management_config(Call& call);
http::Response put_runtime_management_config(Call& call);

http::Response tag_resource(Call& call);
http::Response untag_resource(Call& call);
http::Response list_tags(Call& call);

http::Response publish_layer_version(Call& call);
http::Response get_layer_version(Call& call);
http::Response get_layer_version_by_arn(Call& call);
http::Response list_layer_versions(Call& call);
http::Response list_layers(Call& call);
http::Response delete_layer_version(Call& call);

boost::asio::awaitable<http::Response> invoke(Call& call, std::string payload);
boost::asio::awaitable<http::Response> invoke_async(Call& call, std::string payload);

// Shared by several operations.
// Resolves the Layers parameter to [{"Arn","CodeSize","sha"}]; throws AWS's errors.
json resolve_layers(const Call& call, const json& arns);
// Checks Environment.Variables (4 KB, reserved keys).
void validate_environment(const json& environment);
// Throws PreconditionFailedException when `given` is set and differs.
void check_revision(const json& body, const std::string& current, std::string_view api_name);
// The zip of a Code/ZipFile parameter, decoded; throws AWS's errors.
std::string code_zip(const Call& call, const json& code);

}  // namespace bunker::lambda
