// Table-driven: every case in tests/data/vtl/cases.json (AWS-recorded, AWS docs,
// LocalStack unit expectations, workshop and derived cases), with its compare mode.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "vtl/java_regex.h"
#include "vtl/mapping.h"

using namespace bunker::vtl;
using nlohmann::json;

namespace {

json load_cases() {
  std::ifstream f(std::string(BUNKER_GROUNDTRUTH_DIR) + "/vtl/cases.json");
  std::stringstream ss;
  ss << f.rdbuf();
  return json::parse(ss.str());
}

const json& all_cases() {
  static const json cases = load_cases()["cases"];
  return cases;
}

ParamList pairs(const json& j) {
  ParamList out;
  if (j.is_array()) {
    for (const auto& p : j) out.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
  }
  return out;
}

std::string strip_inter_tag_whitespace(const std::string& s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '>') {
      out += '>';
      std::size_t j = i + 1;
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      if (j < s.size() && s[j] == '<') {
        i = j;
        continue;
      }
      ++i;
      continue;
    }
    out += s[i++];
  }
  // Text content is compared trimmed, as whitespace around it is layout.
  std::string trimmed;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k] == '>' ) {
      trimmed += '>';
      std::size_t e = out.find('<', k + 1);
      if (e == std::string::npos) e = out.size();
      std::string text = out.substr(k + 1, e - k - 1);
      auto b = text.find_first_not_of(" \t\r\n");
      auto l = text.find_last_not_of(" \t\r\n");
      if (b != std::string::npos) trimmed += text.substr(b, l - b + 1);
      k = e - 1;
    } else {
      trimmed += out[k];
    }
  }
  auto b = trimmed.find_first_not_of(" \t\r\n");
  auto l = trimmed.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : trimmed.substr(b, l - b + 1);
}

void run_render_case(const json& c) {
  MappingInput in;
  const json req = c.value("request", json::object());
  in.path_params = pairs(req.value("path_params", json()));
  in.query_params = pairs(req.value("query_params", json()));
  in.headers = pairs(req.value("headers", json()));
  if (req.contains("context")) in.context = req["context"];
  MappingState state;
  MappingOutput out;
  std::string previous;
  for (const auto& step : c["steps"]) {
    in.body = step.contains("body") ? step["body"].get<std::string>() : previous;
    if (step["template"].is_null()) {
      out.text = in.body;  // no template: the body passes through
    } else {
      out = render_mapping_template(step["template"].get<std::string>(), in, state);
    }
    previous = out.text;
  }
  const json& expect = c["expect"];
  const std::string mode = expect["compare"];
  if (mode == "exact") {
    EXPECT_EQ(out.text, expect["output"].get<std::string>());
  } else if (mode == "json") {
    json got = json::parse(out.text, nullptr, false);
    ASSERT_FALSE(got.is_discarded()) << "output is not JSON: " << out.text;
    EXPECT_EQ(got, expect["output"]) << out.text;
  } else if (mode == "xml") {
    EXPECT_EQ(strip_inter_tag_whitespace(out.text), strip_inter_tag_whitespace(expect["output"].get<std::string>()));
  } else {
    FAIL() << "unknown compare mode " << mode;
  }
  if (expect.contains("status_override")) {
    ASSERT_TRUE(out.response_override.status.has_value());
    EXPECT_EQ(*out.response_override.status, expect["status_override"].get<int>());
  } else {
    EXPECT_FALSE(out.response_override.status.has_value());
  }
  if (expect.contains("header_overrides")) {
    for (const auto& [k, v] : expect["header_overrides"].items()) {
      bool found = false;
      for (const auto& [hk, hv] : out.response_override.header) {
        if (hk == k) {
          EXPECT_EQ(hv, v.get<std::string>());
          found = true;
        }
      }
      EXPECT_TRUE(found) << "missing header override " << k;
    }
  }
}

// Lambda non-proxy integrations pick the integration response whose selectionPattern
// (a Java regex over the whole errorMessage) matches; success picks the default one.
void run_selection_case(const json& c) {
  for (const auto& inv : c["invocations"]) {
    int status = -1;
    if (inv["error_message"].is_null()) {
      for (const auto& r : c["integration_responses"]) {
        if (r["selectionPattern"].get<std::string>().empty()) status = std::stoi(r["statusCode"].get<std::string>());
      }
    } else {
      std::string msg = inv["error_message"];
      for (const auto& r : c["integration_responses"]) {
        std::string pattern = r["selectionPattern"];
        if (!pattern.empty() && JavaRegex::get(pattern)->matches(msg)) {
          status = std::stoi(r["statusCode"].get<std::string>());
          break;
        }
      }
    }
    EXPECT_EQ(status, inv["expected_status"].get<int>()) << inv.dump();
  }
}

class GroundTruthCase : public ::testing::TestWithParam<std::size_t> {};

TEST_P(GroundTruthCase, RendersAsExpected) {
  const json& c = all_cases()[GetParam()];
  SCOPED_TRACE(c["id"].get<std::string>() + " [" + c["provenance"].get<std::string>() + "]");
  try {
    if (c.value("kind", "") == "selection") {
      run_selection_case(c);
    } else {
      run_render_case(c);
    }
  } catch (const TemplateError& e) {
    FAIL() << "TemplateError: " << e.what();
  }
}

std::string case_name(const ::testing::TestParamInfo<std::size_t>& info) {
  std::string id = all_cases()[info.param]["id"];
  std::string out;
  for (char ch : id) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out + "_" + std::to_string(info.param);
}

INSTANTIATE_TEST_SUITE_P(Cases, GroundTruthCase, ::testing::Range<std::size_t>(0, all_cases().size()), case_name);

TEST(GroundTruthCases, TableIsComplete) {
  // Every case of the shared ground truth file plus the workshop / vm / derived ones.
  EXPECT_GE(all_cases().size(), 53u);
  for (const auto& c : all_cases()) {
    EXPECT_TRUE(c.contains("provenance")) << c["id"];
    EXPECT_TRUE(c.contains("source")) << c["id"];
  }
}

}  // namespace
