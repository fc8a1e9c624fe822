#include "lambda/routes.h"

#include <vector>

#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::lambda {
namespace {

std::optional<Route> make(Op op, const char* name, std::string a = {}, std::string b = {}) {
  Route r{op, std::move(a), std::move(b), {}, name};
  return r;
}

}  // namespace

std::optional<Route> match_route(std::string_view method, std::string_view raw_path,
                                 std::optional<std::string_view> find_param) {
  while (raw_path.size() > 1 && raw_path.back() == '/') raw_path.remove_suffix(1);
  std::vector<std::string> seg;
  for (auto part : split(raw_path.substr(1), '/')) seg.push_back(uri_decode(part));
  const size_t n = seg.size();
  if (n < 2) return std::nullopt;
  const std::string& api = seg[0];
  const std::string& kind = seg[1];
  auto is = [&](std::string_view m) { return method == m; };

  if (api == "2015-03-31" && kind == "functions") {
    if (n == 2) {
      if (is("POST")) return make(Op::kCreateFunction, "CreateFunction");
      if (is("GET")) return make(Op::kListFunctions, "ListFunctions");
      return std::nullopt;
    }
    const std::string& fn = seg[2];
    if (n == 4 && fn == "_code" && is("GET")) return make(Op::kDownloadCode, "GetFunctionCode", seg[3]);
    if (n == 3) {
      if (is("GET")) return make(Op::kGetFunction, "GetFunction", fn);
      if (is("DELETE")) return make(Op::kDeleteFunction, "DeleteFunction", fn);
      return std::nullopt;
    }
    const std::string& what = seg[3];
    if (n == 4) {
      if (what == "configuration" && is("GET")) return make(Op::kGetFunctionConfiguration, "GetFunctionConfiguration", fn);
      if (what == "configuration" && is("PUT"))
        return make(Op::kUpdateFunctionConfiguration, "UpdateFunctionConfiguration", fn);
      if (what == "code" && is("PUT")) return make(Op::kUpdateFunctionCode, "UpdateFunctionCode", fn);
      if (what == "versions" && is("POST")) return make(Op::kPublishVersion, "PublishVersion", fn);
      if (what == "versions" && is("GET")) return make(Op::kListVersionsByFunction, "ListVersionsByFunction", fn);
      if (what == "aliases" && is("POST")) return make(Op::kCreateAlias, "CreateAlias", fn);
      if (what == "aliases" && is("GET")) return make(Op::kListAliases, "ListAliases", fn);
      if (what == "policy" && is("POST")) return make(Op::kAddPermission, "AddPermission", fn);
      if (what == "policy" && is("GET")) return make(Op::kGetPolicy, "GetPolicy", fn);
      if (what == "invocations" && is("POST")) return make(Op::kInvoke, "Invoke", fn);
      return std::nullopt;
    }
    if (n == 5 && what == "aliases") {
      if (is("GET")) return make(Op::kGetAlias, "GetAlias", fn, seg[4]);
      if (is("PUT")) return make(Op::kUpdateAlias, "UpdateAlias", fn, seg[4]);
      if (is("DELETE")) return make(Op::kDeleteAlias, "DeleteAlias", fn, seg[4]);
    }
    if (n == 5 && what == "policy" && is("DELETE")) return make(Op::kRemovePermission, "RemovePermission", fn, seg[4]);
    return std::nullopt;
  }
  if (api == "2014-11-13" && kind == "functions" && n == 4 && seg[3] == "invoke-async" && is("POST"))
    return make(Op::kInvokeAsync, "InvokeAsync", seg[2]);
  if ((api == "2017-10-31" || api == "2019-09-30") && kind == "functions" && n == 4 && seg[3] == "concurrency") {
    if (is("PUT")) return make(Op::kPutFunctionConcurrency, "PutFunctionConcurrency", seg[2]);
    if (is("GET")) return make(Op::kGetFunctionConcurrency, "GetFunctionConcurrency", seg[2]);
    if (is("DELETE")) return make(Op::kDeleteFunctionConcurrency, "DeleteFunctionConcurrency", seg[2]);
    return std::nullopt;
  }
  if (api == "2019-09-25" && kind == "functions" && n >= 4 && seg[3] == "event-invoke-config") {
    if (n == 5 && seg[4] == "list" && is("GET"))
      return make(Op::kListFunctionEventInvokeConfigs, "ListFunctionEventInvokeConfigs", seg[2]);
    if (n != 4) return std::nullopt;
    if (is("PUT")) return make(Op::kPutFunctionEventInvokeConfig, "PutFunctionEventInvokeConfig", seg[2]);
    if (is("POST")) return make(Op::kUpdateFunctionEventInvokeConfig, "UpdateFunctionEventInvokeConfig", seg[2]);
    if (is("GET")) return make(Op::kGetFunctionEventInvokeConfig, "GetFunctionEventInvokeConfig", seg[2]);
    if (is("DELETE")) return make(Op::kDeleteFunctionEventInvokeConfig, "DeleteFunctionEventInvokeConfig", seg[2]);
    return std::nullopt;
  }
  if (api == "2020-06-30" && kind == "functions" && n == 4 && seg[3] == "code-signing-config") {
    if (is("GET")) return make(Op::kGetFunctionCodeSigningConfig, "GetFunctionCodeSigningConfig", seg[2]);
    if (is("PUT")) return make(Op::kPutFunctionCodeSigningConfig, "PutFunctionCodeSigningConfig", seg[2]);
    if (is("DELETE")) return make(Op::kDeleteFunctionCodeSigningConfig, "DeleteFunctionCodeSigningConfig", seg[2]);
    return std::nullopt;
  }
  if (api == "2021-07-20" && kind == "functions" && n == 4 && seg[3] == "runtime-management-config") {
    if (is("GET")) return make(Op::kGetRuntimeManagementConfig, "GetRuntimeManagementConfig", seg[2]);
    if (is("PUT")) return make(Op::kPutRuntimeManagementConfig, "PutRuntimeManagementConfig", seg[2]);
    return std::nullopt;
  }
  if (api == "2016-08-19" && kind == "account-settings" && n == 2 && is("GET"))
    return make(Op::kGetAccountSettings, "GetAccountSettings");
  if (api == "2017-03-31" && kind == "tags" && n >= 3) {
    // The ARN may arrive with its slashes unescaped; rejoin the rest of the path.
    std::string arn = seg[2];
    for (size_t i = 3; i < n; ++i) arn += "/" + seg[i];
    std::optional<Route> r;
    if (is("POST")) r = make(Op::kTagResource, "TagResource");
    if (is("DELETE")) r = make(Op::kUntagResource, "UntagResource");
    if (is("GET")) r = make(Op::kListTags, "ListTags");
    if (r) r->resource = arn;
    return r;
  }
  if (api == "2018-10-31" && kind == "layers") {
    if (n == 2 && is("GET")) {
      if (find_param && *find_param == "LayerVersion") return make(Op::kGetLayerVersionByArn, "GetLayerVersionByArn");
      return make(Op::kListLayers, "ListLayers");
    }
    if (n == 4 && seg[3] == "versions") {
      if (is("POST")) return make(Op::kPublishLayerVersion, "PublishLayerVersion", seg[2]);
      if (is("GET")) return make(Op::kListLayerVersions, "ListLayerVersions", seg[2]);
    }
    if (n == 5 && seg[3] == "versions") {
      if (is("GET")) return make(Op::kGetLayerVersion, "GetLayerVersion", seg[2], seg[4]);
      if (is("DELETE")) return make(Op::kDeleteLayerVersion, "DeleteLayerVersion", seg[2], seg[4]);
    }
  }
  return std::nullopt;
}

}  // namespace bunker::lambda
