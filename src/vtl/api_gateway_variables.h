#pragma once
// $input and $util, the host objects API Gateway puts into every mapping template.
#include <memory>

#include "vtl/mapping.h"
#include "vtl/value.h"

namespace bunker::vtl {

// $input over one payload and the method request's parameters.
//  - body: the raw payload, "{}" when it is empty (recorded on AWS);
//  - path(p): the live value JSONPath p selects (null when missing); a payload that is
//    not JSON is treated as one string, so path('$') gives the raw text;
//  - json(p): the same selection as compact JSON text;
//  - params(): {path={…}, querystring={…}, header={…}}; params(name): path, then
//    query string, then header (header names match case-insensitively). Null when absent.
std::shared_ptr<HostObject> make_input_variable(const MappingInput& in);

// $util: escapeJavaScript, parseJson, urlEncode (form encoding), urlDecode,
// base64Encode, base64Decode. A null argument gives null.
std::shared_ptr<HostObject> make_util_variable();

}  // namespace bunker::vtl
