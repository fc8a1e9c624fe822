#pragma once
// The actions AWS's IAM and STS define, so that an action Bunker does not implement is
// told apart from a misspelt one (NotImplemented vs InvalidAction).
#include <string_view>

namespace bunker::iam {

bool is_iam_action(std::string_view action);
bool is_sts_action(std::string_view action);
// Whether the action's answer carries an <ActionResult> element.
bool has_result(std::string_view action);

}  // namespace bunker::iam
