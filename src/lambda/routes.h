#pragma once
// Which Lambda operation a REST-JSON request is (method + path), with its decoded path
// parameters.
#include <optional>
#include <string>
#include <string_view>

namespace bunker::lambda {

enum class Op {
  kCreateFunction, kListFunctions, kGetFunction, kDeleteFunction, kGetFunctionConfiguration,
  kUpdateFunctionConfiguration, kUpdateFunctionCode, kPublishVersion, kListVersionsByFunction,
  kCreateAlias, kListAliases, kGetAlias, kUpdateAlias, kDeleteAlias, kAddPermission, kGetPolicy,
  kRemovePermission, kInvoke, kInvokeAsync, kPutFunctionConcurrency, kGetFunctionConcurrency,
  kDeleteFunctionConcurrency, kGetAccountSettings, kTagResource, kUntagResource, kListTags,
  kPublishLayerVersion, kListLayerVersions, kGetLayerVersion, kDeleteLayerVersion, kListLayers,
  kGetLayerVersionByArn, kDownloadCode, kPutFunctionEventInvokeConfig, kUpdateFunctionEventInvokeConfig,
  kGetFunctionEventInvokeConfig, kDeleteFunctionEventInvokeConfig, kListFunctionEventInvokeConfigs,
  kGetFunctionCodeSigningConfig, kPutFunctionCodeSigningConfig, kDeleteFunctionCodeSigningConfig,
  kGetRuntimeManagementConfig, kPutRuntimeManagementConfig,
};

struct Route {
  Op op;
  std::string name;        // function name (as given), layer name, or code hash
  std::string sub;         // alias name, statement id, layer version number
  std::string resource;    // tagged resource ARN
  const char* operation;   // AWS's operation name, for logs
};

// nullopt when no Lambda operation has this method and path.
std::optional<Route> match_route(std::string_view method, std::string_view raw_path,
                                 std::optional<std::string_view> find_param);

}  // namespace bunker::lambda
