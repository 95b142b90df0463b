#include <gtest/gtest.h>

#include <tas/placeholders.hpp>

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
