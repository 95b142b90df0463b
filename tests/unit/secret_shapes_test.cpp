#include <gtest/gtest.h>

#include <tas/core/secret_shapes.hpp>

namespace tas {
namespace {

TEST(SecretShapes, RecognisesEachRawShapeAsAWholeValue) {
  EXPECT_EQ(whole_value_secret_kind("123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            "Telegram bot token");
  EXPECT_EQ(whole_value_secret_kind("1:abcdefghij_klmnopqrst-"), "Telegram bot token");
  EXPECT_EQ(whole_value_secret_kind("ghp_abcdefghijABCDEFGHIJ0123456789abcdef"), "GitHub token");
  EXPECT_EQ(whole_value_secret_kind("github_pat_11ABCDEFG0123456789_abcdefghijklmnop"),
            "GitHub token");
  EXPECT_EQ(whole_value_secret_kind("xoxb-1234567890-abcdefghij"), "Slack token");
  EXPECT_EQ(whole_value_secret_kind("sk-ant-api03-abcdefghijklmnopqrstuvwxyz"),
            "OpenAI/Anthropic API key");
  EXPECT_EQ(whole_value_secret_kind("sk-proj-abcdefghijklmnopqrstuvwx"),
            "OpenAI/Anthropic API key");
}

TEST(SecretShapes, LeavesOrdinaryValuesAlone) {
  for (const char* value :
       {"drop-7f3a9c", "123456789:short", "12:30", "http://127.0.0.1:4312/health",
        "task-abcdefghijklmnopqrstuvwxyz", "2026-11-23T10:30:00.000Z", "",
        "/home/user/.local/state/test-as-self", "xoxb-short", "ghp_short"}) {
    EXPECT_FALSE(whole_value_secret_kind(value).has_value()) << value;
    EXPECT_FALSE(find_secret_shape(value).has_value()) << value;
  }
}

TEST(SecretShapes, FindsATokenInsideABotApiUrl) {
  const std::string url =
      "https://api.telegram.org/bot123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/getMe";
  const auto match = find_secret_shape(url);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->kind, "Telegram bot token");
  EXPECT_EQ(url.substr(match->offset, match->length),
            "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
}

TEST(SecretShapes, MatchStartsAtTheFirstDigitOfTheNumber) {
  const std::string text = "id=987654321:abcdefghijklmnopqrstuvwxyz";
  const auto match = find_secret_shape(text);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->offset, 3u);
}

TEST(SecretShapes, WholeValueRequiresTheWholeValue) {
  EXPECT_FALSE(
      whole_value_secret_kind("x 123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").has_value());
  EXPECT_TRUE(find_secret_shape("x 123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").has_value());
}

TEST(SecretShapes, ScansAMegabyteOfTokenCharactersWithoutTrouble) {
  // A long run of token characters once overflowed std::regex's recursion; the scanner is linear.
  const std::string big(1 << 20, 'a');
  EXPECT_FALSE(find_secret_shape(big).has_value());
  const std::string digits(1 << 20, '7');
  EXPECT_FALSE(find_secret_shape(digits).has_value());
  EXPECT_TRUE(find_secret_shape(digits + ":" + big).has_value());
}

}  // namespace
}  // namespace tas
