#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/core/placeholders.hpp>

namespace tas {
namespace {

TEST(Placeholders, ExpandsKnownNamesAndLiteralBraces) {
  Placeholders values;
  values.set("target", "/h").set("port", "4312");
  EXPECT_EQ(values.expand("{target}/x:{port}"), "/h/x:4312");
  EXPECT_EQ(values.expand("{{literal}} {target}"), "{literal} /h");
}

TEST(Placeholders, AKnownNameWithoutAValueYetIsAnError) {
  Placeholders values;
  EXPECT_THROW((void)values.expand("{port}"), std::invalid_argument);
  EXPECT_THROW((void)values.expand("{nope}"), std::invalid_argument);
}

// One expander for the initial config and the merge patch alike: the same document comes out
// the same from both, with a port as a number wherever it stands alone.
TEST(Placeholders, ExpandsEveryStringOfADocumentAndAPortAloneIsANumber) {
  Placeholders values;
  values.set("target", "/h").set("port", "4312");
  const auto document = nlohmann::json::parse(
      R"({"port": "{port}", "url": "http://127.0.0.1:{port}/", "nested": {"dirs": ["{target}/a",
          7, true, null]}, "literal": "{{port}}"})");
  EXPECT_EQ(
      values.expand_json(document),
      nlohmann::json::parse(
          R"({"port": 4312, "url": "http://127.0.0.1:4312/", "nested": {"dirs": ["/h/a", 7, true,
          null]}, "literal": "{port}"})"));
}

TEST(Placeholders, TemplateProblemsAreNamed) {
  EXPECT_EQ(template_problem(
                "{target}/a {dist} {port} {token_file} {telegram_api} {state_dir} {config_file}"),
            "");
  EXPECT_NE(template_problem("{token}").find("token_file"), std::string::npos);
  EXPECT_NE(template_problem("{home}").find("unknown placeholder {home}"), std::string::npos);
  EXPECT_NE(template_problem("{target").find("never closed"), std::string::npos);
  EXPECT_NE(template_problem("x}").find("closes nothing"), std::string::npos);
}

}  // namespace
}  // namespace tas
