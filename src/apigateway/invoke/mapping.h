#pragma once
// The non-proxy machinery around the VTL engine: the $input/$context a template sees,
// parameter mapping expressions (method.request.*, integration.response.*, 'static',
// context.*, stageVariables.*), and template selection by content type.
#include <optional>
#include <string>
#include <string_view>

#include "apigateway/invoke/invocation.h"
#include "apigateway/invoke/rest_snapshot.h"
#include "vtl/mapping.h"

namespace bunker::apigateway {

// $input over `body` with the method request's parameters, $context, $stageVariables.
// Without with_context, $context is left empty (for templates that never read it).
vtl::MappingInput mapping_input(const Invocation& inv, std::string body, bool with_context = true);

// The value of a mapping expression on the request side: method.request.path|querystring|
// multivaluequerystring|header|multivalueheader.X, method.request.body[.JSONPath],
// 'literal', context.X(.Y), stageVariables.X. nullopt when it resolves to nothing.
// Multi-value sources come back comma-joined (their single-value form is the last value).
std::optional<std::string> request_source(const Invocation& inv, std::string_view expr);
// The same on the response side, where integration.response.header|multivalueheader.X
// and integration.response.body[.JSONPath] are also available.
std::optional<std::string> response_source(const Invocation& inv, const IntegrationResult& result,
                                           std::string_view expr);

// Renders a template; throws vtl::TemplateError on template errors.
vtl::MappingOutput render(const MappingTemplate& t, const vtl::MappingInput& in, vtl::MappingState& state);

// The response template for the request's Accept header: an exact match, else
// application/json, else the first defined. nullptr when none is defined.
const MappingTemplate* select_response_template(const std::vector<std::shared_ptr<MappingTemplate>>& templates,
                                                std::string_view accept);

// JSONPath over a JSON text ("$.a.b"); a string result comes back unquoted, others as JSON.
std::optional<std::string> json_path_text(std::string_view json_text, std::string_view path);

}  // namespace bunker::apigateway
