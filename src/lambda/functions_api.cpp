// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
// UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction, and the download of
// a function's code (GetFunction's Code.Location).
#include <algorithm>
#include <map>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/ids.h"
#include "bunker/s3/objects.h"
#include "bunker/service/engines.h"
#include "bunker/core/strings.h"
#include "bunker/iam/role_directory.h"
#include "lambda/api.h"
#include "lambda/event_invoke_config.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"
#include "runtime/runtime_catalog.h"
#include "runtime/worker_launch.h"

namespace bunker::lambda {
namespace {

AwsError invalid_parameter(std::string message) {
  return AwsError(400, "InvalidParameterValueException", std::move(message));
}

void check_range(const json& body, const char* member, const char* field, int min, int max) {
  auto it = body.find(member);
  if (it == body.end() || it->is_null()) return;
  if (!it->is_number_integer()) throw_validation(it->dump(), field, "Member must be an integer");
  const auto v = it->get<long long>();
  if (v < min)
    throw_validation(std::to_string(v), field, "Member must have value greater than or equal to " + std::to_string(min));
  if (v > max)
    throw_validation(std::to_string(v), field, "Member must have value less than or equal to " + std::to_string(max));
}

// With --lambda-require-existing-role, the Role must be one IAM knows (AWS checks that
// Lambda can assume it; Bunker checks that it exists).
void check_role_exists(const Call& call, const std::string& role) {
  if (!call.lambda.settings.require_existing_role) return;
  auto* roles = call.lambda.engines.find<iam::RoleDirectory>();
  if (!roles || !roles->role_exists(call.account, role))
    throw invalid_parameter("The role defined for the function cannot be assumed by Lambda.");
}

void check_runtime(const Call& call, const std::string& runtime) {
  auto info = runtime::find_runtime(runtime);
  if (!info) throw invalid_parameter(runtime::unknown_runtime_message(runtime));
  if (info->deprecated && !call.lambda.settings.allow_deprecated_runtimes)
    throw invalid_parameter(runtime::deprecated_runtime_message(runtime));
}

void check_architectures(const json& body) {
  auto it = body.find("Architectures");
  if (it == body.end() || it->is_null()) return;
  std::string shown = "[";
  for (size_t i = 0; i < it->size(); ++i) shown += (i ? ", " : "") + (*it)[i].get<std::string>();
  shown += "]";
  if (it->size() > 1) throw_validation(shown, "architectures", "Member must have length less than or equal to 1");
  for (const auto& a : *it)
    if (a != "x86_64" && a != "arm64")
      throw_validation(shown, "architectures",
                       "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member "
                       "must not be null]");
}

std::string runtime_version_arn(const std::string& region, const std::string& runtime) {
  // A stable stand-in for AWS's runtime version hash: the runtime name.
  return "arn:aws:lambda:" + region + "::runtime:" + hex_encode(runtime);
}

// Fills the configuration members an update or a create may set.
void apply_settings(json& config, const json& body, const Call& call) {
  for (const char* k : {"Role", "Handler", "Description", "Timeout", "MemorySize", "Runtime"})
    if (body.contains(k) && !body[k].is_null()) config[k] = body[k];
  if (body.contains("Environment") && body["Environment"].is_object()) {
    config["Environment"] = {{"Variables", body["Environment"].value("Variables", json::object())}};
  }
  if (body.contains("TracingConfig") && body["TracingConfig"].is_object())
    config["TracingConfig"] = {{"Mode", body["TracingConfig"].value("Mode", "PassThrough")}};
  if (body.contains("EphemeralStorage") && body["EphemeralStorage"].is_object())
    config["EphemeralStorage"] = {{"Size", body["EphemeralStorage"].value("Size", 512)}};
  if (body.contains("DeadLetterConfig") && body["DeadLetterConfig"].is_object())
    config["DeadLetterConfig"] = body["DeadLetterConfig"];
  if (body.contains("KMSKeyArn") && body["KMSKeyArn"].is_string()) config["KMSKeyArn"] = body["KMSKeyArn"];
  if (body.contains("LoggingConfig") && body["LoggingConfig"].is_object()) {
    json logging = config.value("LoggingConfig", json::object());
    for (const auto& [k, v] : body["LoggingConfig"].items()) logging[k] = v;
    config["LoggingConfig"] = logging;
  }
  if (config.contains("Runtime"))
    config["RuntimeVersionConfig"] = {
        {"RuntimeVersionArn", runtime_version_arn(call.region, config["Runtime"].get<std::string>())}};
}

json layers_member(const json& layers) {
  json out = json::array();
  for (const auto& l : layers) out.push_back({{"Arn", l["Arn"]}, {"CodeSize", l["CodeSize"]}});
  return out;
}

void set_code(json& record, const StoredCode& code) {
  record["code"] = {{"sha", code.sha_hex}, {"size", code.size}};
  record["config"]["CodeSha256"] = code.sha_base64;
  record["config"]["CodeSize"] = code.size;
}

// The function's version N record (PublishVersion does the same from its own handler).
json version_record(const Call& call, const json& record, uint64_t number, const std::string& description) {
  json config = record["config"];
  config["Version"] = std::to_string(number);
  config["FunctionArn"] = qualified_arn(call.region, call.account, config["FunctionName"].get<std::string>(),
                                        std::to_string(number));
  config["RevisionId"] = uuid4();
  config["LastModified"] = lambda_timestamp(now_millis());
  if (!description.empty()) config["Description"] = description;
  return {{"config", config}, {"code", record["code"]}, {"layers", record.value("layers", json::array())},
          {"source_revision", record["config"].value("RevisionId", "")}};
}

std::string code_location(const Call& call, const json& code) {
  std::string host(call.request.headers.get_or("Host", "127.0.0.1"));
  return "http://" + host + "/2015-03-31/functions/_code/" + code.value("sha", "") + ".zip";
}

}  // namespace

void check_revision(const json& body, const std::string& current, std::string_view api_name) {
  auto it = body.find("RevisionId");
  if (it == body.end() || !it->is_string()) return;
  if (it->get<std::string>() != current)
    throw AwsError(412, "PreconditionFailedException",
                   "The Revision Id provided does not match the latest Revision Id. Call the " +
                       std::string(api_name) + " API to retrieve the latest Revision Id");
}

void validate_environment(const json& environment) {
  if (!environment.is_object() || !environment.contains("Variables")) return;
  const json& vars = environment["Variables"];
  std::string reserved;
  for (const auto& [k, v] : vars.items())
    if (runtime::is_reserved_variable(k)) reserved += (reserved.empty() ? "" : ", ") + k;
  if (!reserved.empty())
    throw invalid_parameter(
        "Lambda was unable to configure your environment variables because the environment variables you have "
        "provided contains reserved keys that are currently not supported for modification. Reserved keys used in "
        "this request: " +
        reserved);
  const std::string measured = vars.dump();
  if (measured.size() > 4096)
    throw invalid_parameter(
        "Lambda was unable to configure your environment variables because the environment variables you have "
        "provided exceeded the 4KB limit. String measured: " +
        measured);
}

std::string code_zip(const Call& call, const json& code) {
  if (!code.is_object()) throw_validation("null", "code", "Member must not be null");
  if (code.contains("ImageUri"))
    throw invalid_parameter("Bunker runs functions from .zip packages only; container images are not supported.");
  if (auto z = code.find("ZipFile"); z != code.end() && z->is_string()) {
    auto bytes = base64_decode(z->get<std::string>());
    if (!bytes) throw invalid_parameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
    if (bytes->size() > 52428800)
      throw AwsError(413, "RequestEntityTooLargeException", "Zipped size must be smaller than 52428800 bytes");
    return std::move(*bytes);
  }
  if (code.contains("S3Bucket") || code.contains("S3Key")) {
    // Code from Bunker's own S3, through its public engine interface.
    auto* objects = call.lambda.engines.find<s3::Objects>();
    if (!objects)
      throw invalid_parameter("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The "
                              "specified bucket does not exist");
    try {
      return objects->read(code.value("S3Bucket", ""), code.value("S3Key", ""), 262144000);
    } catch (const AwsError& e) {
      throw invalid_parameter("Error occurred while GetObject. S3 Error Code: " + e.code() +
                              ". S3 Error Message: " + e.message());
    }
  }
  throw invalid_parameter("Please provide a source for function code.");
}

json resolve_layers(const Call& call, const json& arns) {
  json out = json::array();
  if (!arns.is_array()) return out;
  if (arns.size() > 5) throw invalid_parameter("Cannot reference more than 5 layers.");
  std::map<std::string, std::string> seen;  // layer ARN -> version ARN
  for (const auto& a : arns) {
    const std::string arn = a.get<std::string>();
    // arn:aws:lambda:<region>:<account>:layer:<name>:<version>
    auto parts = split(arn, ':');
    if (parts.size() != 8 || parts[0] != "arn" || parts[5] != "layer" || !is_version_number(parts[7]))
      throw_validation("[" + arn + "]", "layers",
                       "Member must satisfy constraint: [Member must have length less than or equal to 2048, Member "
                       "must have length greater than or equal to 1, Member must satisfy regular expression pattern: "
                       "(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:"
                       "layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must "
                       "not be null]");
    if (parts[3] != call.region)
      throw invalid_parameter("Layers are not in the same region as the function. Layers are expected to be in region " +
                              call.region + ".");
    const std::string base = arn.substr(0, arn.rfind(':'));
    if (auto it = seen.find(base); it != seen.end())
      throw invalid_parameter(
          "Two different versions of the same layer are not allowed to be referenced in the same function. " +
          it->second + " and " + arn);
    seen[base] = arn;
    if (parts[4] != call.account) throw cross_account_denied(call.account, "lambda:GetLayerVersion", arn);
    auto layer = call.lambda.store.layer_version(call.scope(), std::string(parts[6]), std::stoull(std::string(parts[7])));
    if (!layer) throw invalid_parameter("Layer version " + arn + " does not exist.");
    out.push_back(json{{"Arn", arn}, {"CodeSize", (*layer)["Content"]["CodeSize"]}, {"sha", (*layer)["sha"]}});
  }
  return out;
}

http::Response create_function(Call& call) {
  const json& body = call.body;
  if (!body.contains("FunctionName") || !body["FunctionName"].is_string())
    throw_validation("null", "functionName", "Member must not be null");
  const std::string given = body["FunctionName"].get<std::string>();
  FunctionRef ref = parse_function_name(given, given.find(':') == std::string::npos ? 64 : 140);
  if (ref.qualifier) throw_validation(body["FunctionName"].get<std::string>(), "functionName", "Member must not contain a qualifier");
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  const std::string name = ref.name;
  if (!body.contains("Role") || !body["Role"].is_string()) throw_validation("null", "role", "Member must not be null");
  validate_role(body["Role"].get<std::string>());
  check_role_exists(call, body["Role"].get<std::string>());
  const std::string package_type = body.value("PackageType", "Zip");
  if (package_type == "Image")
    throw invalid_parameter("Bunker runs functions from .zip packages only; container images are not supported.");
  if (!body.contains("Runtime") || !body.contains("Handler"))
    throw invalid_parameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  check_runtime(call, body["Runtime"].get<std::string>());
  check_range(body, "Timeout", "timeout", 1, 900);
  check_range(body, "MemorySize", "memorySize", 128, 10240);
  check_architectures(body);
  if (body.contains("Environment")) validate_environment(body["Environment"]);
  json layers = resolve_layers(call, body.value("Layers", json::array()));

  std::string zip = code_zip(call, body.value("Code", json()));
  StoredCode code = call.lambda.code.put(zip);

  std::lock_guard lock(call.lambda.mutex);
  if (call.lambda.store.function(scope, name))
    throw AwsError(409, "ResourceConflictException", "Function already exist: " + name);

  json config = {
      {"FunctionName", name},
      {"FunctionArn", function_arn(region, call.account, name)},
      {"Description", ""},
      {"Timeout", 3},
      {"MemorySize", 128},
      {"Version", "$LATEST"},
      {"TracingConfig", {{"Mode", "PassThrough"}}},
      {"PackageType", "Zip"},
      {"Architectures", body.value("Architectures", json::array({"x86_64"}))},
      {"EphemeralStorage", {{"Size", 512}}},
      {"SnapStart", {{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}}},
      {"LoggingConfig", {{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + name}}},
  };
  apply_settings(config, body, call);
  if (!layers.empty()) config["Layers"] = layers_member(layers);
  config["LastModified"] = lambda_timestamp(now_millis());
  config["RevisionId"] = uuid4();

  json record = {{"config", config}, {"layers", layers}, {"tags", body.value("Tags", json::object())},
                 {"next_version", 1}, {"policies", json::object()}};
  set_code(record, code);
  json answer = record["config"];
  if (body.value("Publish", false)) {
    json version = version_record(call, record, 1, "");
    call.lambda.store.put_version(scope, name, 1, version);
    record["next_version"] = 2;
    answer = version["config"];
  }
  call.lambda.store.put_function(scope, name, record);

  // AWS answers while the function is still being created; it is ready right after.
  answer["State"] = "Pending";
  answer["StateReason"] = "The function is being created.";
  answer["StateReasonCode"] = "Creating";
  return json_reply(call, 201, answer);
}

http::Response get_function(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 170);
  scope_of(call, ref);
  auto qualifier = merge_qualifier(ref, call.query("Qualifier"));
  ResolvedVersion v = resolve_version(call, ref.name, qualifier);
  json record = require_function(call, ref.name);
  json out = {{"Configuration", configuration_json(v.config)},
              {"Code", {{"RepositoryType", "S3"}, {"Location", code_location(call, v.code)}}}};
  if (!qualifier && !record.value("tags", json::object()).empty()) out["Tags"] = record["tags"];
  if (record.contains("concurrency") && record["concurrency"].is_number())
    out["Concurrency"] = {{"ReservedConcurrentExecutions", record["concurrency"]}};
  return json_reply(call, 200, out);
}

http::Response get_function_configuration(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 170);
  scope_of(call, ref);
  ResolvedVersion v = resolve_version(call, ref.name, merge_qualifier(ref, call.query("Qualifier")));
  return json_reply(call, 200, configuration_json(v.config));
}

http::Response list_functions(Call& call) {
  auto version_filter = call.query("FunctionVersion");
  if (version_filter && *version_filter != "ALL")
    throw_validation(*version_filter, "functionVersion", "Member must satisfy enum value set: [ALL]");
  int max_items = 50;
  if (auto m = call.query("MaxItems")) {
    max_items = std::atoi(m->c_str());
    if (max_items < 1) throw_validation(*m, "maxItems", "Member must have value greater than or equal to 1");
    if (max_items > 10000) throw_validation(*m, "maxItems", "Member must have value less than or equal to 10000");
  }
  // Marker: the position in the listing, as an opaque base64 token.
  size_t start = 0;
  if (auto marker = call.query("Marker")) {
    auto decoded = base64_decode(*marker);
    long long pos = 0;
    if (!decoded || !parse_int64(*decoded, pos) || pos < 0) throw invalid_parameter("Invalid marker");
    start = static_cast<size_t>(pos);
  }
  std::vector<json> all;
  for (const auto& record : call.lambda.store.functions(call.scope())) {
    all.push_back(configuration_json(record["config"]));
    if (version_filter) {
      for (const auto& v : call.lambda.store.versions(call.scope(), record["config"]["FunctionName"].get<std::string>()))
        all.push_back(configuration_json(v["config"]));
    }
  }
  json out = {{"Functions", json::array()}};
  for (size_t i = start; i < all.size() && out["Functions"].size() < static_cast<size_t>(max_items); ++i) {
    json f = all[i];
    // ListFunctions reports configurations without their state fields, as AWS does.
    f.erase("State");
    f.erase("LastUpdateStatus");
    out["Functions"].push_back(std::move(f));
  }
  const size_t next = start + out["Functions"].size();
  if (next < all.size()) out["NextMarker"] = base64_encode(std::to_string(next));
  return json_reply(call, 200, out);
}

http::Response update_function_code(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  if (call.body.contains("Architectures")) check_architectures(call.body);
  std::string zip = code_zip(call, call.body);
  StoredCode code = call.lambda.code.put(zip);
  std::lock_guard lock(call.lambda.mutex);
  json record = require_function(call, ref.name);
  check_revision(call.body, record["config"].value("RevisionId", ""), "GetFunction");
  if (call.body.value("DryRun", false)) {
    json preview = record["config"];
    preview["CodeSha256"] = code.sha_base64;
    preview["CodeSize"] = code.size;
    return json_reply(call, 200, configuration_json(preview));
  }
  set_code(record, code);
  if (call.body.contains("Architectures")) record["config"]["Architectures"] = call.body["Architectures"];
  record["config"]["LastModified"] = lambda_timestamp(now_millis());
  record["config"]["RevisionId"] = uuid4();
  json answer = record["config"];
  if (call.body.value("Publish", false)) {
    uint64_t n = record.value("next_version", uint64_t{1});
    json version = version_record(call, record, n, "");
    call.lambda.store.put_version(scope, ref.name, n, version);
    record["next_version"] = n + 1;
    answer = version["config"];
  }
  call.lambda.store.put_function(scope, ref.name, record);
  call.lambda.runtime.retire(pool_prefix(scope, ref.name) + "$LATEST\n");
  answer["State"] = "Active";
  answer["LastUpdateStatus"] = "InProgress";
  answer["LastUpdateStatusReason"] = "The function is being created.";
  answer["LastUpdateStatusReasonCode"] = "Creating";
  return json_reply(call, 200, answer);
}

http::Response update_function_configuration(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const json& body = call.body;
  if (body.contains("Role")) {
    validate_role(body["Role"].get<std::string>());
    check_role_exists(call, body["Role"].get<std::string>());
  }
  if (body.contains("Runtime") && body["Runtime"].is_string()) check_runtime(call, body["Runtime"].get<std::string>());
  check_range(body, "Timeout", "timeout", 1, 900);
  check_range(body, "MemorySize", "memorySize", 128, 10240);
  if (body.contains("Environment")) validate_environment(body["Environment"]);
  std::optional<json> layers;
  if (body.contains("Layers")) layers = resolve_layers(call, body["Layers"]);
  std::lock_guard lock(call.lambda.mutex);
  json record = require_function(call, ref.name);
  check_revision(body, record["config"].value("RevisionId", ""), "GetFunction");
  apply_settings(record["config"], body, call);
  if (layers) {
    record["layers"] = *layers;
    if (layers->empty())
      record["config"].erase("Layers");
    else
      record["config"]["Layers"] = layers_member(*layers);
  }
  record["config"]["LastModified"] = lambda_timestamp(now_millis());
  record["config"]["RevisionId"] = uuid4();
  call.lambda.store.put_function(scope, ref.name, record);
  call.lambda.runtime.retire(pool_prefix(scope, ref.name) + "$LATEST\n");
  json answer = record["config"];
  answer["State"] = "Active";
  answer["LastUpdateStatus"] = "InProgress";
  answer["LastUpdateStatusReason"] = "The function is being created.";
  answer["LastUpdateStatusReasonCode"] = "Creating";
  return json_reply(call, 200, answer);
}

http::Response delete_function(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  auto qualifier = merge_qualifier(ref, call.query("Qualifier"));
  std::lock_guard lock(call.lambda.mutex);
  require_function(call, ref.name);
  if (!qualifier) {
    call.lambda.store.delete_function(scope, ref.name);
    call.lambda.runtime.retire(pool_prefix(scope, ref.name));
    return empty_reply(call, 204);
  }
  if (*qualifier == "$LATEST")
    throw invalid_parameter("$LATEST version cannot be deleted without deleting the function.");
  if (!is_version_number(*qualifier)) throw invalid_parameter("Deletion of aliases is not currently supported.");
  const uint64_t n = std::stoull(*qualifier);
  if (!call.lambda.store.version(scope, ref.name, n))
    throw AwsError(404, "ResourceNotFoundException",
                   "Function not found: " + qualified_arn(region, call.account, ref.name, *qualifier));
  std::string users;
  for (const auto& a : call.lambda.store.aliases(scope, ref.name)) {
    bool used = a.value("FunctionVersion", "") == *qualifier;
    if (a.contains("RoutingConfig") && a["RoutingConfig"].contains("AdditionalVersionWeights"))
      used = used || a["RoutingConfig"]["AdditionalVersionWeights"].contains(*qualifier);
    if (used) users += (users.empty() ? "" : ", ") + a.value("Name", "");
  }
  if (!users.empty())
    throw AwsError(409, "ResourceConflictException",
                   "Unable to delete version because the following aliases reference it: [" + users + "]");
  call.lambda.store.delete_version(scope, ref.name, n);
  if (auto record = call.lambda.store.function(scope, ref.name); record && forget_qualifier_settings(*record, *qualifier))
    call.lambda.store.put_function(scope, ref.name, *record);
  call.lambda.runtime.retire(pool_prefix(scope, ref.name) + *qualifier + "\n");
  return empty_reply(call, 204);
}

http::Response download_code(Call& call) {
  std::string sha = call.route.name;
  if (sha.ends_with(".zip")) sha.resize(sha.size() - 4);
  auto zip = call.lambda.store.code(sha);
  if (!zip) throw AwsError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
  http::Response r;
  r.status = 200;
  r.headers.add("Content-Type", "application/zip");
  r.body = std::move(*zip);
  return r;
}

}  // namespace bunker::lambda
