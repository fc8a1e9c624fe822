#pragma once
// A function's event invoke configurations (event_invoke_config_api.cpp), as the async
// queue reads them.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bunker::lambda {

// The configuration of `qualifier` ("$LATEST", a version or an alias name) in a function
// record: {"MaximumRetryAttempts"?, "MaximumEventAgeInSeconds"?, "LastModified"}.
std::optional<nlohmann::json> event_invoke_config(const nlohmann::json& function_record, std::string_view qualifier);

// Drops what is kept in a function record for a version or alias being deleted (its event
// invoke and runtime management configurations); true when the record changed.
bool forget_qualifier_settings(nlohmann::json& function_record, std::string_view qualifier);

}  // namespace bunker::lambda
